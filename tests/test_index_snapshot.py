"""The embedded index's read snapshot: a cold `mlscope ask` answers without Chroma, and
still sees every change to the store, whoever made it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_documents import PLAN, QUESTION

from app.backends import make_backends
from app.config import PROJECT_ROOT, Settings
from app.documents import add_document, remove_document
from app.errors import ConfigError
from app.index import VectorIndex
from app.providers import make_embeddings
from app.providers.e5 import MODEL_ID as E5_MODEL_ID
from app.runtime import Runtime

from conftest import free_port, run_cli

# Runs the real CLI, then says on stderr whether anything imported chromadb.
WRAPPER = ("import atexit, sys\n"
           "atexit.register(lambda: sys.stderr.write("
           "f\"\\nchromadb imported: {'chromadb' in sys.modules}\\n\"))\n"
           "sys.argv = ['mlscope', *sys.argv[1:]]\n"
           "from app.cli import main\n"
           "main()\n")
NEEDS_ML = "How do I know if my problem needs ML?"


def cold_ask(question: str, env: dict[str, str]) -> tuple[dict, bool]:
    """(`ask --json` output without its timing, whether the process imported chromadb)."""
    proc = subprocess.run([sys.executable, "-c", WRAPPER, "ask", question, "--json"], env=env,
                          capture_output=True, text=True, timeout=120, cwd=PROJECT_ROOT)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    out.pop("latency_ms")
    flag = [ln for ln in proc.stderr.splitlines() if ln.startswith("chromadb imported: ")]
    assert flag, proc.stderr
    return out, flag[-1].endswith("True")


def snapshots(home: Path) -> Path:
    return home / "cache" / "snapshots"


def document_titles(out: dict) -> set[str]:
    return {c["title"] for c in out["citations"] if c["kind"] == "document"}


def test_cold_asks_after_indexing_answer_without_chroma(home: Path, cli_env) -> None:
    shutil.rmtree(snapshots(home), ignore_errors=True)
    from_chroma, imported = cold_ask(NEEDS_ML, cli_env)
    assert imported  # no snapshot yet: read from Chroma
    assert "find-high-impact-problem" in {c["id"] for c in from_chroma["citations"]}
    assert run_cli(["index"], cli_env).returncode == 0
    # Opening Chroma writes to its files: two cold asks in a row must both skip it.
    for _ in range(2):
        out, imported = cold_ask(NEEDS_ML, cli_env)
        assert not imported
        assert out == from_chroma


def test_a_change_the_snapshot_missed_is_still_seen(home: Path, cli_env) -> None:
    """A writer that leaves the snapshots as they were (another replica, an older mlscope):
    the store's stamp changed, so the next cold ask reads Chroma and finds the change."""
    assert run_cli(["index"], cli_env).returncode == 0
    before = home / "snapshots-before"
    shutil.copytree(snapshots(home), before)
    settings = Settings(home=home)
    rt = Runtime(settings, make_backends(settings).knowledge)
    doc = add_document(rt, "q3-plan.md", PLAN)
    shutil.rmtree(snapshots(home))
    shutil.copytree(before, snapshots(home))  # the snapshots from before the upload
    out, imported = cold_ask(QUESTION, cli_env)
    assert imported and document_titles(out) == {"q3-plan.md"}
    out, imported = cold_ask(QUESTION, cli_env)  # and the snapshot is current again
    assert not imported and document_titles(out) == {"q3-plan.md"}

    with_doc = home / "snapshots-with-doc"
    shutil.copytree(snapshots(home), with_doc)
    remove_document(rt, doc.id)
    shutil.rmtree(snapshots(home))
    shutil.copytree(with_doc, snapshots(home))
    out, _ = cold_ask(QUESTION, cli_env)
    assert document_titles(out) == set() and "q3-plan.md" not in out["answer"]


def test_a_corrupt_snapshot_is_ignored_and_rewritten(settings: Settings) -> None:
    knowledge = make_backends(settings).knowledge
    expected = Runtime(settings, knowledge).retriever().search(NEEDS_ML, k=8).card_ids()
    files = sorted(snapshots(settings.home).glob("*.npz"))
    assert files  # reading the index left its snapshots
    for path in files:
        path.write_bytes(b"not a snapshot" * 50)
    again = Runtime(Settings(home=settings.home), knowledge).retriever()
    assert again.search(NEEDS_ML, k=8).card_ids() == expected
    assert all(path.read_bytes()[:2] == b"PK" for path in files)  # valid .npz again


def test_server_mode_never_reads_the_snapshot(settings: Settings) -> None:
    """The embedded index and its snapshot are in the home, but MLSCOPE_CHROMA_URL points
    at a server that is down: the read fails rather than answer from the snapshot."""
    embeddings = make_embeddings(settings)
    assert VectorIndex(settings, embeddings, E5_MODEL_ID).count() > 0
    assert any(snapshots(settings.home).glob("*.npz"))
    server = Settings(home=settings.home, chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(ConfigError):
        VectorIndex(server, embeddings, E5_MODEL_ID).count()


@pytest.mark.chroma_server
def test_server_rows_come_from_the_server(chroma_server: str, settings: Settings) -> None:
    embeddings = make_embeddings(settings)
    assert VectorIndex(settings, embeddings, E5_MODEL_ID).count() > 0  # snapshot written
    written = {p.name: p.stat().st_mtime_ns for p in snapshots(settings.home).glob("*.npz")}
    server = Settings(home=settings.home, chroma_url=chroma_server)
    index = VectorIndex(server, embeddings, E5_MODEL_ID)
    assert not index.exists() and index.ids() == [] and index.stored() == []
    rt = Runtime(server, make_backends(server).knowledge)
    doc = add_document(rt, "q3-plan.md", PLAN)
    assert {r["doc_id"] for r in rt.user_index().all_chunks()} == {doc.id}
    assert {p.name: p.stat().st_mtime_ns
            for p in snapshots(settings.home).glob("*.npz")} == written
