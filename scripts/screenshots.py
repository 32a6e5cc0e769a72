"""Screenshots of every page of `mlscope ui`, in English and Japanese, for the README.

Starts the offline app (a private copy of an indexed home, a fresh SQLite database) on a
free loopback port and drives it in Debian chromium with Playwright, as a person would: a
question answered in Chat, a problem assessed and one interview question answered, a
proposal generated, a knowledge search, and the eval suite run (skip it with --no-eval; the
Eval page is then shown before a run). Writes docs/screenshots/<page>-<lang>.png.

    python scripts/screenshots.py [--seed-home DIR] [--out DIR] [--no-eval]

Labels are read from app/ui/i18n.py, so the script follows the UI's wording in both
languages.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from app.ui.i18n import LANGS, t  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 1000}
MSG = '[data-testid="stChatMessage"]'
ANSWERED = """(n) => {
  const msgs = document.querySelectorAll('[data-testid="stChatMessage"]');
  if (msgs.length < n) return false;
  return [...msgs[n - 1].querySelectorAll('button')].some((b) => b.innerText.includes('👍'));
}"""
IDLE = "!document.querySelector('[data-testid=\"stStatusWidget\"]')"
FLOW = {
    "en": {
        "question": "Why should we measure a non-ML baseline before building a model?",
        "problem": ("We get about 300 support tickets a day and agents route them by hand into "
                    "12 queues. Three years of tickets are logged with the queue the agent "
                    "chose. We want to route them automatically to cut the first-response "
                    "time."),
        "search": "baseline",
    },
    "ja": {
        "question": "ラベルがない場合、機械学習プロジェクトはどう始めればよいですか？",
        "problem": ("毎日およそ300件の問い合わせチケットが届き、担当者が12のキューに手作業で"
                    "振り分けています。過去3年分のチケットが、担当者が選んだキューと一緒に記録"
                    "されています。自動で振り分けて、最初の返信までの時間を短くしたいです。"),
        "search": "ベースライン",
    },
}
EVAL_TIMEOUT_MS = 900_000


def idle(page) -> None:
    page.wait_for_timeout(300)
    page.wait_for_function(IDLE, timeout=120_000)


def go(page, lang: str, name: str) -> None:
    page.get_by_test_id("stSidebar").get_by_text(t("page_" + name, lang), exact=True).click()
    idle(page)


def send(page, text: str) -> None:
    n = page.locator(MSG).count()
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(text)
    box.press("Enter")
    page.wait_for_function(ANSWERED, arg=n + 2, timeout=180_000)
    idle(page)


def shot(page, out: Path, name: str, lang: str) -> Path:
    path = out / f"{name}-{lang}.png"
    page.mouse.move(0, 0)  # no hover tooltip in the picture
    page.screenshot(path=str(path))
    return path


def pages_in(browser, url: str, lang: str, out: Path, run_eval: bool) -> list[Path]:
    """Chat, Assess, Proposal and Knowledge in one language (a fresh browser context)."""
    flow = FLOW[lang]
    ctx = browser.new_context(viewport=VIEWPORT, locale="ja-JP" if lang == "ja" else "en-US")
    page = ctx.new_page()
    page.set_default_timeout(120_000)
    page.goto(f"{url}/?l={lang}")
    page.get_by_test_id("stChatInputTextArea").wait_for()
    taken = []
    send(page, flow["question"])
    taken.append(shot(page, out, "chat", lang))

    send(page, flow["problem"])
    verdict = page.locator(MSG).nth(3)
    if t("verdict", lang) not in verdict.inner_text():
        raise SystemExit(f"[{lang}] the problem was not assessed: {verdict.inner_text()[:300]}")
    verdict.get_by_role("button", name=t("open_assess", lang)).click()
    page.get_by_text(t("interview", lang)).wait_for()
    page.get_by_role("button", name=t("qr_met", lang), exact=True).first.click()
    page.get_by_text(f"{t('answers_given', lang)} (1)").wait_for()
    idle(page)
    page.evaluate("window.scrollTo(0, 0)")
    taken.append(shot(page, out, "assess", lang))

    go(page, lang, "proposal")
    page.get_by_role("button", name=t("generate_proposal", lang)).click()
    page.get_by_role("button", name=t("download", lang)).wait_for()
    idle(page)
    taken.append(shot(page, out, "proposal", lang))

    go(page, lang, "knowledge")
    page.get_by_label(t("search_cards", lang)).fill(flow["search"])
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=t("results", lang)).wait_for()
    idle(page)
    taken.append(shot(page, out, "knowledge", lang))

    go(page, lang, "eval")
    if run_eval and lang == "en":
        page.get_by_role("button", name=t("run_eval", lang)).click()
        page.get_by_role("heading", name=t("failing", lang)).or_(
            page.get_by_text(t("all_pass", lang))).first.wait_for(timeout=EVAL_TIMEOUT_MS)
        idle(page)
    taken.append(shot(page, out, "eval", lang))
    if run_eval and lang == "en":
        # The result stays in the session: the same page after switching the language.
        page.get_by_test_id("stSidebar").get_by_text(LANGS["ja"], exact=True).click()
        page.get_by_role("heading", name=t("page_eval", "ja")).wait_for()
        idle(page)
        taken.append(shot(page, out, "eval", "ja"))
    ctx.close()
    return taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed-home", type=Path, help="an indexed MLSCOPE_HOME to copy")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--no-eval", action="store_true", help="show Eval before a run")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from replicas import replicas, seed_home

    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="mlscope-shots-"))
    start = time.monotonic()
    try:
        seed = seed_home(args.seed_home, work)
        with replicas(1, work, seed, chroma_url=None, db_url=None) as (server,), \
                sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            taken = []
            # Japanese first: with an eval run, English also takes the Japanese Eval page.
            for lang in ("ja", "en"):
                taken += pages_in(browser, server.url, lang, args.out, not args.no_eval)
            browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for path in taken:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    print(f"{len(taken)} screenshots in {time.monotonic() - start:.0f} s")


if __name__ == "__main__":
    main()
