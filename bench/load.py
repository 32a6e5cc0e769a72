"""Under load: concurrent browser sessions chatting against one `mlscope ui`, then
concurrent writers on two replicas into PostgreSQL.

Part 1 starts one `mlscope ui` (offline mode, embedded index, SQLite: the default setup) on a
free loopback port and drives --sessions browser contexts of one Debian chromium (Playwright)
for --seconds. Each session types questions from the eval question files (eval/scenarios/
questions*.yaml, eval/blind/questions_*.yaml) in a loop, in its own conversation, waiting
--think seconds between answers. Measured: submit-to-answer (Enter pressed to the stored
answer drawn with its feedback buttons), errors (an answer that did not come within
--answer-timeout, an error or exception shown, a lost connection), and the server's memory
(RSS of `mlscope ui` and its Streamlit child) before, during (peak) and after.

Part 2 runs bench/store_writers.py: --writers processes on two store instances ("replica a"
and "replica b", each its own pool and application_name) into a private PostgreSQL, then
counts the rows: nothing may be lost or doubled.

    python bench/load.py [--sessions 20] [--seconds 120] [--writers 8] [--out FILE] [--docs]

Results are reported, not asserted; --docs also writes the table into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-renderer-backgrounding",
                 "--disable-background-timer-throttling",
                 "--disable-backgrounding-occluded-windows"]
MSG = '[data-testid="stChatMessage"]'
INPUT = '[data-testid="stChatInputTextArea"]'
# The newest assistant message is drawn in full: its feedback button is there.
ANSWERED = """(n) => {
  const msgs = document.querySelectorAll('[data-testid="stChatMessage"]');
  if (msgs.length < n) return false;
  return [...msgs[n - 1].querySelectorAll('button')].some((b) => b.innerText.includes('👍'));
}"""
ERROR_SHOWN = """() => !!document.querySelector('[data-testid="stException"]')
  || document.body.innerText.includes('Something went wrong on our side')
  || document.body.innerText.includes('Connection error')"""
DOCS_BEGIN, DOCS_END = "<!-- load:begin -->", "<!-- load:end -->"


def questions() -> list[str]:
    files = sorted((ROOT / "eval" / "scenarios").glob("questions*.yaml")) + sorted(
        (ROOT / "eval" / "blind").glob("questions_*.yaml"))
    out = []
    for path in files:
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("questions", []):
            text = " ".join(str(item.get("question", "")).split())
            if text:
                out.append(text)
    if not out:
        raise SystemExit("no questions found under eval/")
    return out


# -- server memory from /proc ---------------------------------------------------------------
def _children(pid: int) -> list[int]:
    kids = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            pass
    return kids


def tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        todo += _children(p)
    return pids


def rss_mb(pid: int) -> float:
    total = 0
    for p in tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return round(total / 1024, 1)


def cpu_s(pid: int) -> float:
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for p in tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError):
            pass
    return round(total, 1)


# -- the sessions ----------------------------------------------------------------------------
async def open_session(i: int, browser, url: str, gate: asyncio.Semaphore, record: dict):
    """A browser context on the chat page (a few at a time: the page load is the costly
    part for the client), or None when it did not open."""
    async with gate:
        start = time.perf_counter()
        ctx = await browser.new_context(viewport={"width": 1200, "height": 900})
        page = await ctx.new_page()
        try:
            await page.goto(url, timeout=180_000)
            await page.wait_for_selector(INPUT, timeout=180_000)
        except Exception as exc:
            record["errors"].append(f"session {i}: page did not open ({exc.__class__.__name__})")
            await ctx.close()
            return None
        record["open_s"].append(time.perf_counter() - start)
        return ctx, page


async def chat(i: int, page, pool: list[str], deadline: float, args, record: dict) -> None:
    """Questions in a loop until the deadline, one conversation, a pause between answers."""
    rng = random.Random(i)
    await asyncio.sleep(rng.random() * args.think)  # the sessions do not all start at once
    while time.monotonic() < deadline:
        box = page.locator(INPUT)
        question = rng.choice(pool)
        try:
            n = await page.locator(MSG).count()
            await box.fill(question)
            await box.press("Enter")
            start = time.perf_counter()
            await page.wait_for_function(ANSWERED, arg=n + 2,
                                         timeout=args.answer_timeout * 1000, polling=100)
        except Exception as exc:
            shown = await _error_shown(page)
            record["errors"].append(f"session {i}: no answer within {args.answer_timeout:g} s "
                                    f"({exc.__class__.__name__}{'; error shown' if shown else ''})"
                                    f" to {question[:80]!r}")
            record["failed_pages"].append({"session": i, "question": question,
                                           "page_tail": (await _text(page))[-1500:]})
            if args.fail_shots:
                args.fail_shots.mkdir(parents=True, exist_ok=True)
                await page.screenshot(path=str(args.fail_shots / f"session-{i}.png"),
                                      full_page=True)
            return  # the page is in an unknown state: this session stops
        record["latencies_s"].append(time.perf_counter() - start)
        record["answers"] += 1
        if await _error_shown(page):
            record["errors"].append(f"session {i}: an error is shown after {question[:80]!r}")
        await asyncio.sleep(args.think * (0.5 + rng.random()))
    record["sessions_done"] += 1


async def _text(page) -> str:
    try:
        return await page.evaluate("document.body.innerText")
    except Exception as exc:
        return f"(page unreadable: {exc.__class__.__name__})"


async def _error_shown(page) -> bool:
    try:
        return bool(await page.evaluate(ERROR_SHOWN))
    except Exception:
        return True


async def drive(url: str, args, pid: int) -> dict:
    """Open every session first, then chat for args.seconds; CPU and memory around the
    chatting part only."""
    from playwright.async_api import async_playwright

    pool = questions()
    record: dict = {"latencies_s": [], "errors": [], "answers": 0, "sessions_done": 0,
                    "open_s": [], "failed_pages": []}
    peak = {"rss_mb": rss_mb(pid)}

    async def sample() -> None:
        while True:
            peak["rss_mb"] = max(peak["rss_mb"], rss_mb(pid))
            await asyncio.sleep(1.0)

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        gate = asyncio.Semaphore(args.open_concurrency)
        opened = await asyncio.gather(*(open_session(i, browser, url, gate, record)
                                        for i in range(args.sessions)))
        sessions = [(i, s) for i, s in enumerate(opened) if s is not None]
        record["rss_mb_open"] = rss_mb(pid)
        server_cpu, all_cpu = cpu_s(pid), cpu_s(os.getpid())
        sampler = asyncio.create_task(sample())
        started = time.monotonic()
        deadline = started + args.seconds
        await asyncio.gather(*(chat(i, page, pool, deadline, args, record)
                               for i, (_ctx, page) in sessions))
        record["wall_s"] = time.monotonic() - started
        record["server_cpu_s"] = cpu_s(pid) - server_cpu
        # Everything this bench runs (chromium, the Playwright driver) besides the server.
        record["client_cpu_s"] = cpu_s(os.getpid()) - all_cpu - record["server_cpu_s"]
        sampler.cancel()
        for ctx, _page in (s for _i, s in sessions):
            await ctx.close()
        await browser.close()
    record["peak_rss_mb"] = peak["rss_mb"]
    return record


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)


def warm_up(url: str) -> float:
    """One answer before the clock starts: models loaded, caches built (seconds taken)."""
    from playwright.sync_api import sync_playwright

    start = time.perf_counter()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(url, timeout=120_000)
        page.wait_for_selector(INPUT, timeout=120_000)
        page.fill(INPUT, "What is a non-ML baseline?")
        page.press(INPUT, "Enter")
        page.wait_for_function(ANSWERED, arg=2, timeout=300_000)
        browser.close()
    return round(time.perf_counter() - start, 1)


def chat_load(args, work: Path) -> dict:
    from replicas import replicas, seed_home

    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "MLSCOPE_CHROMA_URL", "MLSCOPE_DB_URL",
                "MLSCOPE_EMBEDDINGS", "MLSCOPE_HOME"):
        os.environ.pop(var, None)
    seed = seed_home(args.seed_home, work)
    with replicas(1, work, seed, chroma_url=None, db_url=None) as (server,):
        pid = server.proc.pid
        rss_start = rss_mb(pid)
        warm_s = warm_up(server.url)
        rss_before = rss_mb(pid)
        record = asyncio.run(drive(server.url, args, pid))
        rss_after = rss_mb(pid)
        alive = server.proc.poll() is None
    lat = record["latencies_s"]
    return {
        "sessions": args.sessions, "seconds": args.seconds, "think_s": args.think,
        "wall_s": round(record["wall_s"], 1), "answers": record["answers"],
        "answers_per_min": round(record["answers"] / record["wall_s"] * 60, 1),
        "errors": len(record["errors"]), "error_samples": record["errors"][:10],
        "failed_pages": record["failed_pages"][:5],
        "sessions_completed": record["sessions_done"],
        "page_open_s_p50": pct(record["open_s"], 0.50),
        "page_open_s_max": round(max(record["open_s"]), 1) if record["open_s"] else None,
        "submit_to_answer_s_p50": pct(lat, 0.50), "submit_to_answer_s_p95": pct(lat, 0.95),
        "submit_to_answer_s_max": round(max(lat), 2) if lat else None,
        "submit_to_answer_s_mean": round(statistics.fmean(lat), 2) if lat else None,
        "warm_up_first_answer_s": warm_s,
        "server_rss_mb_at_start": rss_start, "server_rss_mb_before": rss_before,
        "server_rss_mb_all_open": record["rss_mb_open"],
        "server_rss_mb_peak": record["peak_rss_mb"], "server_rss_mb_after": rss_after,
        "server_cpu_s_during_run": round(record["server_cpu_s"], 1),
        "client_cpu_s_during_run": round(record["client_cpu_s"], 1),
        "server_alive_after": alive,
    }


def store_load(args, work: Path) -> dict:
    out = work / "store_writers.json"
    cmd = [sys.executable, str(ROOT / "bench" / "store_writers.py"), "--writers",
           str(args.writers), "--seconds", str(args.writer_seconds), "--baseline-seconds",
           str(max(1.0, args.writer_seconds / 4)), "--out", str(out)]
    subprocess.run(cmd, check=True, cwd=ROOT, timeout=args.writer_seconds * 4 + 300)
    return json.loads(out.read_text(encoding="utf-8"))


def table(result: dict) -> str:
    chat, store = result["chat"], result.get("store")
    rows = [
        ("concurrent browser sessions", f"{chat['sessions']} chatting for {chat['wall_s']} s"),
        ("answers", f"{chat['answers']} ({chat['answers_per_min']}/min)"),
        ("errors (target 0)", str(chat["errors"])),
        ("submit-to-answer p50 / p95 / max",
         f"{chat['submit_to_answer_s_p50']} / {chat['submit_to_answer_s_p95']} / "
         f"{chat['submit_to_answer_s_max']} s"),
        ("server RSS before / peak / after",
         f"{chat['server_rss_mb_before']} / {chat['server_rss_mb_peak']} / "
         f"{chat['server_rss_mb_after']} MB"),
        ("page open (all sessions first) p50 / max",
         f"{chat['page_open_s_p50']} / {chat['page_open_s_max']} s"),
        ("CPU during the run: server / browser", f"{chat['server_cpu_s_during_run']} / "
         f"{chat['client_cpu_s_during_run']} s"),
    ]
    if store:
        rows += [
            ("PostgreSQL writers on two replicas",
             f"{store['writers']} for {store['seconds']} s"),
            ("messages acknowledged / rows counted", f"{store['acked']} / {store['rows_counted']}"),
            ("lost / duplicated / errors",
             f"{store['lost']} / {store['duplicates']} / {store['errors']}"),
            ("rows/s (one writer: rows/s)",
             f"{store['rows_per_s']} ({store['baseline_1_writer_rows_per_s']})"),
            ("write p50 / p95", f"{store['write_ms_p50']} / {store['write_ms_p95']} ms"),
        ]
    meta = result["meta"]
    lines = [f"Measured {meta['date']} on {meta['nproc']} cores (`{meta['command']}`).", "",
             "| measure | value |", "|---|---|"]
    lines += [f"| {a} | {b} |" for a, b in rows]
    return "\n".join(lines)


def write_docs(text: str) -> Path:
    path = ROOT / "docs" / "benchmarks.md"
    block = f"{DOCS_BEGIN}\n{text}\n{DOCS_END}"
    if path.exists():
        doc = path.read_text(encoding="utf-8")
        if DOCS_BEGIN in doc and DOCS_END in doc:
            head, rest = doc.split(DOCS_BEGIN, 1)
            doc = head + block + rest.split(DOCS_END, 1)[1]
        else:
            doc = doc.rstrip() + "\n\n## Under load (`bench/load.py`)\n\n" + block + "\n"
    else:
        doc = ("# Benchmarks\n\n## Under load (`bench/load.py`)\n\n"
               "One `mlscope ui` (offline, embedded index, SQLite) driven by browser sessions "
               "of one headless chromium on the same machine (the browser's CPU competes with "
               "the server's), then writers on two store instances into PostgreSQL. See the "
               "module docstring of bench/load.py for what is measured.\n\n" + block + "\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(doc, encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--think", type=float, default=2.0,
                        help="mean pause between an answer and the next question (s)")
    parser.add_argument("--open-concurrency", type=int, default=2,
                        help="browser contexts opening their page at once (before the clock)")
    parser.add_argument("--answer-timeout", type=float, default=180.0)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--writer-seconds", type=float, default=20.0)
    parser.add_argument("--no-store", action="store_true", help="skip the PostgreSQL writers")
    parser.add_argument("--fail-shots", type=Path,
                        help="a folder for a screenshot of each session that got no answer")
    parser.add_argument("--seed-home", type=Path, help="an indexed MLSCOPE_HOME to copy")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "load_results.json")
    parser.add_argument("--docs", action="store_true", help="write docs/benchmarks.md too")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="mlscope-load-"))
    try:
        result = {"chat": chat_load(args, work)}
        if not args.no_store:
            result["store"] = store_load(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result["meta"] = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                      "nproc": os.cpu_count(), "python": platform.python_version(),
                      "loadavg_after": [round(x, 2) for x in os.getloadavg()],
                      "command": "python bench/load.py " + " ".join(sys.argv[1:])}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    text = table(result)
    if args.docs:
        write_docs(text)
    print(text)
    print(f"-> {args.out}")


if __name__ == "__main__":
    main()
