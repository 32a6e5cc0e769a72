"""The per-browser identity in a real browser: a cookie that survives a plain URL, and a
conversation URL that shows another browser nothing but "not found"."""

from __future__ import annotations

import pytest

from test_ui_browser import MSG, browser, send, server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def test_cookie_identity_survives_a_plain_url_and_a_shared_url_shows_not_found(
        server, browser) -> None:  # noqa: F811 (fixtures)
    url, _proc, _started = server
    ctx_a = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx_a.new_page()
    page.goto(url)
    page.get_by_test_id("stChatInputTextArea").wait_for(timeout=120_000)
    send(page, "What is Wizard of Oz prototyping for an ML feature?")
    conv_url = page.url
    assert "c=" in conv_url and "u=" not in conv_url  # no owner token in the URL

    cookies = {c["name"]: c for c in ctx_a.cookies()}
    token = cookies["mlscope_owner"]["value"]
    assert len(token) >= 43 and cookies["mlscope_owner"]["expires"] > 0  # persistent

    # Same browser, the bare address (as typed, or from history without the query).
    page.goto(url)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Wizard of Oz", exact=False).first.wait_for(timeout=60_000)

    # Another browser given the conversation's URL: "not found", and nothing of it.
    ctx_b = browser.new_context(viewport={"width": 1400, "height": 1000})
    page_b = ctx_b.new_page()
    page_b.goto(conv_url)
    page_b.get_by_text("That conversation does not exist").wait_for(timeout=120_000)
    assert page_b.locator(MSG).count() == 0
    assert "Wizard of Oz" not in page_b.get_by_test_id("stSidebar").inner_text()
    assert "Wizard of Oz" not in page_b.locator("body").inner_text()
    assert {c["value"] for c in ctx_b.cookies() if c["name"] == "mlscope_owner"} != {token}
    ctx_a.close()
    ctx_b.close()
