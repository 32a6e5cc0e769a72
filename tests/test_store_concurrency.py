"""Browser sessions of `mlscope ui` processes sharing one SQLite file: while some write
their turns, others read theirs, and nobody gets "database is locked" or loses a message
(20 sessions of the load benchmark once did: bench/load.py)."""

from __future__ import annotations

import multiprocessing as mp
import threading
from pathlib import Path

from app.store import Store, browser_owner

PROCESSES, SESSIONS, TURNS = 6, 5, 12
META = {"route": "qa", "citations": [{"kind": "card", "id": "x" * 40}] * 8, "text": "y" * 4000}


def _turns(store: Store, owner: str) -> str:
    cid = store.create_conversation(owner, "load")
    for turn in range(TURNS):
        # What one chat turn does: the page is drawn from the store, the question and the
        # answer are written, the sidebar lists the conversations.
        store.messages(owner, cid)
        store.feedback_for(owner, cid)
        store.add_message(owner, cid, "user", f"question {turn}")
        store.add_message(owner, cid, "assistant", f"answer {turn}", META)
        store.list_conversations(owner)
    return cid


def _process(url: str, p: int, results) -> None:
    store = Store(url)
    out: list[tuple[str, str | None, str | None]] = []

    def session(i: int) -> None:
        owner = browser_owner(f"browser-{p}-{i}")
        try:
            out.append((owner, _turns(store, owner), None))
        except Exception as exc:  # noqa: BLE001 (every failure is the finding)
            out.append((owner, None, str(exc)[:300]))

    threads = [threading.Thread(target=session, args=(i,)) for i in range(SESSIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    store.dispose()
    results.put(out)


def test_sessions_of_several_processes_share_one_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'mlscope.db'}"
    Store(url).dispose()  # migrated once, as `mlscope ui` does before serving
    ctx = mp.get_context("spawn")
    results = ctx.Queue()
    procs = [ctx.Process(target=_process, args=(url, p, results)) for p in range(PROCESSES)]
    for proc in procs:
        proc.start()
    sessions = [s for _ in procs for s in results.get(timeout=180)]
    for proc in procs:
        proc.join(timeout=30)
    errors = [err for _owner, _cid, err in sessions if err]
    assert not errors, errors[:3]
    store = Store(url)
    for owner, cid, _err in sessions:
        contents = [m["content"] for m in store.messages(owner, cid)]
        assert contents == [x for n in range(TURNS) for x in (f"question {n}", f"answer {n}")]
    store.dispose()
