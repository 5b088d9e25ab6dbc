# dmgbuild settings (https://dmgbuild.readthedocs.io): the .app and a link to /Applications, so a
# person drags one onto the other. Run by packaging/macos/sign_and_notarize.sh:
#   dmgbuild -s packaging/macos/dmg_settings.py -D app="dist/TokenPool Setup.app" \
#       "TokenPool Setup" dist/TokenPool-Setup-<v>-macos.dmg
# dmgbuild executes this file with `defines` (the -D values) in its namespace.
import os.path

application = defines.get("app", "dist/TokenPool Setup.app")  # noqa: F821 - given by dmgbuild
appname = os.path.basename(application)

format = "UDZO"  # zlib-compressed, opens on every supported macOS
filesystem = "HFS+"
size = None  # computed from the contents
files = [application]
symlinks = {"Applications": "/Applications"}
icon_locations = {appname: (140, 160), "Applications": (400, 160)}
window_rect = ((200, 200), (540, 340))
default_view = "icon-view"
show_status_bar = False
show_tab_view = False
show_toolbar = False
show_pathbar = False
show_sidebar = False
icon_size = 112
text_size = 13
