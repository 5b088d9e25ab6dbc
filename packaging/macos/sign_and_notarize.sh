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

if [ -n "${MACOS_CERTIFICATE_P12_BASE64:-}" ]; then
    tmp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
    keychain="$tmp/signing.keychain-db"
    keychain_password=$(uuidgen)
    echo "$MACOS_CERTIFICATE_P12_BASE64" | base64 --decode >"$tmp/certificate.p12"
    security create-keychain -p "$keychain_password" "$keychain"
    security set-keychain-settings -lut 3600 "$keychain"
    security unlock-keychain -p "$keychain_password" "$keychain"
    security import "$tmp/certificate.p12" -k "$keychain" \
        -P "${MACOS_CERTIFICATE_PASSWORD:-}" -T /usr/bin/codesign
    security set-key-partition-list -S apple-tool:,apple: -s -k "$keychain_password" "$keychain"
    # Add ours to the user's search list, keeping the ones already there.
    existing=()
    while IFS= read -r line; do
        line=${line#*\"}
        existing+=("${line%\"*}")
    done < <(security list-keychains -d user)
    security list-keychains -d user -s "$keychain" "${existing[@]}"
    rm -f "$tmp/certificate.p12"
fi

sign() {
    codesign --force --options runtime --timestamp --entitlements "$entitlements" \
        --sign "$identity" "$@"
}

if [ -n "$identity" ]; then
    say "signing $app as $identity"
    # Inside out: every library and program first, then the bundle (never --deep for signing).
    while IFS= read -r -d '' file; do
        if file -b "$file" | grep -q 'Mach-O'; then sign "$file"; fi
    done < <(find "$app/Contents" -type f \( -perm -u+x -o -name '*.so' -o -name '*.dylib' \) -print0)
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
