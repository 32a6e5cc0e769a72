"""Concurrent writers on PostgreSQL: is anything lost, and how many messages per second?

8 writer processes (default) on two store instances, "replica a" and "replica b" (each
with its own pool and `application_name`, like two `mlscope ui` replicas). Every writer
appends messages to a conversation that the *other* replica created, for a bounded time
(~20 s by default, and at most --max-per-writer messages each), then the rows are counted:
each writer's acknowledged writes must all be there, once. A single writer, run first for
--baseline-seconds in the same database, is the baseline the rows/s ratio is taken against.
Results are reported, not asserted (the smoke test checks that nothing is lost).

    python bench/store_writers.py [--seconds 20] [--writers 8] [--db-url URL] [--out FILE]

Without --db-url it starts a private PostgreSQL with its default durability (fsync on),
as tests/pg_harness.py does for the tests.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPLICAS = ("a", "b")


def _owner(i: int) -> str:
    from app.store import browser_owner

    return browser_owner(f"bench-writer-{i}")


def _writer(i: int, url: str, replica: str, cid: str, seconds: float, max_writes: int,
            ready, go, results) -> None:
    from app.store import Store

    store = Store(url, application_name=f"mlscope-bench-{replica}", pool_size=1)
    owner = _owner(i)
    ready.release()
    go.wait()
    acked, errors, latencies = 0, [], []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and acked < max_writes:
        start = time.perf_counter()
        try:
            store.add_message(owner, cid, "user", f"writer {i} message {acked}",
                              {"writer": i, "n": acked})
        except Exception as exc:  # counted and reported; the run goes on
            errors.append(f"{exc.__class__.__name__}: {exc}"[:200])
            continue
        latencies.append((time.perf_counter() - start) * 1000)
        acked += 1
    store.dispose()
    results.put({"writer": i, "replica": replica, "acked": acked, "errors": errors,
                 "latencies_ms": latencies})


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(url: str, writers: int, seconds: float, max_writes: int) -> dict:
    from sqlalchemy import select

    from app.store import Store
    from app.store_schema import Message

    stores = {r: Store(url, application_name=f"mlscope-bench-{r}") for r in REPLICAS}
    # Writer i writes through replica i % 2 into a conversation replica (i + 1) % 2 made.
    plan = []
    for i in range(writers):
        replica, creator = REPLICAS[i % 2], REPLICAS[(i + 1) % 2]
        plan.append((i, replica, stores[creator].create_conversation(_owner(i), f"w{i}")))
    ctx = mp.get_context("spawn")
    ready, go, results = ctx.Semaphore(0), ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(i, url, replica, cid, seconds, max_writes,
                                               ready, go, results))
             for i, replica, cid in plan]
    for proc in procs:
        proc.start()
    for _ in procs:
        if not ready.acquire(timeout=120):
            raise SystemExit("a writer did not start within 120 s")
    started = time.perf_counter()
    go.set()
    reports = [results.get(timeout=seconds + 120) for _ in procs]
    wall = time.perf_counter() - started
    for proc in procs:
        proc.join(timeout=30)

    by_writer = {r["writer"]: r for r in reports}
    lost = duplicates = total_rows = 0
    with stores["a"].engine.connect() as conn:
        for i, _replica, cid in plan:
            rows = conn.execute(select(Message.meta).where(Message.conversation_id == cid)
                                ).scalars().all()
            seen = [m["n"] for m in rows]
            total_rows += len(seen)
            duplicates += len(seen) - len(set(seen))
            lost += len(set(range(by_writer[i]["acked"])) - set(seen))
    for store in stores.values():
        store.dispose()
    acked = sum(r["acked"] for r in reports)
    errors = [e for r in reports for e in r["errors"]]
    latencies = [x for r in reports for x in r["latencies_ms"]]
    per_writer = [r["acked"] / wall for r in reports]
    return {
        "writers": writers, "replicas": len(REPLICAS), "seconds": round(wall, 2),
        "acked": acked, "rows_counted": total_rows, "lost": lost, "duplicates": duplicates,
        "errors": len(errors), "error_samples": errors[:5],
        "rows_per_s": round(acked / wall, 1),
        "rows_per_s_per_writer_median": round(statistics.median(per_writer), 1),
        "write_ms_p50": round(_pct(latencies, 0.50), 2),
        "write_ms_p95": round(_pct(latencies, 0.95), 2),
        "per_replica_acked": {r: sum(x["acked"] for x in reports if x["replica"] == r)
                              for r in REPLICAS},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--baseline-seconds", type=float, default=5.0)
    parser.add_argument("--max-per-writer", type=int, default=200_000)
    parser.add_argument("--db-url", help="an empty PostgreSQL database (default: a private one)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "store_writers.json")
    args = parser.parse_args()
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

    server = None
    url = args.db_url
    if not url:
        from pg_harness import start_server

        server = start_server(durable=True)
        url = server.create_database("bench")
    try:
        baseline = run(url, 1, args.baseline_seconds, args.max_per_writer)
        result = run(url, args.writers, args.seconds, args.max_per_writer)
    finally:
        if server is not None:
            server.stop()
    result["baseline_1_writer_rows_per_s"] = baseline["rows_per_s"]
    result["ratio_vs_1_writer"] = round(result["rows_per_s"] / max(baseline["rows_per_s"], 1e-9),
                                        2)
    result["lost"] += baseline["lost"]
    result["errors"] += baseline["errors"]
    result["meta"] = {"durable_private_server": server is not None, "nproc": mp.cpu_count(),
                      "python": platform.python_version()}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"{result['writers']} writers on {result['replicas']} store instances, "
          f"{result['seconds']} s: {result['acked']} messages acknowledged, "
          f"{result['rows_counted']} rows counted, lost {result['lost']}, "
          f"duplicates {result['duplicates']}, errors {result['errors']}")
    print(f"{result['rows_per_s']} rows/s, {result['ratio_vs_1_writer']}x one writer's "
          f"{result['baseline_1_writer_rows_per_s']} (median per writer "
          f"{result['rows_per_s_per_writer_median']}); write p50 {result['write_ms_p50']} ms, "
          f"p95 {result['write_ms_p95']} ms  -> {args.out}")


if __name__ == "__main__":
    main()
