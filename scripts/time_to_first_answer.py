"""Time from `make run` in a checkout to the first answer shown in the browser.

Runs `make run PORT=<free port>` in --repo (with a fresh MLSCOPE_HOME unless one is given),
polls the UI until it is up, then asks one question in Debian chromium (Playwright) and
waits for the answer to be drawn. Prints the phases and writes them as JSON (--out); stops
`make run` (its whole process group) afterwards.

    python scripts/time_to_first_answer.py --repo /tmp/fresh-run [--home DIR] [--out FILE]

The Python running this script needs Playwright; the checkout builds its own .venv.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
QUESTION = "Why should we measure a non-ML baseline before building a model?"
ANSWERED = """() => [...document.querySelectorAll('[data-testid="stChatMessage"] button')]
  .some((b) => b.innerText.includes('👍'))"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", type=Path, required=True)
    parser.add_argument("--home", type=Path)
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    home = args.home or Path(tempfile.mkdtemp(prefix="mlscope-fresh-home-"))
    port = free_port()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("MLSCOPE_", "OPENAI_", "VIRTUAL_ENV"))}
    env["MLSCOPE_HOME"] = str(home)
    log = open(args.repo / "make-run.log", "wb")  # noqa: SIM115 (closed below)
    start = time.monotonic()
    proc = subprocess.Popen(["make", "run", f"PORT={port}"], cwd=args.repo, env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    phases: dict[str, float] = {}
    try:
        url = f"http://127.0.0.1:{port}"
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"make run exited with {proc.returncode}: see "
                                 f"{args.repo / 'make-run.log'}")
            if time.monotonic() - start > args.timeout:
                raise SystemExit(f"the UI was not up within {args.timeout:g} s")
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        phases["ui_healthy_s"] = time.monotonic() - start
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.set_default_timeout(300_000)
            page.goto(url)
            box = page.get_by_test_id("stChatInputTextArea")
            box.wait_for()
            phases["page_ready_s"] = time.monotonic() - start
            box.fill(QUESTION)
            box.press("Enter")
            asked = time.monotonic()
            page.wait_for_function(ANSWERED)
            phases["first_answer_s"] = time.monotonic() - start
            phases["question_to_answer_s"] = time.monotonic() - asked
            browser.close()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        log.close()
    result = {k: round(v, 1) for k, v in phases.items()}
    text = (args.repo / "make-run.log").read_text(errors="replace")
    result["installed_venv"] = "pip install" in text or "-m venv" in text
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
