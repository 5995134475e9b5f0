#!/usr/bin/env bash
# Build the desktop bundle (one folder) for this machine's system: Linux or macOS.
#   packaging/build.sh [OUT]     OUT defaults to dist/; the app lands in OUT/kpidesk/, with
#                                OUT/kpidesk-VERSION-linux.tar.gz (Linux) or OUT/kpidesk.app
#                                and OUT/kpidesk-VERSION.dmg (macOS)
# Needs the `package` extra (pip install -e '.[package]') in the Python it runs (PYTHON, else
# .venv/bin/python) and a Chinese TrueType font with its licence (Debian: fonts-wqy-microhei;
# see packaging/kpidesk.spec for KPIDESK_BUNDLE_FONT). Windows: packaging/windows/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
out=$(realpath -m "${1:-dist}")
work=$(realpath -m "${KPIDESK_BUILD_WORK:-build/pyinstaller}")
started=$(date +%s)
"$python" -m PyInstaller --noconfirm --log-level WARN --distpath "$out" --workpath "$work" \
    packaging/kpidesk.spec
echo "built $out/kpidesk in $(( $(date +%s) - started )) s ($(du -sh "$out/kpidesk" | cut -f1))"
version=$("$python" -c 'import kpidesk; print(kpidesk.__version__)')
if [ "$(uname)" = Darwin ]; then
    bash packaging/macos/dmg.sh "$out/kpidesk.app" "$out/kpidesk-$version.dmg"
else
    # What Linux users download: the folder, unpacked anywhere.
    tar -czf "$out/kpidesk-$version-linux.tar.gz" -C "$out" kpidesk
    echo "wrote $out/kpidesk-$version-linux.tar.gz ($(du -sh "$out/kpidesk-$version-linux.tar.gz" | cut -f1))"
fi
