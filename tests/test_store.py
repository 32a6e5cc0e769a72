"""The store keeps conversations per browser owner and survives a new process."""

from __future__ import annotations

import subprocess
import sys

from app.store import Store


def test_conversation_round_trip_and_owner_isolation(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    store = Store(url)
    mine = store.create_conversation("a" * 32, "tickets")
    theirs = store.create_conversation("b" * 32, "churn")
    store.add_message(mine, "user", "hello <b>there</b>")
    mid = store.add_message(mine, "assistant", "hi", {"route": "qa", "card_ids": ["x"]})
    aid = store.save_assessment(mine, "problem", {}, {"verdict": "needs_info"})
    store.save_assessment(mine, "problem", {"labels": "met"}, {"verdict": "ml_fit"},
                          record_id=aid)
    store.save_proposal(mine, "# draft", {"language": "en"})
    store.save_feedback(mine, f"message:{mid}", kind="answer", rating=-1, reason="other",
                        question="hello", answer="hi", card_ids=["x"], mode="offline")

    assert [c["id"] for c in store.list_conversations("a" * 32)] == [mine]
    assert [c["id"] for c in store.list_conversations("b" * 32)] == [theirs]

    # A fresh process (an app restart) reads the same data back.
    code = (
        "from app.store import Store; import json, sys; s = Store(sys.argv[1]); "
        "cid = sys.argv[2]; print(json.dumps([[m['role'], m['content']] for m in "
        "s.messages(cid)] + [s.latest_assessment(cid)['answers'], "
        "s.latest_assessment(cid)['result']['verdict'], s.latest_proposal(cid)['markdown']]))"
    )
    out = subprocess.run([sys.executable, "-c", code, url, mine], capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == ('[["user", "hello <b>there</b>"], ["assistant", "hi"], '
                           '{"labels": "met"}, "ml_fit", "# draft"]')


def test_feedback_replaces_vote_and_delete_cascades(tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    cid = store.create_conversation("c" * 32)
    store.save_feedback(cid, "message:1", kind="answer", rating=1)
    store.save_feedback(cid, "message:1", kind="answer", rating=-1, reason="nonsense")
    items = store.feedback()
    assert len(items) == 1 and items[0]["rating"] == -1
    assert items[0]["reason"] == "other"  # unknown reasons are normalised
    store.add_message(cid, "user", "x")
    store.delete_conversation(cid)
    assert store.get_conversation(cid) is None
    assert store.messages(cid) == [] and store.feedback() == []
