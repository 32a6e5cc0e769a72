"""Two `mlscope ui` replicas sharing one `chroma run` server and one PostgreSQL, driven in
Debian chromium: a conversation moves between them, a document uploaded on one is cited on
the other, and two people on two replicas never see each other's conversations."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.store import Store, browser_owner

from replicas import Replica, chroma_server, replicas, seed_cards
from test_ui_browser import CHROMIUM, CHROMIUM_ARGS, MSG, go, send

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.chroma_server]

VIEWPORT = {"width": 1400, "height": 1000}
PLAN = ("# Q3 churn plan\n\nOur retention team calls customers whose contracts end within 60 "
        "days, and each call is logged in the CRM with its outcome.\n\nThe churn model must "
        "flag the 200 customers most likely to cancel each week, so the team calls them first.")
QUESTION = "How many customers should the churn model flag each week according to our plan?"


class Cluster:
    def __init__(self, one: Replica, two: Replica, db_url: str) -> None:
        self.one, self.two, self.db_url = one, two, db_url

    def messages(self, token: str, cid: str) -> list[dict]:
        """What PostgreSQL holds for the conversation, as its owner sees it."""
        store = Store(self.db_url)
        try:
            return store.for_owner(browser_owner(token)).messages(cid)
        finally:
            store.dispose()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, built_home: Path, pg_server
            ) -> Iterator[Cluster]:
    root = tmp_path_factory.mktemp("replicas")
    db_url = pg_server.create_database()
    with chroma_server(root / "chroma-server", root / "chroma.log") as chroma_url:
        assert seed_cards(built_home, chroma_url) > 0
        with replicas(2, root, built_home, chroma_url=chroma_url, db_url=db_url) as (one, two):
            yield Cluster(one, two, db_url)


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def open_chat(context, url: str):
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(url)
    page.get_by_test_id("stChatInputTextArea").wait_for()
    return page


def conversation_id(page) -> str:
    match = re.search(r"[?&]c=([0-9a-f]{32})", page.url)
    assert match, page.url
    return match.group(1)


def owner_token(context) -> str:
    return {c["name"]: c["value"] for c in context.cookies()}["mlscope_owner"]


def test_a_conversation_started_on_one_replica_continues_on_the_other(cluster, chromium
                                                                       ) -> None:
    ctx = chromium.new_context(viewport=VIEWPORT)
    try:
        page = open_chat(ctx, cluster.one.url)
        send(page, "Why should we measure a non-ML baseline before building a model?")
        cid = conversation_id(page)
        first_answer = page.locator(MSG).nth(1).inner_text()
        query = page.url.split("?", 1)[1]

        # Same browser (same cookie: cookies do not depend on the port), other replica.
        other = ctx.new_page()
        other.set_default_timeout(120_000)
        other.goto(f"{cluster.two.url}/?{query}")
        other.locator(MSG).nth(1).get_by_role("button", name="👍").wait_for()
        assert "non-ML baseline" in other.locator(MSG).nth(0).inner_text()
        assert other.locator(MSG).nth(1).inner_text() == first_answer
        send(other, "What is Wizard of Oz prototyping?")
        assert conversation_id(other) == cid  # continued, not a new conversation

        stored = cluster.messages(owner_token(ctx), cid)
        assert [m["role"] for m in stored] == ["user", "assistant", "user", "assistant"]
        assert "Wizard of Oz" in stored[2]["content"] and stored[3]["content"].strip()
        # Back on the first replica the continuation is there too.
        page.reload()
        page.locator(MSG).nth(3).wait_for()
        assert "Wizard of Oz" in page.locator(MSG).nth(2).inner_text()
    finally:
        ctx.close()


def test_a_document_uploaded_on_one_replica_is_cited_on_the_other(cluster, chromium) -> None:
    ctx = chromium.new_context(viewport=VIEWPORT)
    try:
        page = open_chat(ctx, cluster.one.url)
        go(page, "Knowledge")
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
            files=[{"name": "q3-plan.md", "mimeType": "text/markdown",
                    "buffer": PLAN.encode()}])
        page.get_by_role("button", name="Add to knowledge").click()
        page.get_by_text("Added q3-plan.md").wait_for()

        other = open_chat(ctx, cluster.two.url)
        send(other, QUESTION)
        answer = other.locator(MSG).nth(1)
        assert "200 customers" in answer.inner_text()
        assert "q3-plan.md" in answer.inner_text()  # cited by its name
        assert any("q3-plan.md" in t for t in answer.get_by_test_id("stExpander").all_inner_texts())
        # The second replica lists it on its own Knowledge page too.
        go(other, "Knowledge")
        other.get_by_text("q3-plan.md", exact=True).wait_for()
    finally:
        ctx.close()


def test_two_people_on_two_replicas_never_see_each_other(cluster, chromium) -> None:
    ctx_a = chromium.new_context(viewport=VIEWPORT)
    ctx_b = chromium.new_context(viewport=VIEWPORT)
    try:
        page_a = open_chat(ctx_a, cluster.one.url)
        send(page_a, "Alpha team: how do we label support tickets cheaply?")
        cid_a = conversation_id(page_a)
        page_b = open_chat(ctx_b, cluster.two.url)
        send(page_b, "Beta team: when is a rules engine enough?")
        cid_b = conversation_id(page_b)
        assert owner_token(ctx_a) != owner_token(ctx_b)

        page_a.reload()
        sidebar_a = page_a.get_by_test_id("stSidebar")
        sidebar_a.get_by_text("Alpha team", exact=False).first.wait_for()
        assert "Beta team" not in sidebar_a.inner_text()
        assert "Alpha team" not in page_b.get_by_test_id("stSidebar").inner_text()

        # A's conversation URL, opened by B on the other replica: "not found", nothing of it.
        page_b.goto(f"{cluster.two.url}/?c={cid_a}")
        page_b.get_by_text("That conversation does not exist").wait_for()
        assert page_b.locator(MSG).count() == 0
        assert "Alpha team" not in page_b.locator("body").inner_text()
        # And the other way round, on the first replica.
        page_a.goto(f"{cluster.one.url}/?c={cid_b}")
        page_a.get_by_text("That conversation does not exist").wait_for()
        assert "Beta team" not in page_a.locator("body").inner_text()
        assert cluster.messages(owner_token(ctx_b), cid_a) == []
    finally:
        ctx_a.close()
        ctx_b.close()
