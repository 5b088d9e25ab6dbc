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
;   UNINSTFINALIZE  (optional) the command that signs the uninstaller ("%1": its file)
;
; Silent install (/S) takes /DESKTOP=1 (a desktop shortcut) and /TRAY=1 (the tray at login), and
; /D=<folder> last, as every NSIS installer does. A silent install that cannot close a running
; TokenPool Setup exits with code 2, leaving the old version in place; the interactive one asks.
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
!define CLI_EXE "tokenpool-setup-cli.exe"
!define PUBLISHER "TokenPool"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\TokenPoolSetup"
!define APP_KEY "Software\TokenPool Setup"
; The same value app/core/platform/autostart.py writes for "Start at login" (RUN_VALUE_NAME).
!define RUN_KEY "Software\Microsoft\Windows\CurrentVersion\Run"
!define STARTUP_APPROVED_KEY "Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run"
!define RUN_VALUE "TokenPool Setup"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "x64.nsh"
!include "WinVer.nsh"
!include "Sections.nsh"

; The name in the installer's pages is the app's display name in the installer's language
; (TokenPool 配置助手); folders, shortcuts and registry keys keep APP_NAME.
Name "$(APP_TITLE)"
; NSIS appends "Setup" to the name in titles ("TokenPool Setup Setup"): say it ourselves.
Caption "$(CAPTION)"
UninstallCaption "$(UNCAPTION)"
OutFile "${OUTFILE}"
; The uninstaller is written by makensis inside the installer: with a certificate configured it is
; signed right then (UNINSTFINALIZE, a command with %1 for the file; packaging/package.py takes it
; from TOKENPOOL_SIGN_COMMAND), or Smart App Control would block it from Settings › Apps.
!ifdef UNINSTFINALIZE
  !uninstfinalize '${UNINSTFINALIZE}'
!endif
RequestExecutionLevel user
; Sharp text at 125-200 % scaling (otherwise Windows stretches the installer's bitmap).
ManifestDPIAware true
; Windows 10 and 11 (supportedOS): no compatibility shims.
ManifestSupportedOS all
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
; NSIS's own welcome text talks about rebooting and "Setup Setup": ours says what happens.
!define MUI_WELCOMEPAGE_TITLE "$(WELCOME_TITLE)"
!define MUI_WELCOMEPAGE_TEXT "$(WELCOME_TEXT)"
!define MUI_FINISHPAGE_TITLE "$(FINISH_TITLE)"

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
LangString NEEDS_64BIT ${LANG_ENGLISH} "TokenPool Setup needs 64-bit Windows 10 version 1809 or newer."
LangString NEEDS_64BIT ${LANG_SIMPCHINESE} "TokenPool 配置助手需要 64 位 Windows 10 1809 版或更高版本。"
LangString NEEDS_WIN11_ARM ${LANG_ENGLISH} "TokenPool Setup is a 64-bit x64 program: on an Arm computer it needs Windows 11, which runs x64 programs (Windows 10 on Arm cannot)."
LangString NEEDS_WIN11_ARM ${LANG_SIMPCHINESE} "TokenPool 配置助手是 64 位 x64 程序：在 Arm 电脑上需要 Windows 11 才能运行 x64 程序（Windows 10 Arm 版不能）。"
LangString CAPTION ${LANG_ENGLISH} "Install TokenPool Setup ${VERSION}"
LangString CAPTION ${LANG_SIMPCHINESE} "安装 TokenPool 配置助手 ${VERSION}"
LangString UNCAPTION ${LANG_ENGLISH} "Uninstall TokenPool Setup"
LangString UNCAPTION ${LANG_SIMPCHINESE} "卸载 TokenPool 配置助手"
LangString WELCOME_TITLE ${LANG_ENGLISH} "Install TokenPool Setup ${VERSION}"
LangString WELCOME_TITLE ${LANG_SIMPCHINESE} "安装 TokenPool 配置助手 ${VERSION}"
LangString WELCOME_TEXT ${LANG_ENGLISH} "TokenPool Setup sets up the Codex CLI for your TokenPool key and keeps it working.$\r$\n$\r$\nIt installs for you only and needs no administrator password. If it is running, it is closed first. Your Codex files and settings are kept.$\r$\n$\r$\n$_CLICK"
LangString WELCOME_TEXT ${LANG_SIMPCHINESE} "TokenPool 配置助手为你的 TokenPool 密钥配置 Codex CLI，并让它保持可用。$\r$\n$\r$\n它只为你安装，不需要管理员密码。如果它正在运行，会先将其关闭。你的 Codex 文件和设置都会保留。$\r$\n$\r$\n$_CLICK"
LangString FINISH_TITLE ${LANG_ENGLISH} "TokenPool Setup is installed"
LangString FINISH_TITLE ${LANG_SIMPCHINESE} "TokenPool 配置助手已安装"
LangString STILL_RUNNING ${LANG_ENGLISH} "TokenPool Setup is still running and could not be closed.$\r$\n$\r$\nQuit it (its tray icon › Quit), then click Retry."
LangString STILL_RUNNING ${LANG_SIMPCHINESE} "TokenPool 配置助手仍在运行，无法关闭。$\r$\n$\r$\n请先退出它（托盘图标 › 退出），然后点击“重试”。"

; A running tray keeps its files open: close ours (this user's processes only) before copying.
!macro CLOSE_RUNNING
  nsExec::Exec '"$SYSDIR\taskkill.exe" /F /IM ${APP_EXE}'
  Pop $0
  nsExec::Exec '"$SYSDIR\taskkill.exe" /F /IM ${CLI_EXE}'
  Pop $0
!macroend

; $0 = a folder: $1 = 1 while one of our programs there is still running (its file cannot be
; opened for writing), after giving a killed process a few seconds to go.
Function ProgramsInUse
  StrCpy $1 0
  StrCpy $2 0
  ${Do}
    StrCpy $1 0
    ${ForEach} $3 1 2 + 1
      ${If} $3 == 1
        StrCpy $4 "$0\${APP_EXE}"
      ${Else}
        StrCpy $4 "$0\${CLI_EXE}"
      ${EndIf}
      ${If} ${FileExists} $4
        ClearErrors
        FileOpen $5 $4 a
        ${If} ${Errors}
          StrCpy $1 1
        ${Else}
          FileClose $5
        ${EndIf}
      ${EndIf}
    ${Next}
    ${If} $1 == 0
    ${OrIf} $2 >= 10
      ${ExitDo}
    ${EndIf}
    IntOp $2 $2 + 1
    Sleep 500
  ${Loop}
FunctionEnd

; Close the running app in folder $0 (and keep asking, interactively, while it runs); a silent
; install that cannot close it stops with exit code 2, the old version left as it was.
Function EnsureClosed
  StrCpy $6 $0
  !insertmacro CLOSE_RUNNING
  ${Do}
    StrCpy $0 $6
    Call ProgramsInUse
    ${If} $1 == 0
      ${ExitDo}
    ${EndIf}
    ${If} ${Silent}
      SetErrorLevel 2
      Quit
    ${EndIf}
    ${If} ${Cmd} `MessageBox MB_ICONEXCLAMATION|MB_RETRYCANCEL "$(STILL_RUNNING)" IDCANCEL`
      SetErrorLevel 2
      Quit
    ${EndIf}
    !insertmacro CLOSE_RUNNING
  ${Loop}
FunctionEnd

; The login entry the app writes (app/core/platform/autostart.py: subprocess.list2cmdline, which
; quotes the program only when its path holds a space or tab), for either of our programs in a
; folder. $0 = folder, $1 = the current value; $2 = 1 when it is one of those.
Function IsOurRunValue
  StrCpy $2 0
  ${If} $1 == '"$0\${APP_EXE}" tray --hidden'
  ${OrIf} $1 == '$0\${APP_EXE} tray --hidden'
  ${OrIf} $1 == '"$0\${CLI_EXE}" tray --hidden'
  ${OrIf} $1 == '$0\${CLI_EXE} tray --hidden'
    StrCpy $2 1
  ${EndIf}
FunctionEnd
Function un.IsOurRunValue
  StrCpy $2 0
  ${If} $1 == '"$0\${APP_EXE}" tray --hidden'
  ${OrIf} $1 == '$0\${APP_EXE} tray --hidden'
  ${OrIf} $1 == '"$0\${CLI_EXE}" tray --hidden'
  ${OrIf} $1 == '$0\${CLI_EXE} tray --hidden'
    StrCpy $2 1
  ${EndIf}
FunctionEnd

Var PREVIOUS ; the folder of an earlier installation (this one or another), or ""

Section "$(SEC_APP)" SecApp
  SectionIn RO
  ReadRegStr $PREVIOUS HKCU "${UNINSTALL_KEY}" "InstallLocation"
  StrCpy $0 $INSTDIR
  Call EnsureClosed
  ${If} $PREVIOUS != ""
  ${AndIf} $PREVIOUS != $INSTDIR
    StrCpy $0 $PREVIOUS
    Call EnsureClosed
  ${EndIf}
  ; An earlier version: its own uninstaller removes its file list first (keeping shortcuts and
  ; the login entry, which this install rewrites or the user set in the app). Run in place (_?=)
  ; it cannot delete itself: when it lived in another folder, that uninstaller and its folder go
  ; now, or running it later would remove this installation's Uninstall entry and shortcuts.
  ${If} $PREVIOUS != ""
  ${AndIf} ${FileExists} "$PREVIOUS\uninstall.exe"
    ExecWait '"$PREVIOUS\uninstall.exe" /S /UPGRADE _?=$PREVIOUS'
    ${If} $PREVIOUS != $INSTDIR
      Delete "$PREVIOUS\uninstall.exe"
      RMDir "$PREVIOUS"
      ; The person's choices follow the program: a login entry and a desktop shortcut that
      ; pointed at the old folder now point here.
      ReadRegStr $1 HKCU "${RUN_KEY}" "${RUN_VALUE}"
      StrCpy $0 $PREVIOUS
      Call IsOurRunValue
      ${If} $2 == 1
        WriteRegStr HKCU "${RUN_KEY}" "${RUN_VALUE}" '"$INSTDIR\${APP_EXE}" tray --hidden'
      ${EndIf}
      ${If} ${FileExists} "$DESKTOP\${APP_NAME}.lnk"
        CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
      ${EndIf}
    ${EndIf}
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
    ; Only our own login entry: the value must still be the command this folder's app runs,
    ; in either form the app or this installer writes.
    ReadRegStr $1 HKCU "${RUN_KEY}" "${RUN_VALUE}"
    StrCpy $0 $INSTDIR
    Call un.IsOurRunValue
    ${If} $2 == 1
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

; After the sections: their index constants (SecDesktop, SecTray) exist only from here on.
Function .onInit
  ; 1809 (build 17763): what Qt 6 needs (packaging/os_floor.py). On Arm, an x64 program needs
  ; Windows 11 (build 22000): Windows 10 on Arm emulates 32-bit x86 only.
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastBuild} 17763
    MessageBox MB_ICONSTOP|MB_OK "$(NEEDS_64BIT)" /SD IDOK
    SetErrorLevel 3
    Quit
  ${EndIf}
  ${If} ${IsNativeARM64}
  ${AndIfNot} ${AtLeastBuild} 22000
    MessageBox MB_ICONSTOP|MB_OK "$(NEEDS_WIN11_ARM)" /SD IDOK
    SetErrorLevel 3
    Quit
  ${EndIf}
  ; /DESKTOP=1 and /TRAY=1 tick the options (for silent installs; the pages show them ticked).
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/DESKTOP=" $R1
  ${IfNot} ${Errors}
  ${AndIf} $R1 == "1"
    SectionSetFlags ${SecDesktop} ${SF_SELECTED}
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/TRAY=" $R1
  ${IfNot} ${Errors}
  ${AndIf} $R1 == "1"
    SectionSetFlags ${SecTray} ${SF_SELECTED}
  ${EndIf}
FunctionEnd
