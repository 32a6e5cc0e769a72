"""The Streamlit pages' logic, driven by AppTest against a private home with the real index."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from app.backends import make_backends
from app.config import PROJECT_ROOT, Settings, get_settings
from app.rubric import VERDICTS, load_rubric
from app.store import OwnerStore, browser_owner, get_store

SCRIPT = str(PROJECT_ROOT / "app" / "ui" / "main.py")
PROBLEM = ("We get about 300 support tickets a day and agents route them by hand into 12 "
           "queues. Three years of tickets are logged with the queue the agent chose. We want "
           "to route them automatically to cut the first-response time.")


@pytest.fixture
def app_env(home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MLSCOPE_HOME", str(home))
    get_settings.cache_clear()
    yield home
    get_settings.cache_clear()


def _app(**query: str) -> AppTest:
    at = AppTest.from_file(SCRIPT, default_timeout=180)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def _ok(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert not [e.value for e in at.error]


def _store(at: AppTest, home: Path) -> OwnerStore:
    """The store as this AppTest session's (browser's) owner sees it."""
    owner = browser_owner(at.session_state["owner_token"])
    return get_store(Settings(home=home)).for_owner(owner)


def _texts(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_offline_chat_turn_cites_cards_and_is_stored(app_env: Path) -> None:
    at = _app()
    _ok(at)
    assert "Mode: offline" in _texts(at)  # the mode is always visible
    at.chat_input[0].set_value("Why should we measure a non-ML baseline first?").run()
    _ok(at)
    roles = [m.name for m in at.chat_message]
    assert roles == ["user", "assistant"]
    cid = at.query_params["c"][0] if isinstance(at.query_params["c"], list) else \
        at.query_params["c"]
    stored = _store(at, app_env).messages(cid)
    assert [m["role"] for m in stored] == ["user", "assistant"]
    meta = stored[1]["meta"]
    assert meta["mode"] == "offline" and meta["grounding"] == "cards" and meta["citations"]
    # one expander per cited card, labelled with its id; the grounding label is shown
    labels = [e.label for e in at.expander]
    assert all(any(f"[{c['id']}]" in label for label in labels) for c in meta["citations"])
    assert any("grounded in knowledge cards" in c.value for c in at.caption)
    assert any(b.key == f"regen-{stored[1]['id']}" for b in at.button)


def test_user_html_is_shown_as_text(app_env: Path) -> None:
    at = _app()
    at.chat_input[0].set_value("<img src=x onerror=alert(1)> what is an MVP?").run()
    _ok(at)
    user = at.chat_message[0].markdown[0].value
    assert "\\<img" in user  # escaped: Markdown shows it literally


def test_japanese_ui_switch(app_env: Path) -> None:
    at = _app()
    at.sidebar.radio(key="lang").set_value("ja").run()
    _ok(at)
    assert any("モード: **オフライン**" in c.value for c in at.caption)
    assert at.query_params["l"] in ("ja", ["ja"])
    at.chat_input[0].set_value("ベースラインは先に測るべき？").run()
    _ok(at)
    answer_line = [c.value for c in at.caption if c.value.startswith("根拠")]
    assert answer_line and "モード: オフライン" in answer_line[0], answer_line
    assert "offline" not in answer_line[0]


def test_assessment_quick_replies_rescore(app_env: Path) -> None:
    at = _app(p="assess")
    _ok(at)
    at.text_area(key="problem-new").set_value(PROBLEM)
    at.button(key="FormSubmitter:assess-form-Assess").click().run()
    _ok(at)
    store = _store(at, app_env)
    cid = at.query_params["c"]
    cid = cid[0] if isinstance(cid, list) else cid
    first = store.latest_assessment(cid)
    open_q = [b.key.split("-")[2] for b in at.button
              if b.key and b.key.startswith(f"qr-{first['id']}-") and b.key.endswith("-met")]
    assert open_q, "an unknown criterion should be asked about"
    crit = open_q[0]
    at.button(key=f"qr-{first['id']}-{crit}-unmet").click().run()
    _ok(at)
    second = store.latest_assessment(cid)
    # stored as the user's word, so the evidence reads "Answered “No” to: ..."
    assert second["id"] == first["id"] and second["answers"] == {crit: "no"}
    status = {c["id"]: c["status"] for c in second["result"]["criteria"]}
    assert status[crit] == "unmet"
    # re-scored: an unmet gate changes the verdict to not_ml / not_yet
    assert second["result"]["verdict"] in ("not_ml", "not_yet")
    assert second["result"]["verdict"] != first["result"]["verdict"]
    table = at.dataframe[0].value
    assert "❌" in " ".join(table.iloc[:, 2].tolist())
    # the question just answered is no longer asked, and what it changed is shown
    assert not any(b.key == f"qr-{first['id']}-{crit}-met" for b in at.button)
    assert any("→" in m.value for m in at.info)


def test_proposal_download_has_citations(app_env: Path, monkeypatch) -> None:
    downloads: list[bytes] = []
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        if filename and filename.endswith(".md"):
            downloads.append(path_or_data)
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    at = _app(p="assess")
    at.text_area(key="problem-new").set_value(PROBLEM)
    at.button(key="FormSubmitter:assess-form-Assess").click().run()
    at.sidebar.radio(key="page").set_value("proposal").run()
    _ok(at)
    at.button(key="gen-proposal").click().run()
    _ok(at)
    area = at.text_area[0]
    assert area.value.startswith("#")
    assert downloads and downloads[-1].decode("utf-8") == area.value
    body = downloads[-1].decode("utf-8")
    assert "[" in body and "References" in body
    # edits are saved and are what gets downloaded
    area.set_value(area.value + "\n\nEDITED BY A HUMAN\n")
    at.button(key=next(b.key for b in at.button if b.key.startswith("save-"))).click().run()
    _ok(at)
    assert downloads[-1].decode("utf-8").endswith("EDITED BY A HUMAN\n")


def test_feedback_is_stored_with_reason(app_env: Path) -> None:
    at = _app()
    at.chat_input[0].set_value("What is human-in-the-loop?").run()
    down = next(b for b in at.button if b.key and b.key.startswith("down-message-"))
    down.click().run()
    _ok(at)
    slug = down.key.removeprefix("down-")
    at.radio(key=f"reason-{slug}").set_value("missing_point")
    at.text_input(key=f"comment-{slug}").set_value("no mention of review queues")
    at.button(key=f"FormSubmitter:form-{slug}-Send feedback").click().run()
    _ok(at)
    items = get_store(Settings(home=app_env)).feedback(rating=-1)
    assert len(items) == 1
    fb = items[0]
    assert fb["reason"] == "missing_point" and fb["comment"] == "no mention of review queues"
    assert fb["question"] == "What is human-in-the-loop?" and fb["mode"] == "offline"
    assert fb["card_ids"] and fb["answer"]


def test_conversation_restored_by_id_and_deleted(app_env: Path, monkeypatch) -> None:
    from app.ui import owner as owner_mod

    at = _app()
    at.chat_input[0].set_value("機械学習の前にルールベースを試すべき理由は？").run()
    _ok(at)
    cid = at.query_params["c"]
    cid = cid[0] if isinstance(cid, list) else cid
    assert "u" not in at.query_params  # the owner is never in the URL
    # A new session (a browser refresh or an app restart) with the same URL, from the same
    # browser: it sends the owner cookie (AppTest cannot send cookies, so they are given).
    cookie = {owner_mod.COOKIE: at.session_state["owner_token"]}
    monkeypatch.setattr(owner_mod, "_request_cookies", lambda: cookie)
    again = _app(c=cid)
    _ok(again)
    assert [m.name for m in again.chat_message] == ["user", "assistant"]
    assert "ルールベース" in again.chat_message[0].markdown[0].value
    assert any(b.key == f"conv-{cid}" for b in again.sidebar.button)
    store = _store(again, app_env)
    # Another browser (another owner) does not list it.
    monkeypatch.setattr(owner_mod, "_request_cookies", lambda: {})
    other = _app()
    assert not any(b.key == f"conv-{cid}" for b in other.sidebar.button)
    again.sidebar.button(key="del-conv").click().run()
    _ok(again)
    assert store.get_conversation(cid) is None
    assert not again.chat_message


def test_user_documents_are_searchable_and_removable(settings: Settings) -> None:
    from app.chat import answer
    from app.documents import add_document, decode_upload, list_documents, remove_document
    from app.errors import InputError
    from app.runtime import get_runtime

    rt = get_runtime(settings)
    with pytest.raises(InputError, match="only Markdown"):
        decode_upload("slides.pdf", b"%PDF")
    with pytest.raises(InputError, match="limit is 1 MB"):
        decode_upload("big.md", b"x" * 1_000_001)
    text = decode_upload("kiln.md", "# Kiln playbook\n\nOur zirconia kiln firing schedule "
                         "logs every temperature curve.\n\n窯の焼成記録はすべて残しています。"
                         .encode())
    steps: list[tuple[int, int]] = []
    doc = add_document(rt, "kiln.md", text, progress=lambda d, t: steps.append((d, t)))
    assert steps[-1] == (doc.chunks, doc.chunks)
    assert [d.name for d in list_documents(rt)] == ["kiln.md"]
    hits = rt.retriever().search("zirconia kiln firing schedule", k=5)
    assert doc.card_id in hits.card_ids()
    # A document is cited by its name, as a document (not as a card).
    result = answer("zirconia kiln firing schedule", backends=make_backends(settings, rt))
    docs = [c for c in result.citations if c.id == doc.card_id]
    assert docs and docs[0].kind == "document" and docs[0].title == "kiln.md"
    assert "[kiln.md]" in result.text
    remove_document(rt, doc.id)
    assert list_documents(rt) == []
    assert doc.card_id not in rt.retriever().search("zirconia kiln", k=5).card_ids()


def _shown(at: AppTest) -> list[str]:
    """Every text a person reads on the page: headings, captions, labels, options, cells."""
    out = [e.value for kind in ("header", "subheader", "caption", "markdown", "success", "info",
                                "error") for e in getattr(at, kind)]
    for w in [*at.button, *at.text_input, *at.selectbox, *at.radio, *at.metric, *at.expander]:
        out.append(getattr(w, "label", "") or "")
    for df in at.dataframe:
        frame = df.value
        out += [str(c) for c in frame.columns] + [str(v) for v in frame.to_numpy().ravel()]
        out += [str(i) for i in frame.index]
    return out


def _english_labels(texts: list[str]) -> list[str]:
    from app.ui.i18n import STRINGS
    english = {e["en"] for e in STRINGS.values() if e["en"] != e.get("ja")}
    return [x for x in texts if x in english or re.search(r"\d chars|· \d\.\d{3}$", x)
            or "_" in x and x.isascii() and x.islower() and " " not in x]


CRITERIA = list(load_rubric(PROJECT_ROOT / "knowledge" / "rubric.yaml").criteria)
EVAL_DATA = {
    "metrics": {
        "verdict_accuracy": 0.8, "verdict_accuracy_lenient": 0.95, "checklist_score": 0.7,
        "citation_validity": 1.0, "unmet": {"precision": 0.6, "recall": 0.5, "f1": 0.55},
        "confusion": {e: {p: int(e == p) * 3 for p in VERDICTS} for e in VERDICTS},
        "per_criterion": {CRITERIA[0]: {"f1": 0.9}, CRITERIA[1]: {"f1": 0.4}},
        "retrieval": {"hybrid": {"hit@5": 0.9}, "bm25": {"hit@5": 0.7}},
        "latency_ms": {"assess": {"p50": 12.0, "p95": 40.0}},
    },
    "scenarios": [{"id": "s1", "source": "scenarios.yaml", "lang": "ja", "passed": False,
                   "expected_verdict": VERDICTS[0], "verdict": VERDICTS[-1], "missed_unmet": [],
                   "extra_unmet": [CRITERIA[1]]}],
}


def test_eval_page_shows_charts_and_plain_names(app_env: Path) -> None:
    for lang, plain in (("en", "Verdict accuracy"), ("ja", "判定の正解率")):
        at = _app(p="eval")
        at.sidebar.radio(key="lang").set_value(lang).run()
        at.session_state["eval-result"] = EVAL_DATA
        at.run()
        _ok(at)
        shown = _shown(at)
        assert plain in shown
        assert not [x for x in shown if x in ("verdict_accuracy", "checklist_score",
                                              "verdict_accuracy_lenient", "unmet_f1")]
        charts = [h.proto.body for h in at.get("html") if "<svg" in h.proto.body]
        assert len(charts) >= 2  # the confusion heat map and the per-criterion chart
        if lang == "ja":
            assert not _english_labels(shown), _english_labels(shown)
            assert "ML適性の判定" in [o for o in at.sidebar.radio(key="page").options]
            assert "評価スイート（品質テスト）" in at.sidebar.radio(key="page").options


def test_japanese_knowledge_page_has_no_english_and_no_scores(app_env: Path) -> None:
    at = _app(p="knowledge")
    at.sidebar.radio(key="lang").set_value("ja").run()
    at.text_input(key="kb-search").set_value("データが少ない").run()
    _ok(at)
    shown = _shown(at)
    hits = [e.label for e in at.expander if e.label[:1].isdigit()]
    assert hits and hits[0].startswith("1. ")  # rank order, no similarity score
    assert not any("0." in h.split("]")[-1] for h in hits)
    assert not _english_labels(shown), _english_labels(shown)


def test_oversized_upload_states_the_one_limit(app_env: Path) -> None:
    from types import SimpleNamespace

    from app.ui.i18n import t
    from app.ui.views.knowledge import upload_problem

    for lang in ("en", "ja"):
        ctx = SimpleNamespace(t=lambda key, _l=lang, **fmt: t(key, _l, **fmt))
        small = upload_problem(ctx, "notes.md", b"x" * 1_500_000)
        huge = upload_problem(ctx, "notes.md", b"x" * 150_000_000)
        assert small and huge and "1 MB" in small.replace("1MB", "1 MB")
        assert small.split("MB")[1:] == huge.split("MB")[1:]  # same wording at any size
        assert upload_problem(ctx, "notes.md", b"ok") is None
    at = _app(p="knowledge")
    at.sidebar.radio(key="lang").set_value("ja").run()
    uploader = at.get("file_uploader")[0].proto
    assert "1MB" in uploader.label and uploader.max_upload_size_mb > 100
