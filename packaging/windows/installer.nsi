; TokenPool Setup: per-user Windows installer (no administrator rights needed).
;
; Built by packaging/package.py (windows / nsis-check), which passes:
;   VERSION   the package version, e.g. 0.1.0
;   VERSION4  four plain numbers for VIProductVersion, e.g. 0.1.0.0
;   PAYLOAD   the PyInstaller folder (dist\tokenpool-setup)
;   FILELIST  folder with install_files.nsh / uninstall_files.nsh: the payload's files, listed one
;             by one so the uninstaller deletes exactly what was installed (never RMDir /r: the
;             user may have chosen a folder that holds other things)
;   OUTFILE   the installer to write
;   ICON      packaging\icons\app.ico
;   FAST      (optional) no compression: for the CI check that only proves the script is valid
;
; It never touches the user's Codex files (%USERPROFILE%\.codex) or our settings folder
; (%APPDATA%\TokenPool Setup): those are the person's, and outlive a reinstall.

Unicode true
!ifdef FAST
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif

!define APP_NAME "TokenPool Setup"
!define APP_EXE "tokenpool-setup.exe"
!define PUBLISHER "TokenPool"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\TokenPoolSetup"
!define APP_KEY "Software\TokenPool Setup"
; The same value app/core/tray/autostart.py writes for "Start at login" (RUN_VALUE_NAME).
!define RUN_KEY "Software\Microsoft\Windows\CurrentVersion\Run"
!define STARTUP_APPROVED_KEY "Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run"
!define RUN_VALUE "TokenPool Setup"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "x64.nsh"
!include "WinVer.nsh"

; The name in the installer's pages is the app's display name in the installer's language
; (TokenPool 配置助手); folders, shortcuts and registry keys keep APP_NAME.
Name "$(APP_TITLE)"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
InstallDirRegKey HKCU "${APP_KEY}" "InstallDir"
SetOverwrite on
ShowInstDetails nevershow
ShowUninstDetails nevershow
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=1033 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileDescription" "${APP_NAME} installer"
VIAddVersionKey /LANG=1033 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1033 "LegalCopyright" "© ${PUBLISHER}"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "SimpChinese"

LangString APP_TITLE ${LANG_ENGLISH} "${APP_NAME}"
LangString APP_TITLE ${LANG_SIMPCHINESE} "TokenPool 配置助手"
LangString SEC_APP ${LANG_ENGLISH} "TokenPool Setup (required)"
LangString SEC_APP ${LANG_SIMPCHINESE} "TokenPool 配置助手（必需）"
LangString SEC_DESKTOP ${LANG_ENGLISH} "Desktop shortcut"
LangString SEC_DESKTOP ${LANG_SIMPCHINESE} "桌面快捷方式"
LangString SEC_TRAY ${LANG_ENGLISH} "Show my quota in the tray at login"
LangString SEC_TRAY ${LANG_SIMPCHINESE} "开机自启，在托盘中显示我的额度"
LangString NEEDS_64BIT ${LANG_ENGLISH} "TokenPool Setup needs 64-bit Windows 10 or newer."
LangString NEEDS_64BIT ${LANG_SIMPCHINESE} "TokenPool 配置助手需要 64 位 Windows 10 或更高版本。"

Function .onInit
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
    MessageBox MB_ICONSTOP|MB_OK "$(NEEDS_64BIT)" /SD IDOK
    Abort
  ${EndIf}
FunctionEnd

; A running tray keeps its files open: close ours (this user's processes only) before copying.
!macro CLOSE_RUNNING
  nsExec::Exec '"$SYSDIR\taskkill.exe" /F /IM ${APP_EXE}'
  Pop $0
  nsExec::Exec '"$SYSDIR\taskkill.exe" /F /IM tokenpool-setup-cli.exe'
  Pop $0
!macroend

Section "$(SEC_APP)" SecApp
  SectionIn RO
  !insertmacro CLOSE_RUNNING
  ; An earlier version: its own uninstaller removes its file list first (keeping shortcuts and
  ; the login entry, which this install rewrites or the user set in the app).
  ReadRegStr $0 HKCU "${UNINSTALL_KEY}" "UninstallString"
  ReadRegStr $1 HKCU "${UNINSTALL_KEY}" "InstallLocation"
  ${If} $0 != ""
  ${AndIf} ${FileExists} "$1\uninstall.exe"
    ExecWait '"$1\uninstall.exe" /S /UPGRADE _?=$1'
  ${EndIf}

  SetOutPath "$INSTDIR"
  !include "${FILELIST}\install_files.nsh"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  WriteRegStr HKCU "${APP_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Section /o "$(SEC_DESKTOP)" SecDesktop
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
SectionEnd

; Off by default (the person chooses); the tray panel's "Start at login" toggles the same value.
Section /o "$(SEC_TRAY)" SecTray
  WriteRegStr HKCU "${RUN_KEY}" "${RUN_VALUE}" '"$INSTDIR\${APP_EXE}" tray --hidden'
  ; An earlier "Disable" in Task Manager's Startup tab would silently keep it off.
  DeleteRegValue HKCU "${STARTUP_APPROVED_KEY}" "${RUN_VALUE}"
SectionEnd

Section "Uninstall"
  !insertmacro CLOSE_RUNNING
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/UPGRADE" $R1
  ${If} ${Errors}
    ; A real uninstall (not an upgrade): shortcuts, our login entry and our registry keys go too.
    Delete "$SMPROGRAMS\${APP_NAME}.lnk"
    Delete "$DESKTOP\${APP_NAME}.lnk"
    ; Only our own login entry: the value must still be the command this folder's app runs.
    ReadRegStr $0 HKCU "${RUN_KEY}" "${RUN_VALUE}"
    ${If} $0 == '"$INSTDIR\${APP_EXE}" tray --hidden'
      DeleteRegValue HKCU "${RUN_KEY}" "${RUN_VALUE}"
      DeleteRegValue HKCU "${STARTUP_APPROVED_KEY}" "${RUN_VALUE}"
    ${EndIf}
    DeleteRegKey HKCU "${UNINSTALL_KEY}"
    DeleteRegKey HKCU "${APP_KEY}"
  ${EndIf}
  !include "${FILELIST}\uninstall_files.nsh"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
SectionEnd
