#!/bin/sh
# Install TokenPool Setup for this user only (no sudo): the app folder, a command, a menu entry
# and its icon, all under ~/.local. Run it from the unpacked folder:
#   ./tokenpool-setup/install.sh              # install (again: replaces the previous version)
#   ~/.local/lib/tokenpool-setup/install.sh --uninstall
# Uninstalling removes only what this script added and the tray's start-at-login entry; your
# Codex files (~/.codex) and settings (~/.config/tokenpool-setup) stay.
set -eu

name=tokenpool-setup
data_home=${XDG_DATA_HOME:-$HOME/.local/share}
config_home=${XDG_CONFIG_HOME:-$HOME/.config}
lib_dir=$HOME/.local/lib/$name
bin_link=$HOME/.local/bin/$name
desktop_file=$data_home/applications/$name.desktop
icon_png=$data_home/icons/hicolor/256x256/apps/$name.png
icon_svg=$data_home/icons/hicolor/scalable/apps/$name.svg
# Written by the app's "Start at login" (app/core/platform/autostart.py); ours only if it has the mark.
autostart=$config_home/autostart/$name-tray.desktop
autostart_mark=X-TokenPool-Setup-Autostart

refresh_menus() {
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$data_home/applications" 2>/dev/null || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t "$data_home/icons/hicolor" 2>/dev/null || true
    fi
}

uninstall() {
    rm -f "$desktop_file" "$icon_png" "$icon_svg"
    if [ -L "$bin_link" ]; then rm -f "$bin_link"; fi
    if [ -f "$autostart" ] && grep -q "^$autostart_mark" "$autostart"; then rm -f "$autostart"; fi
    if [ -d "$lib_dir" ] && [ -x "$lib_dir/$name" ]; then rm -rf "$lib_dir"; fi
    refresh_menus
    echo "TokenPool Setup is uninstalled. Your Codex files (~/.codex) were not touched."
}

if [ "${1:-}" = "--uninstall" ]; then
    uninstall
    exit 0
fi
if [ -n "${1:-}" ]; then
    echo "usage: $0 [--uninstall]" >&2
    exit 2
fi

here=$(cd "$(dirname "$0")" && pwd)
if [ ! -x "$here/$name" ]; then
    echo "install.sh must stay in the unpacked $name folder (next to the $name program)." >&2
    exit 1
fi
if [ "$here" != "$lib_dir" ]; then
    # Copy beside the old version first, then swap: a failed copy leaves the old one working.
    mkdir -p "$(dirname "$lib_dir")"
    rm -rf "$lib_dir.new"
    cp -a "$here" "$lib_dir.new"
    rm -rf "$lib_dir"
    mv "$lib_dir.new" "$lib_dir"
fi
mkdir -p "$(dirname "$bin_link")" "$(dirname "$desktop_file")" "$(dirname "$icon_png")" \
    "$(dirname "$icon_svg")"
ln -sfn "$lib_dir/$name" "$bin_link"
cp "$lib_dir/$name.png" "$icon_png"
cp "$lib_dir/$name.svg" "$icon_svg"
# Exec by absolute path: ~/.local/bin is not on every desktop session's PATH.
sed "s|^Exec=.*|Exec=\"$lib_dir/$name\"|" "$lib_dir/$name.desktop" >"$desktop_file"
chmod 644 "$desktop_file"
refresh_menus
echo "TokenPool Setup is installed: find it in your applications menu, or run $bin_link"
case ":$PATH:" in
*":$HOME/.local/bin:"*) ;;
*) echo "(~/.local/bin is not on your PATH: the menu entry works; for the command, add it.)" ;;
esac
