#!/usr/bin/env bash
# Set up kpidesk on a fresh Debian/Ubuntu machine (Python 3.11+) and run it or its tests.
#   packaging/dev.sh run    install, write the demo firm once, open it in the app
#   packaging/dev.sh test   install (with a PostgreSQL server for the storage tests), lint, type-check,
#                           run every test (pytest arguments pass through: `-m "not gui"` runs
#                           the tests that need neither Qt nor, when none is installed, PostgreSQL)
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-run}
shift || true

# Qt's runtime libraries and CJK fonts for the app; PostgreSQL and poppler for the tests.
app_packages=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
              libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0
              libxcb-render-util0 libxcb-image0 libxcb-xinerama0 fonts-wqy-microhei fonts-wqy-zenhei)
test_packages=(postgresql poppler-utils)

install_system() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

python_env() {
    local python=${PYTHON:-python3}
    "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
        || { echo "kpidesk needs Python 3.11 or newer ($python is older)" >&2; exit 1; }
    [ -x .venv/bin/python ] || "$python" -m venv .venv
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e '.[test]'
}

case "$what" in
    run)
        install_system "${app_packages[@]}"
        python_env
        [ -f demo.kpidesk ] || .venv/bin/kpidesk demo demo.kpidesk
        exec .venv/bin/kpidesk demo.kpidesk
        ;;
    test)
        install_system "${app_packages[@]}" "${test_packages[@]}"
        python_env
        .venv/bin/ruff check kpidesk tests benchmarks  # pyproject.toml [tool.ruff.lint]
        .venv/bin/mypy  # strict on kpidesk/core, the rest against a baseline: [tool.mypy]
        export QT_QPA_PLATFORM=offscreen
        exec .venv/bin/python -m pytest "$@"
        ;;
    *)
        echo "usage: packaging/dev.sh run|test [pytest arguments]" >&2
        exit 2
        ;;
esac
