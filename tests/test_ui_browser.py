"""What a person sees: the real app (`mlscope ui`) in Debian chromium driven by Playwright."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config import PROJECT_ROOT

from conftest import free_port, wait_healthy

pytestmark = pytest.mark.browser

ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PROBLEM = ("We get about 300 support tickets a day and agents route them by hand into 12 "
           "queues. Three years of tickets are logged with the queue the agent chose. We want "
           "to route them automatically to cut the first-response time.")
MSG = '[data-testid="stChatMessage"]'
# The last chat message shows streamed text that is not the spinner.
ANSWER_VISIBLE = """(n) => {
  const msgs = document.querySelectorAll('[data-testid="stChatMessage"]');
  if (msgs.length < n) return false;
  const last = msgs[msgs.length - 1];
  return [...last.querySelectorAll('[data-testid="stMarkdownContainer"]')].some(
    (el) => !el.closest('[data-testid="stSpinner"]') && el.textContent.trim().length > 0);
}"""


@pytest.fixture
def server(home: Path) -> Iterator[tuple[str, subprocess.Popen, float]]:
    port = free_port()
    env = {**os.environ, "MLSCOPE_HOME": str(home)}
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", "ui", "--port", str(port)],
                            cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(f"{url}/_stcore/health", "mlscope ui", 90)
        yield url, proc, started
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=30)


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def send(page, text: str) -> None:
    n = page.locator(MSG).count()
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(text)
    box.press("Enter")
    page.wait_for_function(ANSWER_VISIBLE, arg=n + 2, timeout=120_000)
    # Final render: the stored answer with its citations and buttons.
    page.locator(MSG).nth(n + 1).get_by_role("button", name="👍").wait_for(timeout=120_000)


def go(page, label: str) -> None:
    page.get_by_test_id("stSidebar").get_by_text(label, exact=True).click()
    page.wait_for_timeout(300)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')",
                           timeout=120_000)


def shot(page, name: str) -> None:
    """A full-page picture under tests/artifacts/ (the README's come from
    scripts/screenshots.py)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_chat_assess_refresh_and_isolation(server, browser) -> None:
    url, _proc, started = server
    ctx_a = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx_a.new_page()
    page.goto(url)
    page.get_by_test_id("stChatInputTextArea").wait_for(timeout=120_000)
    assert page.get_by_text("Mode: offline").first.is_visible()

    send(page, "Why should we measure a non-ML baseline before building a model?")
    first_answer_s = time.monotonic() - started
    answer = page.locator(MSG).nth(1)
    assert answer.get_by_test_id("stExpander").count() >= 1  # citations
    assert "grounded in knowledge cards" in answer.inner_text()
    send(page, "ラベルがない場合、機械学習プロジェクトはどう始めればよいですか？")
    ja = page.locator(MSG).nth(3)
    assert ja.get_by_test_id("stExpander").count() >= 1
    assert any("\u3040" <= ch <= "\u30ff" for ch in ja.inner_text())
    shot(page, "chat")

    send(page, PROBLEM)
    assert "Verdict" in page.locator(MSG).nth(5).inner_text()
    page.locator(MSG).nth(5).get_by_role("button", name="Open in Assess").click()
    page.get_by_text("Guided interview").wait_for(timeout=60_000)
    page.get_by_role("button", name="Yes", exact=True).first.click()
    page.wait_for_timeout(500)
    page.get_by_text("Your answers (1)").wait_for(timeout=60_000)
    shot(page, "assess")

    # Refresh: the conversation (in the URL) is still there.
    conv_url = page.url
    assert "c=" in conv_url
    page.reload()
    go(page, "Chat")
    page.locator(MSG).nth(5).wait_for(timeout=60_000)
    assert "non-ML baseline" in page.locator(MSG).nth(0).inner_text()

    # A second browser context gets its own, empty list of conversations.
    ctx_b = browser.new_context(viewport={"width": 1400, "height": 1000})
    page_b = ctx_b.new_page()
    page_b.goto(url)
    page_b.get_by_test_id("stChatInputTextArea").wait_for(timeout=120_000)
    sidebar_b = page_b.get_by_test_id("stSidebar")
    assert "non-ML baseline" not in sidebar_b.inner_text()
    send(page_b, "What is Wizard of Oz prototyping?")
    page.reload()
    page.get_by_test_id("stSidebar").get_by_text("Conversations").wait_for()
    assert "Wizard of Oz" not in page.get_by_test_id("stSidebar").inner_text()
    assert "non-ML baseline" not in page_b.get_by_test_id("stSidebar").inner_text()
    shot(page_b, "isolation-b")

    # Every remaining page works.
    go(page, "Proposal")
    page.get_by_role("button", name="Generate proposal").click()
    page.get_by_role("button", name="Download Markdown").wait_for(timeout=60_000)
    shot(page, "proposal")
    go(page, "Knowledge")
    page.get_by_label("Search the knowledge (English or Japanese)").fill("ベースライン")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Results").wait_for(timeout=60_000)
    shot(page, "knowledge")
    go(page, "Eval (quality tests)")
    page.get_by_role("button", name="Run the eval suite").click()
    page.get_by_role("heading", name="Failing scenarios").wait_for(timeout=600_000)
    shot(page, "eval")
    (ARTIFACTS / "timings.txt").write_text(f"first_answer_s={first_answer_s:.2f}\n")
