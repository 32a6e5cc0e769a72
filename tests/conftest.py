"""Shared fixtures. Tests are hermetic: each gets its own MLSCOPE_HOME, never the user's."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config import PROJECT_ROOT, Settings
from app.index_entries import entries_version, index_entries
from app.knowledge import load_knowledge

# Tests must never see the developer's LLM or server configuration.
for _var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "MLSCOPE_CHROMA_URL", "MLSCOPE_DB_URL",
             "MLSCOPE_EMBEDDINGS", "MLSCOPE_HOME"):
    os.environ.pop(_var, None)

CACHE_ROOT = PROJECT_ROOT / ".mlscope-test-cache"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def built_home() -> Path:
    """A home with the real knowledge indexed, built once and reused across runs.

    Embedding every card takes ~60 s on 2 cores, so the built index is kept under
    .mlscope-test-cache/<index entries version>/ (git-ignored) and copied per test.
    """
    knowledge_dir = PROJECT_ROOT / "knowledge"
    version = entries_version(index_entries(load_knowledge(knowledge_dir), knowledge_dir))
    home = CACHE_ROOT / version
    if not (home / ".complete").exists():
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
        subprocess.run([sys.executable, "-m", "app.cli", "index"], check=True,
                       env={**os.environ, "MLSCOPE_HOME": str(home)}, capture_output=True)
        (home / ".complete").touch()
    return home


@pytest.fixture
def home(tmp_path: Path, built_home: Path) -> Path:
    """A private copy of the built index for one test."""
    dest = tmp_path / "home"
    shutil.copytree(built_home, dest)
    return dest


@pytest.fixture
def settings(home: Path) -> Settings:
    return Settings(home=home)


@pytest.fixture
def cli_env(home: Path) -> dict[str, str]:
    return {**os.environ, "MLSCOPE_HOME": str(home), "NO_COLOR": "1", "COLUMNS": "120"}


def run_cli(args: list[str], env: dict[str, str], stdin: str | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app.cli", *args], env=env, input=stdin,
                          capture_output=True, text=True, timeout=timeout, cwd=PROJECT_ROOT)


def run_bounded(args: list[str], timeout_s: float, what: str) -> tuple[str, str]:
    """Run a bench script from the project root in its own session (so a timeout stops its
    workers too); fail the test on a timeout or a non-zero exit; (stdout, stderr)."""
    import signal

    proc = subprocess.Popen([sys.executable, *args], cwd=PROJECT_ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"{what} took over {timeout_s:.0f} s")
    assert proc.returncode == 0, stderr[-3000:]
    return stdout, stderr


def wait_healthy(url: str, what: str, timeout_s: float) -> None:
    """Poll `url` until it answers, or fail the test naming `what`."""
    import time
    import urllib.request

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"{what} did not become healthy within {timeout_s:g} s")


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    """A real `chroma run` on a free loopback port; stopped after the test."""
    port = free_port()
    exe = Path(sys.executable).parent / "chroma"
    proc = subprocess.Popen([str(exe), "run", "--path", str(tmp_path / "chroma-server"),
                             "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(f"{url}/api/v2/heartbeat", "chroma run", 60)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL for the session (initdb + pg_ctl on a free loopback port, run as an
    unprivileged user). Missing binaries fail the tests that need it: never a silent skip."""
    from pg_harness import PgUnavailable, start_server

    try:
        server = start_server()
    except PgUnavailable as exc:
        pytest.fail(str(exc))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database: a SQLite file, or (marker `postgres`) a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'db.sqlite'}"
    return request.getfixturevalue("pg_server").create_database()
