"""Shared fixtures: a real demo firm copied per test from one master, and a real PostgreSQL
server started on loopback for the storage tests (nothing of ours is mocked).

Markers are applied here, not by hand: ``gui`` on every test under tests/ui/ and every test whose
module imports Qt (or the UI) or that uses pytest-qt's ``qtbot``; ``postgres`` on every test that
uses the PostgreSQL server. ``pytest -m "not gui"`` then runs without Qt: pytest-qt is not
configured (it would import PySide6), and the Qt modules are not even collected. In such a run a
machine without PostgreSQL skips the ``postgres`` tests, saying why; the README's full run still
fails without it, as it must."""

from __future__ import annotations

import ast
import functools
import glob
import itertools
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

os.environ["KPIDESK_LANG"] = "en"  # tests read English unless they switch; before kpidesk loads
if not os.environ.get("XDG_RUNTIME_DIR"):  # else Qt warns, and Qt warnings fail tests
    os.environ["XDG_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="kpidesk-runtime-")

from hypothesis import settings as hypothesis_settings  # noqa: E402

# Properties are checked for truth, not speed: a slow CI machine must not fail them on time.
hypothesis_settings.register_profile("kpidesk", deadline=None)
hypothesis_settings.load_profile("kpidesk")

from kpidesk.resources import asset  # noqa: E402

# Offscreen, on a 1920×1080 screen at 96 dpi: a laptop's, not the plugin's default 800×600.
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={asset('offscreen_screen.json')}"


_TESTS = Path(__file__).resolve().parent
_QT_MODULES = ("PySide6", "pytestqt", "kpidesk.ui", "kpidesk.app")


def _gui_excluded(config: pytest.Config) -> bool:
    """True when the ``-m`` expression leaves out every test marked ``gui`` whatever its other
    markers (``-m "not gui"``, ``-m "not gui and not postgres"``; not ``-m postgres``)."""
    expression = config.getoption("markexpr", "") or ""
    if not expression:
        return False
    from _pytest.mark.expression import Expression  # what pytest's own -m uses

    compiled = Expression.compile(expression)
    others = sorted(
        set(re.findall(r"[\w:+\-.\[\]]+", expression)) - {"and", "or", "not", "gui"}
    )
    for values in itertools.product((False, True), repeat=len(others)):
        marked = {"gui", *(name for name, on in zip(others, values) if on)}
        if compiled.evaluate(lambda name, /, _in=marked, **_: name in _in):
            return False
    return True


@functools.cache
def _imports_qt(path: Path) -> bool:
    """Whether a test module imports Qt or the UI anywhere (also inside a test function)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
        else:
            continue
        if any(name == m or name.startswith(m + ".") for name in names for m in _QT_MODULES):
            return True
    return False


def _is_gui_path(path: Path) -> bool:
    return (_TESTS / "ui") in path.parents or (path.suffix == ".py" and _imports_qt(path))


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """In a run without the gui tests, keep pytest-qt from importing PySide6 at configure time
    (its ini settings stay registered, so --strict-config is still satisfied)."""
    if _gui_excluded(config):
        plugin = config.pluginmanager.get_plugin("pytest-qt")
        if plugin is not None:
            config.pluginmanager.unregister(plugin)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Without the gui tests, the Qt modules (and tests/ui/conftest.py) are never imported."""
    if _gui_excluded(config) and (
        collection_path == _TESTS / "ui" or _is_gui_path(collection_path)
    ):
        return True
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _is_gui_path(Path(item.path)) or "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)
        if "pg_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory) -> Path:
    from kpidesk.services.demo import write_demo

    path = tmp_path_factory.mktemp("master") / "demo.kpidesk"
    write_demo(path).close()
    return path


@pytest.fixture
def demo_path(demo_master, tmp_path) -> Path:
    path = tmp_path / "firm.kpidesk"
    shutil.copy2(demo_master, path)
    return path


def _pg_bindir(config: pytest.Config) -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    if _gui_excluded(config):  # the light run: say what did not run, and why
        pytest.skip(
            "PostgreSQL is not installed here, so the tests against a real server did not run; "
            "the README's test command (packaging/dev.sh test) installs it and runs them."
        )
    pytest.fail(
        "PostgreSQL is not installed; the README's test command installs it "
        "(packaging/dev.sh test)."
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def pg_server(pytestconfig):
    """A throwaway PostgreSQL cluster on 127.0.0.1; yields its base URL."""
    bindir = _pg_bindir(pytestconfig)
    base = Path(tempfile.mkdtemp(prefix="kpidesk-pg-"))
    as_user: list[str] = []
    if getattr(os, "geteuid", lambda: -1)() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(base, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = base / "data", _free_port()
    run = lambda *args: subprocess.run(
        as_user + [str(a) for a in args], check=True, capture_output=True, text=True
    )
    run(
        bindir / "initdb",
        "-D",
        data,
        "-U",
        "kpidesk",
        "--auth=trust",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
    )
    run(
        bindir / "pg_ctl",
        "-D",
        data,
        "-l",
        base / "log",
        "-w",
        "-o",
        f"-p {port} -h 127.0.0.1 -k {base} -F",
        "start",
    )
    try:
        yield f"postgresql+psycopg://kpidesk@127.0.0.1:{port}"
    finally:
        run(bindir / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


_databases = itertools.count(1)


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty database on the test server."""
    import sqlalchemy as sa

    name = f"kpidesk_test_{os.getpid()}_{next(_databases)}"
    admin = sa.create_engine(f"{pg_server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield f"{pg_server}/{name}"
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def new_document(request, tmp_path):
    """An empty firm on each engine."""
    from kpidesk.storage.document import create_document, open_document

    if request.param == "sqlite":
        document = create_document(tmp_path / "new.kpidesk")
    else:
        document = open_document(request.getfixturevalue("pg_url"))
    yield document
    document.close()


@pytest.fixture(scope="session")
def pg_password_server(pg_server):
    """The test server with a role that must give its password: alice, checked by
    scram-sha-256 (a host line for her before the trust lines, then a reload), owning the
    database alice_firm. Yields (URL without the password, the password)."""
    import sqlalchemy as sa

    password = "Tr0ub4dor-firm"
    admin = sa.create_engine(f"{pg_server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql("SET password_encryption = 'scram-sha-256'")
        connection.exec_driver_sql(f"CREATE ROLE alice LOGIN PASSWORD '{password}'")
        connection.exec_driver_sql("CREATE DATABASE alice_firm OWNER alice")
        hba = Path(connection.exec_driver_sql("SHOW hba_file").scalar())
        hba.write_text("host all alice 127.0.0.1/32 scram-sha-256\n" + hba.read_text())
        connection.exec_driver_sql("SELECT pg_reload_conf()")
    admin.dispose()
    url = pg_server.replace("kpidesk@", "alice@") + "/alice_firm"
    # The reload is a signal to the server: wait until alice without a password is refused.
    deadline = time.monotonic() + 10
    while True:
        probe = sa.create_engine(url)
        try:
            probe.connect().close()
        except sa.exc.OperationalError:
            break
        finally:
            probe.dispose()
        if time.monotonic() > deadline:
            pytest.fail("the server did not take the password rule for alice")
    return url, password
