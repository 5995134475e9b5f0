"""The desktop bundle as a user gets it (issue 14): packaging/build.sh builds the one-folder
app once per test session, its archive is unpacked into a folder whose path has Chinese characters and a
space, and started from there as a user would — `--version`, `new`, a `screenshot`, a printed
contract whose PDF carries its Chinese font — with no Python, no source tree and (last test)
no Chinese font on the system.

Slow (the build takes minutes on two cores: packaging/build.sh prints how long); it runs in the
full run that CI makes (`packaging/dev.sh test`), and `-m "not gui"` leaves it out."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui  # the bundle is the Qt app: left out with the other Qt tests

ROOT = Path(__file__).resolve().parents[2]
# A mount namespace of one command; a user namespace too, so that it needs no root.
UNSHARE = ("unshare", "--user", "--map-root-user", "--mount")
SYSTEM_FONTS = ("/usr/share/fonts", "/usr/local/share/fonts")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """The built app, unpacked from its archive into …/测试 文件夹/kpidesk/; returns its
    program."""
    base = tmp_path_factory.mktemp("bundle")
    built = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build.sh"), str(base / "dist")],
        env={**os.environ, "PYTHON": sys.executable, "KPIDESK_BUILD_WORK": str(base / "work")},
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    print(built.stdout.strip())  # "built … in N s (size)", shown with -s
    shutil.rmtree(base / "work")  # PyInstaller's intermediate files: hundreds of megabytes
    # As a user does: the archive unpacked where they like (a Chinese path with a space).
    (archive,) = (base / "dist").glob("kpidesk-*-linux.tar.gz")
    assert archive.name == "kpidesk-0.1.0-linux.tar.gz"
    home = base / "测试 文件夹"
    home.mkdir()
    subprocess.run(["tar", "-xzf", str(archive), "-C", str(home)], check=True, timeout=600)
    shutil.rmtree(base / "dist")
    return home / "kpidesk" / "kpidesk"


def _env(tmp_path: Path) -> dict[str, str]:
    """A user's session: offscreen, settings and logs under tmp, nothing of this checkout."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "home" / ".config"),
        XDG_DATA_HOME=str(tmp_path / "home" / ".local" / "share"),
    )
    return env


def _run(program: Path, *args: str, cwd: Path, env: dict[str, str], prefix=()) -> str:
    done = subprocess.run(
        [*prefix, str(program), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", head[16:24])


def test_the_bundle_carries_its_font_qt_translations_and_migrations(bundle):
    files = bundle.parent / "_internal"
    assert (files / "fonts" / "wqy-microhei.ttc").stat().st_size > 4_000_000
    assert (files / "fonts" / "wqy-microhei-licence" / "copyright").is_file()
    assert (files / "PySide6" / "Qt" / "translations" / "qtbase_zh_CN.qm").is_file()
    assert (files / "kpidesk" / "storage" / "migrations" / "env.py").is_file()
    assert (files / "resources" / "locale" / "zh_CN" / "LC_MESSAGES" / "kpidesk.po").is_file()
    plugins = {p.name for p in (files / "PySide6" / "Qt" / "plugins").iterdir()}
    assert {"platforms", "imageformats", "printsupport"} <= plugins
    assert not plugins & {"sqldrivers", "qmltooling", "tls", "designer"}  # size kept sane


def test_started_from_a_chinese_path_it_answers_creates_and_draws(bundle, tmp_path):
    env = _env(tmp_path)
    assert _run(bundle, "--version", cwd=tmp_path, env=env) == "kpidesk 0.1.0\n"
    (tmp_path / "测试").mkdir()
    _run(bundle, "new", "--name", "测试公司", "测试/公司.kpidesk", cwd=tmp_path, env=env)
    info = json.loads(_run(bundle, "info", "--json", "测试/公司.kpidesk", cwd=tmp_path, env=env))
    assert info["schema_version"] and info["schema_version"].isdigit()  # Alembic ran, frozen
    _run(
        bundle, "screenshot", "测试/公司.kpidesk", "--out", "测试/窗口.png", "--lang", "zh",
        "--size", "1366x768", cwd=tmp_path, env=env,
    )
    shot = tmp_path / "测试" / "窗口.png"
    assert _png_size(shot) == (1366, 768)
    assert shot.stat().st_size > 20_000  # a drawn window, not a blank page


def test_a_printed_contract_embeds_the_chinese_font(bundle, tmp_path):
    env = _env(tmp_path)
    _run(bundle, "demo", "演示.kpidesk", cwd=tmp_path, env=env)
    # Several contracts: printed by a pool of worker processes, each the frozen program again.
    _run(bundle, "print", "演示.kpidesk", "--out", "合同", cwd=tmp_path, env=env)
    pdfs = sorted((tmp_path / "合同").glob("*.pdf"))
    assert "营业厅-营业厅营业员-2003.pdf" in [p.name for p in pdfs]
    fonts = subprocess.run(
        ["pdffonts", str(tmp_path / "合同" / "营业厅-营业厅营业员-2003.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    embedded = [line for line in fonts.splitlines() if "WenQuanYiMicroHei" in line]
    assert embedded and all(" yes yes " in line for line in embedded), fonts


def test_on_a_machine_without_a_chinese_font_the_bundle_brings_its_own(bundle, tmp_path):
    """Every system font hidden (an empty folder mounted over the font folders in a namespace
    of this command only): fontconfig, as the bundle sets it up, finds the bundle's face, and
    the window is drawn with it (what it shows was looked at: Chinese, not empty boxes)."""
    env = _env(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    hide = " && ".join(
        f"mount --bind {empty} {folder}" for folder in SYSTEM_FONTS if Path(folder).is_dir()
    )
    conf = bundle.parent / "_internal" / "fonts" / "fonts.conf"
    script = (
        f"{hide} && fc-list :lang=zh family && echo ---"
        f" && FONTCONFIG_FILE='{conf}' fc-list :lang=zh family"
        f" && '{bundle}' new --name 无字体 无字体.kpidesk"
        f" && '{bundle}' screenshot 无字体.kpidesk --out 无字体.png --lang zh"
    )
    out = _run(Path("sh"), "-c", script, cwd=tmp_path, env=env, prefix=UNSHARE)
    system, bundled = out.split("---\n", 1)
    assert system.strip() == ""  # no Chinese font on this "machine"
    assert "WenQuanYi Micro Hei" in bundled
    assert _png_size(tmp_path / "无字体.png") == (1600, 900)
