"""The store, on SQLite and on a real PostgreSQL (`db_url` is parametrized; the PostgreSQL
half carries the `postgres` marker): owner-only access, migrations on open, an in-place
upgrade of a database made by mlscope 0.1, several replicas on one database."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, insert, select, text

from app.errors import ConfigError
from app.store import NotFoundError, Store, browser_owner, oidc_owner
from app.store_db import current_revision, make_engine, parse_url
from app.store_schema import Base, new_id

DATA = Path(__file__).parent / "data"
HEAD = "0002"
MINE, THEIRS = browser_owner("token-of-my-browser"), browser_owner("token-of-another-browser")


def test_conversation_round_trip_and_owner_lists(db_url: str) -> None:
    store = Store(db_url)
    mine = store.create_conversation(MINE, "tickets")
    theirs = store.create_conversation(THEIRS, "churn")
    store.add_message(MINE, mine, "user", "hello <b>there</b>")
    mid = store.add_message(MINE, mine, "assistant", "hi", {"route": "qa", "card_ids": ["x"]})
    aid = store.save_assessment(MINE, mine, "problem", {}, {"verdict": "needs_info"})
    store.save_assessment(MINE, mine, "problem", {"labels": "met"}, {"verdict": "ml_fit"},
                          record_id=aid)
    store.save_proposal(MINE, mine, "# draft", {"language": "en"})
    store.save_feedback(MINE, mine, f"message:{mid}", kind="answer", rating=-1, reason="other",
                        question="hello", answer="hi", card_ids=["x"], mode="offline")

    assert [c["id"] for c in store.list_conversations(MINE)] == [mine]
    assert [c["id"] for c in store.list_conversations(THEIRS)] == [theirs]
    assert store.list_conversations("") == []

    # A fresh process (an app restart) reads the same data back.
    code = (
        "from app.store import Store; import json, sys; s = Store(sys.argv[1]); "
        "o, cid = sys.argv[2], sys.argv[3]; a = s.latest_assessment(o, cid); "
        "print(json.dumps([[m['role'], m['content']] for m in s.messages(o, cid)] + "
        "[a['answers'], a['result']['verdict'], s.latest_proposal(o, cid)['markdown']]))"
    )
    out = subprocess.run([sys.executable, "-c", code, db_url, MINE, mine], capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == ('[["user", "hello <b>there</b>"], ["assistant", "hi"], '
                           '{"labels": "met"}, "ml_fit", "# draft"]')


def test_another_owner_sees_nothing_and_changes_nothing(db_url: str) -> None:
    store = Store(db_url)
    cid = store.create_conversation(MINE, "secret title")
    mid = store.add_message(MINE, cid, "user", "secret text")
    aid = store.save_assessment(MINE, cid, "secret problem", {}, {"verdict": "ml_fit"})
    pid = store.save_proposal(MINE, cid, "# secret", {})
    store.save_feedback(MINE, cid, f"message:{mid}", kind="answer", rating=1)
    other_of_mine = store.create_conversation(MINE, "another of mine")

    messages: set[str] = set()
    # Someone else's id behaves exactly like an id that never existed.
    for target in (cid, new_id()):
        for owner in (THEIRS, "", oidc_owner("https://idp.example", "sub-1")):
            assert store.get_conversation(owner, target) is None
            assert store.messages(owner, target) == []
            assert store.latest_assessment(owner, target) is None
            assert store.latest_proposal(owner, target) is None
            assert store.feedback_for(owner, target) == {}
            writes = [
                lambda o=owner, t=target: store.add_message(o, t, "user", "injected"),
                lambda o=owner, t=target: store.rename_conversation(o, t, "renamed"),
                lambda o=owner, t=target: store.delete_conversation(o, t),
                lambda o=owner, t=target: store.save_assessment(o, t, "p", {}, {}),
                lambda o=owner, t=target: store.save_assessment(o, t, "p", {}, {},
                                                                record_id=aid),
                lambda o=owner, t=target: store.save_proposal(o, t, "# x", {}),
                lambda o=owner, t=target: store.save_proposal(o, t, "# x", {}, record_id=pid),
                lambda o=owner, t=target: store.save_feedback(o, t, f"message:{mid}",
                                                              kind="answer", rating=-1),
            ]
            for write in writes:
                with pytest.raises(NotFoundError) as caught:
                    write()
                messages.add(str(caught.value))
    for owner in (THEIRS, ""):
        with pytest.raises(NotFoundError) as caught:
            store.update_message(owner, mid, "overwritten", {})
        messages.add(str(caught.value))
    # A record id from one of my conversations cannot be written through another one.
    with pytest.raises(NotFoundError):
        store.save_assessment(MINE, other_of_mine, "p", {}, {}, record_id=aid)
    with pytest.raises(NotFoundError):
        store.save_proposal(MINE, other_of_mine, "# x", {}, record_id=pid)
    assert len(messages) == 1 and "does not exist" in messages.pop()

    # The owner's data is untouched.
    assert store.get_conversation(MINE, cid)["title"] == "secret title"
    assert [m["content"] for m in store.messages(MINE, cid)] == ["secret text"]
    assert store.latest_assessment(MINE, cid)["problem"] == "secret problem"
    assert store.latest_proposal(MINE, cid)["markdown"] == "# secret"
    assert store.feedback_for(MINE, cid)[f"message:{mid}"]["rating"] == 1
    assert len(store.feedback()) == 1


def test_owner_view_binds_the_owner(db_url: str) -> None:
    store = Store(db_url)
    mine, theirs = store.for_owner(MINE), store.for_owner(THEIRS)
    cid = mine.create_conversation("mine")
    mine.add_message(cid, "user", "x")
    assert theirs.get_conversation(cid) is None and theirs.messages(cid) == []
    with pytest.raises(NotFoundError):
        theirs.delete_conversation(cid)
    assert [c["id"] for c in mine.list_conversations()] == [cid]
    with pytest.raises(ValueError):
        store.for_owner("")


def test_feedback_replaces_vote_and_delete_cascades(db_url: str) -> None:
    store = Store(db_url)
    cid = store.create_conversation(MINE)
    store.save_feedback(MINE, cid, "message:1", kind="answer", rating=1)
    store.save_feedback(MINE, cid, "message:1", kind="answer", rating=-1, reason="nonsense")
    items = store.feedback()
    assert len(items) == 1 and items[0]["rating"] == -1
    assert items[0]["reason"] == "other"  # unknown reasons are normalised
    store.add_message(MINE, cid, "user", "x")
    store.save_assessment(MINE, cid, "p", {}, {})
    store.save_proposal(MINE, cid, "# p", {})
    store.delete_conversation(MINE, cid)
    assert store.get_conversation(MINE, cid) is None
    assert store.messages(MINE, cid) == [] and store.feedback() == []
    with store.engine.connect() as conn:
        for table in ("messages", "assessments", "proposals", "feedback"):
            assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0


def test_replicas_share_one_database(db_url: str) -> None:
    """Two stores (two UI replicas) on one database: either continues any conversation."""
    a, b = Store(db_url), Store(db_url)
    cid = a.create_conversation(MINE, "shared")
    b.add_message(MINE, cid, "user", "from replica b")
    a.add_message(MINE, cid, "assistant", "from replica a")
    assert [m["content"] for m in b.messages(MINE, cid)] == ["from replica b", "from replica a"]
    assert [c["id"] for c in a.list_conversations(MINE)] == [cid]
    a.dispose()
    b.dispose()


def test_concurrent_votes_on_one_target_keep_one_row(db_url: str) -> None:
    a, b = Store(db_url), Store(db_url)
    cid = a.create_conversation(MINE)
    barrier, errors = threading.Barrier(4), []

    def vote(store: Store, rating: int) -> None:
        try:
            barrier.wait()
            for _ in range(5):
                store.save_feedback(MINE, cid, "message:7", kind="answer", rating=rating)
        except Exception as exc:  # collected: the assertion below names it
            errors.append(exc)

    threads = [threading.Thread(target=vote, args=(s, r)) for s in (a, b) for r in (1, -1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(a.feedback_for(MINE, cid)) == 1 and len(a.feedback()) == 1


def test_fresh_database_is_migrated_to_head_and_matches_the_models(db_url: str) -> None:
    store = Store(db_url)
    assert current_revision(store.engine) == HEAD
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                Base.metadata)
    assert diff == []
    Store(db_url)  # opening again is a no-op


def _legacy_database(url: str) -> tuple[str, str]:
    """A database exactly as mlscope 0.1 made it (its DDL, no Alembic), holding one
    browser's conversation; returns (that browser's token, conversation id)."""
    parsed = parse_url(url)
    engine = make_engine(parsed)
    ddl = (DATA / f"store_v0_1.{parsed.get_backend_name()}.sql").read_text(encoding="utf-8")
    statements = [s for s in "\n".join(line for line in ddl.splitlines()
                                       if not line.startswith("--")).split(";") if s.strip()]
    token, cid = "0123456789abcdef" * 2, "c" * 32
    stamp = datetime(2025, 11, 1, 9, 30, tzinfo=UTC)
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
        meta = MetaData()
        meta.reflect(conn)
        t = meta.tables
        conn.execute(insert(t["conversations"]).values(
            id=cid, owner=token, title="チケット振り分け", created_at=stamp, updated_at=stamp))
        for role, content in (("user", "毎日300件のチケット"), ("assistant", "Verdict: ml_fit")):
            conn.execute(insert(t["messages"]).values(
                conversation_id=cid, role=role, content=content,
                meta={"route": "assess", "card_ids": ["no-data-no-ml"]}, created_at=stamp))
        conn.execute(insert(t["assessments"]).values(
            conversation_id=cid, problem="tickets", answers={"labels": "met"},
            result={"verdict": "ml_fit"}, created_at=stamp))
        conn.execute(insert(t["proposals"]).values(
            conversation_id=cid, markdown="# Proposal", meta={"language": "ja"},
            created_at=stamp))
        # 0.1 had no unique index: a race could leave two votes for one target.
        for rating in (1, -1):
            conn.execute(insert(t["feedback"]).values(
                conversation_id=cid, target="message:2", kind="answer", rating=rating,
                reason=None, comment="", question="q", answer="a", card_ids=["x"],
                mode="offline", language="ja", verdict=None, created_at=stamp))
    engine.dispose()
    return token, cid


def test_database_from_0_1_upgrades_in_place_keeping_its_rows(db_url: str) -> None:
    token, cid = _legacy_database(db_url)
    store = Store(db_url)
    assert current_revision(store.engine) == HEAD
    owner = browser_owner(token)
    # The browser's conversation is still its own, and only its own.
    assert [c["title"] for c in store.list_conversations(owner)] == ["チケット振り分け"]
    assert store.list_conversations(token) == []  # the raw token is no longer stored
    assert [(m["role"], m["content"], m["meta"]["card_ids"]) for m in
            store.messages(owner, cid)] == [("user", "毎日300件のチケット", ["no-data-no-ml"]),
                                            ("assistant", "Verdict: ml_fit", ["no-data-no-ml"])]
    assessment = store.latest_assessment(owner, cid)
    assert assessment["answers"] == {"labels": "met"}
    assert assessment["result"] == {"verdict": "ml_fit"}
    assert store.latest_proposal(owner, cid)["markdown"] == "# Proposal"
    votes = store.feedback_for(owner, cid)
    assert list(votes) == ["message:2"] and votes["message:2"]["rating"] == -1  # the newest
    # It keeps working: new rows get new ids after the old ones.
    new_mid = store.add_message(owner, cid, "user", "and now?")
    assert new_mid > max(m["id"] for m in store.messages(owner, cid)[:-1])
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                Base.metadata)
        stored = conn.execute(select(text("owner")).select_from(text("conversations"))
                              ).scalars().all()
    assert diff == []
    assert stored == [owner]
    json.dumps(store.get_conversation(owner, cid), default=str)  # plain data out
    # The 0.1 bookmark (?u=token) hands its conversations to the first browser, once.
    browser = browser_owner("a-fresh-cookie-token")
    assert store.adopt_legacy_owner(browser, token) == 1
    assert store.adopt_legacy_owner(THEIRS, token) == 0
    assert [c["id"] for c in store.list_conversations(browser)] == [cid]
    assert store.list_conversations(owner) == [] and store.list_conversations(THEIRS) == []


def test_database_from_a_newer_release_is_a_clear_error(db_url: str) -> None:
    Store(db_url).dispose()
    engine = make_engine(parse_url(db_url))
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(ConfigError, match="newer release"):
        Store(db_url)
