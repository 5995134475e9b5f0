#!/usr/bin/env bash
# Wrap the built kpidesk.app into a compressed disk image with an Applications link, so the
# user drags the app across (packaging/build.sh calls this on macOS).
#   packaging/macos/dmg.sh dist/kpidesk.app dist/kpidesk-0.1.0.dmg
set -euo pipefail
app=$1
dmg=$2
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
rm -f "$dmg"
hdiutil create -volname kpidesk -srcfolder "$stage" -ov -format UDZO "$dmg"
echo "wrote $dmg"
