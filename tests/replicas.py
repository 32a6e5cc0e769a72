"""Two `mlscope ui` replicas sharing a real `chroma run` server and a real PostgreSQL.

Used by the replica browser test and the load benchmark. Every process runs on a free
loopback port and is stopped (its whole process group) on exit.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from app.config import PROJECT_ROOT, Settings
from app.index import CARDS_COLLECTION, VectorIndex
from app.providers import embedding_model_id, make_embeddings

COPY_BATCH = 256
OFFLINE_SCRUB = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "MLSCOPE_PROVIDER", "MLSCOPE_EMBEDDINGS",
                 "MLSCOPE_CHAT_MODEL")


class ServiceError(RuntimeError):
    """A server did not start in time."""


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, what: str, timeout_s: float, proc: subprocess.Popen | None = None
                 ) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise ServiceError(f"{what} exited with code {proc.returncode} before it was ready")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.3)
    raise ServiceError(f"{what} did not become healthy within {timeout_s:g} s")


def stop_group(proc: subprocess.Popen, timeout_s: float = 30) -> None:
    """SIGTERM the process group `proc` leads, then SIGKILL it if it outlives `timeout_s`."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass


@contextmanager
def chroma_server(path: Path, log: Path | None = None) -> Iterator[str]:
    """A real `chroma run` (the CLI next to this Python) on a free loopback port."""
    port = free_port()
    exe = Path(sys.executable).parent / "chroma"
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 (closed below)
    proc = subprocess.Popen([str(exe), "run", "--path", str(path), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=out, stderr=subprocess.STDOUT,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(f"{url}/api/v2/heartbeat", "chroma run", 60, proc)
        yield url
    finally:
        stop_group(proc, 20)
        if log:
            out.close()


def seed_cards(built_home: Path, chroma_url: str) -> int:
    """Copy the card collection of an indexed home into the Chroma server, vectors and all
    (the same rows `mlscope index` writes, without embedding them again). Returns the count."""
    local = Settings(home=built_home)
    embeddings = make_embeddings(local)
    model_id = embedding_model_id(local)
    src = VectorIndex(local, embeddings, model_id, CARDS_COLLECTION)
    rows = src.stored()
    meta = dict(src.collection(create=False).metadata or {})
    dst = VectorIndex(Settings(home=built_home, chroma_url=chroma_url), embeddings, model_id,
                      CARDS_COLLECTION)
    coll = dst._create(dst._open_client(), dim=int(meta["dimension"]))
    for begin in range(0, len(rows), COPY_BATCH):
        batch = rows[begin : begin + COPY_BATCH]
        coll.upsert(ids=[r.id for r in batch],
                    embeddings=[[float(x) for x in r.vector] for r in batch],
                    documents=[r.text for r in batch], metadatas=[r.metadata for r in batch])
    return coll.count()


@dataclass
class Replica:
    url: str
    proc: subprocess.Popen
    home: Path
    log: Path


def ui_env(home: Path, *, chroma_url: str | None = None, db_url: str | None = None
           ) -> dict[str, str]:
    """The offline app's environment: no LLM endpoint or other embeddings from the shell."""
    env = {k: v for k, v in os.environ.items() if k not in OFFLINE_SCRUB}
    env.update(MLSCOPE_HOME=str(home), STREAMLIT_SERVER_ADDRESS="127.0.0.1")
    for key, value in (("MLSCOPE_CHROMA_URL", chroma_url), ("MLSCOPE_DB_URL", db_url)):
        if value:
            env[key] = value
        else:
            env.pop(key, None)
    return env


def start_ui(home: Path, log: Path, **services: str | None) -> Replica:
    """`mlscope ui` on a free loopback port (not yet waited for)."""
    port = free_port()
    out = open(log, "wb")  # noqa: SIM115 (the child holds it; closed with the process)
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", "ui", "--port", str(port)],
                            cwd=PROJECT_ROOT, env=ui_env(home, **services), stdout=out,
                            stderr=subprocess.STDOUT, start_new_session=True)
    out.close()
    return Replica(f"http://127.0.0.1:{port}", proc, home, log)


@contextmanager
def replicas(n: int, root: Path, built_home: Path | None, *, chroma_url: str | None,
             db_url: str | None, timeout_s: float = 180) -> Iterator[list[Replica]]:
    """`n` `mlscope ui` processes, each with its own home (a copy of `built_home`; only its
    caches when the index is the Chroma server), sharing `chroma_url` and `db_url`; all
    stopped on exit."""
    with ExitStack() as stack:
        started = []
        for i in range(n):
            home = root / f"replica-{i + 1}"
            if built_home is not None and chroma_url:
                if (built_home / "cache").is_dir():
                    shutil.copytree(built_home / "cache", home / "cache")
            elif built_home is not None:
                shutil.copytree(built_home, home)
            home.mkdir(parents=True, exist_ok=True)
            rep = start_ui(home, root / f"replica-{i + 1}.log", chroma_url=chroma_url,
                           db_url=db_url)
            stack.callback(stop_group, rep.proc)
            started.append(rep)
        for i, rep in enumerate(started):
            wait_healthy(f"{rep.url}/_stcore/health", f"replica {i + 1} ({rep.log})",
                         timeout_s, rep.proc)
        yield started


def seed_home(arg: Path | None, work: Path) -> Path:
    """An indexed home to copy: --seed-home, the test cache when built, else `mlscope index`."""
    if arg:
        return arg
    from app.index_entries import entries_version, index_entries
    from app.knowledge import load_knowledge

    kdir = PROJECT_ROOT / "knowledge"
    cached = PROJECT_ROOT / ".mlscope-test-cache" / entries_version(
        index_entries(load_knowledge(kdir), kdir))
    if (cached / ".complete").exists():
        return cached
    home = work / "seed"
    subprocess.run([sys.executable, "-m", "app.cli", "index"], check=True, cwd=PROJECT_ROOT,
                   env=ui_env(home))
    return home
