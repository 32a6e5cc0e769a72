"""The user's own documents: retrieved, quoted and cited by name; gone when removed; seen
by every process sharing the index; managed from the CLI with the UI's limits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import app.runtime as runtime_mod
from app.backends import make_backends
from app.chat import answer
from app.config import Settings
from app.documents import add_document, list_documents, remove_document
from app.runtime import Runtime

from conftest import run_cli

PLAN = ("# Q3 churn plan\n\nOur retention team calls customers whose contracts end within 60 "
        "days, and each call is logged in the CRM with its outcome.\n\nThe churn model must "
        "flag the 200 customers most likely to cancel each week, so the team calls them first.")
QUESTION = "How many customers should the churn model flag each week according to our plan?"


def test_document_is_quoted_and_cited_by_name_then_gone(settings: Settings) -> None:
    rt = Runtime(settings, make_backends(settings).knowledge)
    backends = make_backends(settings, rt)
    doc = add_document(rt, "q3-plan.md", PLAN)
    result = answer(QUESTION, backends=backends)
    cites = {c.id: c for c in result.citations}
    assert cites[doc.card_id].kind == "document" and cites[doc.card_id].title == "q3-plan.md"
    assert "[q3-plan.md]" in result.text and "200 customers" in result.text
    assert {"kind": "document", "id": doc.card_id, "title": "q3-plan.md"} in \
        result.as_dict()["citations"]
    remove_document(rt, doc.id)
    again = answer(QUESTION, backends=backends)
    assert doc.card_id not in {c.id for c in again.citations}
    assert "q3-plan.md" not in again.text


def test_a_second_process_sees_added_and_removed_documents(settings: Settings,
                                                           monkeypatch) -> None:
    """Two runtimes on one index stand for two replicas sharing a Chroma server."""
    monkeypatch.setattr(runtime_mod, "DOCUMENTS_CHECK_S", 0.0)
    knowledge = make_backends(settings).knowledge
    writer = Runtime(settings, knowledge)
    reader = Runtime(Settings(home=settings.home), knowledge)
    assert reader.retriever().search(QUESTION, k=5).card_ids()  # built before the upload
    doc = add_document(writer, "q3-plan.md", PLAN)
    assert doc.card_id in reader.retriever().search(QUESTION, k=5).card_ids()
    remove_document(writer, doc.id)
    assert doc.card_id not in reader.retriever().search(QUESTION, k=5).card_ids()


def test_re_adding_a_file_of_the_same_name_replaces_it(settings: Settings) -> None:
    rt = Runtime(settings, make_backends(settings).knowledge)
    add_document(rt, "notes.txt", "First version of the notes about labelling tickets.")
    add_document(rt, "notes.txt", "Second version of the notes about labelling tickets.")
    docs = list_documents(rt)
    assert [d.name for d in docs] == ["notes.txt"]
    assert "Second" in rt.user_index().all_chunks()[0]["text"]


def test_cli_docs_add_list_remove(cli_env, tmp_path: Path) -> None:
    plan = tmp_path / "q3-plan.md"
    plan.write_text(PLAN, encoding="utf-8")
    (tmp_path / "slides.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "big.md").write_text("x" * 1_000_001, encoding="utf-8")
    proc = run_cli(["docs", "add", str(plan), str(tmp_path / "slides.pdf"),
                    str(tmp_path / "big.md")], cli_env)
    assert proc.returncode == 2
    assert "added q3-plan.md" in proc.stderr
    assert "only Markdown" in proc.stderr and "limit is 1 MB" in proc.stderr
    assert "Traceback" not in proc.stderr
    listed = json.loads(run_cli(["docs", "list", "--json"], cli_env).stdout)
    assert [d["name"] for d in listed["documents"]] == ["q3-plan.md"]
    asked = json.loads(run_cli(["ask", QUESTION, "--json"], cli_env).stdout)
    assert any(c["kind"] == "document" and c["title"] == "q3-plan.md"
               for c in asked["citations"])
    assert run_cli(["docs", "remove", "q3-plan.md"], cli_env).returncode == 0
    missing = run_cli(["docs", "remove", "q3-plan.md"], cli_env)
    assert missing.returncode == 2 and "docs list" in missing.stderr
    assert json.loads(run_cli(["docs", "list", "--json"], cli_env).stdout)["documents"] == []


@pytest.mark.chroma_server
def test_documents_live_in_the_chroma_server(chroma_server: str, tmp_path: Path,
                                             settings: Settings) -> None:
    shared = Settings(home=tmp_path / "a", chroma_url=chroma_server)
    knowledge = make_backends(settings).knowledge
    one, two = Runtime(shared, knowledge), Runtime(Settings(home=tmp_path / "b",
                                                            chroma_url=chroma_server), knowledge)
    doc = add_document(one, "q3-plan.md", PLAN)
    assert [d.name for d in list_documents(two)] == ["q3-plan.md"]
    remove_document(two, doc.id)
    assert list_documents(one) == []
