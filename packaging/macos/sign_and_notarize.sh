#!/bin/bash
# macOS: sign the .app (hardened runtime), put it in a .dmg with an Applications link, sign,
# notarize and staple the .dmg. Each signing step runs only when its secret is configured and
# says so in one line when it is skipped: an unsigned build still gets its .dmg (ad-hoc signed
# by PyInstaller; README says what Gatekeeper then shows).
#
#   packaging/macos/sign_and_notarize.sh [ARCH]    # after the build; ARCH names the .dmg (arm64)
#
# Environment (all optional):
#   MACOS_CERTIFICATE_P12_BASE64, MACOS_CERTIFICATE_PASSWORD  a "Developer ID Application"
#       certificate to import into a temporary keychain (CI); or have it in your login keychain
#   MACOS_SIGN_IDENTITY   e.g. "Developer ID Application: Example Ltd (TEAMID1234)"
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD   notarization with an app-specific password,
#   or NOTARY_KEYCHAIN_PROFILE   a profile saved with `xcrun notarytool store-credentials`
set -euo pipefail
cd "$(dirname "$0")/../.."

arch=${1:-$(uname -m)}
app="dist/TokenPool Setup.app"
entitlements=packaging/macos/entitlements.plist
python=${PYTHON:-python3}
version=$("$python" -c 'import ast,sys; t=ast.parse(open("app/__init__.py").read()); print(next(ast.literal_eval(n.value) for n in t.body if isinstance(n, ast.Assign) and n.targets[0].id == "__version__"))')
dmg="dist/TokenPool-Setup-$version-macos-$arch.dmg"
identity=${MACOS_SIGN_IDENTITY:-}

say() { echo "[macos] $*"; }

if [ ! -d "$app" ]; then
    say "$app does not exist: build it first (python3 packaging/bootstrap.py build)"
    exit 1
fi

keychain=""
original_keychains=()
cleanup() {
    # The temporary keychain goes whatever happens (a second run would fail on it otherwise),
    # and the user's keychain search list is put back as it was.
    if [ -n "$keychain" ]; then
        if [ ${#original_keychains[@]} -gt 0 ]; then
            # (the ${a[@]+...} form: macOS's bash 3.2 calls an empty array unbound under set -u)
            security list-keychains -d user -s ${original_keychains[@]+"${original_keychains[@]}"} || true
        fi
        security delete-keychain "$keychain" 2>/dev/null || rm -f "$keychain"
    fi
    rm -f "${tmp:-/nonexistent}/certificate.p12"
}
trap cleanup EXIT

if [ -n "${MACOS_CERTIFICATE_P12_BASE64:-}" ]; then
    tmp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
    keychain="$tmp/tokenpool-signing-$$.keychain-db"
    keychain_password=$(uuidgen)
    # Keep the ones already in the user's search list, to put them back afterwards.
    while IFS= read -r line; do
        line=${line#*\"}
        original_keychains+=("${line%\"*}")
    done < <(security list-keychains -d user)
    echo "$MACOS_CERTIFICATE_P12_BASE64" | base64 --decode >"$tmp/certificate.p12"
    security create-keychain -p "$keychain_password" "$keychain"
    security set-keychain-settings -lut 3600 "$keychain"
    security unlock-keychain -p "$keychain_password" "$keychain"
    security import "$tmp/certificate.p12" -k "$keychain" \
        -P "${MACOS_CERTIFICATE_PASSWORD:-}" -T /usr/bin/codesign
    security set-key-partition-list -S apple-tool:,apple: -s -k "$keychain_password" "$keychain"
    security list-keychains -d user -s "$keychain" ${original_keychains[@]+"${original_keychains[@]}"}
    rm -f "$tmp/certificate.p12"
fi

sign() {
    codesign --force --options runtime --timestamp --entitlements "$entitlements" \
        --sign "$identity" "$@"
}

# Deepest paths first (the number of "/" in each), so nested code is signed before what holds it.
deepest_first() {
    awk -F/ '{ print NF "\t" $0 }' | sort -rn -k1,1 | cut -f2-
}

is_framework_binary() {
    # A framework's own binary (QtCore.framework/Versions/A/QtCore): signed with its bundle.
    local file=$1 dir name
    dir=$(dirname "$file")
    name=$(basename "$file")
    case "$dir" in
        *.framework) [ "$(basename "$dir" .framework)" = "$name" ] ;;
        *.framework/Versions/*) [ "$(basename "${dir%/Versions/*}" .framework)" = "$name" ] ;;
        *) return 1 ;;
    esac
}

if [ -n "$identity" ]; then
    say "signing $app as $identity"
    # Inside out, as Apple asks (never --deep for signing): every loose library and program,
    # then each framework as a bundle, then the app.
    main="$app/Contents/MacOS/tokenpool-setup"  # signed with the app
    while IFS= read -r file; do
        [ "$file" = "$main" ] && continue
        is_framework_binary "$file" && continue
        if file -b "$file" | grep -q 'Mach-O'; then sign "$file"; fi
    done < <(find "$app/Contents" -type f \( -perm -u+x -o -name '*.so' -o -name '*.dylib' \) | deepest_first)
    while IFS= read -r framework; do
        sign "$framework"
    done < <(find "$app/Contents" -type d -name '*.framework' | deepest_first)
    sign "$app"
    codesign --verify --deep --strict --verbose=2 "$app"
else
    say "signing skipped: MACOS_SIGN_IDENTITY is not set (the app keeps PyInstaller's ad-hoc signature)"
fi

rm -f "$dmg"
say "dmgbuild -> $dmg"
"$python" -m dmgbuild -s packaging/macos/dmg_settings.py -D app="$app" "TokenPool Setup" "$dmg"

if [ -z "$identity" ]; then
    say "notarization skipped: nothing is signed"
    exit 0
fi
codesign --force --timestamp --sign "$identity" "$dmg"
if [ -n "${NOTARY_KEYCHAIN_PROFILE:-}" ]; then
    notary_auth=(--keychain-profile "$NOTARY_KEYCHAIN_PROFILE")
elif [ -n "${APPLE_ID:-}" ] && [ -n "${APPLE_TEAM_ID:-}" ] && [ -n "${APPLE_APP_PASSWORD:-}" ]; then
    notary_auth=(--apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" --password "$APPLE_APP_PASSWORD")
else
    say "notarization skipped: set APPLE_ID, APPLE_TEAM_ID and APPLE_APP_PASSWORD (or NOTARY_KEYCHAIN_PROFILE)"
    exit 0
fi
say "notarytool submit --wait (a few minutes)"
xcrun notarytool submit "$dmg" "${notary_auth[@]}" --wait
xcrun stapler staple "$dmg"
xcrun stapler validate "$dmg"
spctl --assess --type open --context context:primary-signature --verbose=2 "$dmg"
say "signed, notarized and stapled: $dmg"
