"""Run a child process (the Streamlit server of `mlscope ui`) so that stopping us stops it:
signals are forwarded and waited for, and no process or port is left behind."""

from __future__ import annotations

import sys
from pathlib import Path

UI_STOP_GRACE_S = 10.0


def _child_setup() -> None:  # pragma: no cover - runs in the child between fork and exec
    import os

    # Its own process group: a terminal's Ctrl-C reaches only us, and we forward it once.
    os.setpgid(0, 0)
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        # Should we die without the chance to forward (SIGKILL), the kernel stops the child.
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def supervise(cmd: list[str], cwd: Path) -> int:
    """Run `cmd` until it exits; SIGINT/SIGTERM/SIGHUP are forwarded to it and waited for
    (killed after UI_STOP_GRACE_S), so no process is left behind and its port is free."""
    import signal
    import subprocess
    import time

    proc = subprocess.Popen(cmd, cwd=cwd, preexec_fn=_child_setup)
    stop_at: list[float] = []

    def forward(signum: int, _frame: object) -> None:
        if not stop_at:
            stop_at.append(time.monotonic())
        if proc.poll() is None:
            proc.send_signal(signum)

    handled = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {sig: signal.signal(sig, forward) for sig in handled}
    try:
        while True:
            try:
                code = proc.wait(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if stop_at and time.monotonic() - stop_at[0] > UI_STOP_GRACE_S:
                    proc.kill()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    # Stopped on request: a clean exit whatever signal Streamlit died of.
    return 0 if stop_at else (code if code >= 0 else 128 - code)
