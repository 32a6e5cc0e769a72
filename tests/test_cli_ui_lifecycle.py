"""`mlscope ui` stops cleanly: a signal to it reaches the Streamlit child, which is waited for;
no process is left behind and the port can be bound again."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.config import PROJECT_ROOT

from conftest import free_port, wait_healthy


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status  # a zombie has already stopped


def _port_free(port: int) -> bool:
    """Bindable the way a server binds it (SO_REUSEADDR: lingering TIME_WAITs do not count,
    a listening socket does)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("0.0.0.0", port))
            sock.listen()
        except OSError:
            return False
    return True


def _wait(predicate, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL],
                         ids=["SIGTERM", "SIGINT", "SIGKILL"])
def test_signal_stops_ui_and_its_child(sig: signal.Signals, tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "MLSCOPE_HOME": str(tmp_path / "home")}
    log = tmp_path / "ui.log"  # a file, not a pipe: a leftover child would hold a pipe open
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", "ui", "--port", str(port)],
                            cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=log.open("w"))
    children: list[int] = []
    try:
        wait_healthy(f"http://127.0.0.1:{port}/_stcore/health", "mlscope ui", 60)
        children = _children(proc.pid)
        assert len(children) == 1, children  # the Streamlit server
        proc.send_signal(sig)
        code = proc.wait(timeout=30)
        if sig != signal.SIGKILL:
            assert code == 0, log.read_text()
            assert "Traceback" not in log.read_text()
        # SIGKILL gives mlscope no chance to forward: the kernel stops the child instead.
        assert _wait(lambda: not _alive(children[0]), 20), "the Streamlit child was left behind"
        assert _wait(lambda: _port_free(port), 10), f"port {port} is still held"
    finally:
        for pid in [proc.pid, *children]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        proc.wait(timeout=10)
