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
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

from common import SCRUB  # noqa: E402

# The environment is scrubbed before app is imported (Settings reads it once).
for _var in SCRUB:
    os.environ.pop(_var, None)
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from baselines import make_baselines  # noqa: E402
from common import Results, machine_info, run_child  # noqa: E402
from fusion import cross_language, evaluate  # noqa: E402

from app.config import Settings  # noqa: E402
from app.evaluation.scenarios import load_suite  # noqa: E402
from app.index import VectorIndex  # noqa: E402
from app.index_entries import card_fields, index_entries  # noqa: E402
from app.knowledge import Knowledge, load_knowledge  # noqa: E402
from app.providers import embedding_model_id, make_embeddings  # noqa: E402
from app.retrieval import Retriever  # noqa: E402
from app.runtime import Runtime  # noqa: E402

CLI_QUESTION = "ラベル付きのデータがない場合、機械学習を始められますか？"
QUICK_SAMPLE = 8  # chunks embedded for the build ratio in --quick
BLIND_FILE = PROJECT_ROOT / "eval" / "blind" / "questions_q1.yaml"
BLIND_Q2_FILE = PROJECT_ROOT / "eval" / "blind" / "questions_q2.yaml"  # round 2, now spent
HOLDOUT_FILE = PROJECT_ROOT / "eval" / "blind" / "questions_q1_holdout.txt"


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


# -- 1. index build vs raw embedding, and the cost of the extra vectors --------------------
def _sample(items: Sequence, n: int) -> list:
    step = max(1, len(items) // n)
    return list(items[::step][:n])


def bench_build(res: Results, knowledge: Knowledge, scratch: Path, reps: int, quick: bool
                ) -> Path | None:
    """Median build of the chunks alone and of the whole index (chunks + card summaries,
    questions and out-of-scope examples) from scratch, vs the raw embed of the chunk texts."""
    settings = settings_for(scratch)
    chunks = list(knowledge.chunks)
    extra = [e for e in index_entries(knowledge, settings.knowledge_dir)
             if e.id not in {c.id for c in chunks}]
    if quick:
        chunks, extra = _sample(chunks, QUICK_SAMPLE), _sample(extra, QUICK_SAMPLE)
    texts = [c.text for c in chunks]
    embeddings = make_embeddings(settings)
    embeddings.embed_query("load the model before timing")
    model_id = embedding_model_id(settings)
    raws: list[float] = []
    chunk_builds: list[float] = []
    full_builds: list[float] = []
    home = None
    for rep in range(reps):
        # Interleaved, so drift in machine load hits every side alike.
        raws.append(timed(lambda: embeddings.embed_documents(texts)))
        only = VectorIndex(settings_for(scratch / f"chunks-{rep}"), embeddings, model_id)
        chunk_builds.append(only.sync(chunks, rebuild=True).seconds)
        home = scratch / f"build-{rep}"
        full = VectorIndex(settings_for(home), embeddings, model_id)
        stats = full.sync([*chunks, *extra], rebuild=True)
        assert stats.added == len(chunks) + len(extra), stats
        full_builds.append(stats.seconds)
        log(f"build {rep + 1}/{reps}: chunks {chunk_builds[-1]:.1f} s, with extra vectors "
            f"{full_builds[-1]:.1f} s, raw embed {raws[-1]:.1f} s ({len(texts)} chunks, "
            f"{len(extra)} extra)")
    scope = f"{len(texts)} of {len(knowledge.chunks)} chunks" if quick else \
        f"{len(texts)} chunks"
    res.add("index_build_s", f"index build from scratch ({scope} + {len(extra)} extra "
            f"vectors), median of {reps}", round(median(full_builds), 3), "s", kind="time",
            samples=full_builds)
    res.add("index_chunks_build_s", f"chunks alone, median of {reps}",
            round(median(chunk_builds), 3), "s", kind="time", samples=chunk_builds)
    res.add("embed_raw_s", f"raw e5 embed_documents of the chunk texts, median of {reps}",
            round(median(raws), 3), "s", kind="time", samples=raws)
    res.add("index_build_ratio", "chunks build / raw embed",
            round(median(chunk_builds) / median(raws), 3), "x", kind="ratio", target=1.3,
            op="<=")
    res.add("extra_vectors_ratio", "whole index build / chunks build (summary, question and "
            "scope vectors)", round(median(full_builds) / median(chunk_builds), 3), "x",
            kind="ratio", target=1.5, op="<=")
    res.details["build"] = {"chunks": len(texts), "extra": len(extra),
                            "total_chunks": len(knowledge.chunks), "chunks_build_s": chunk_builds,
                            "full_build_s": full_builds, "raw_embed_s": raws}
    return None if quick else home


# -- 2. re-index with nothing changed --------------------------------------------------------
def bench_reindex(res: Results, home: Path, knowledge: Knowledge, reps: int) -> None:
    rt = Runtime(settings_for(home), knowledge)
    entries = len(rt.entries())  # chunks plus each card's summary/question vectors
    samples = []
    for _ in range(reps):
        stats = rt.build_index()
        assert stats.embedded == 0 and stats.unchanged == entries, stats
        samples.append(stats.seconds)
    res.add("reindex_s", f"re-index, nothing changed, median of {reps}",
            round(median(samples), 4), "s", kind="time", target=1.0, op="<", samples=samples)


# -- 4. retrieval quality and warm latency, against the LangChain baselines ----------------
def question_sets(settings: Settings, knowledge: Knowledge, quick: bool) -> dict[str, list]:
    """User-style blind questions (all, and the part held out of tuning) and the project's."""
    blind = load_suite([BLIND_FILE], knowledge).questions
    held = {line.strip() for line in HOLDOUT_FILE.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")}
    own = load_suite([settings.scenarios_dir / "questions.yaml"], knowledge).questions
    if quick:  # a smoke test: a few questions of each set
        return {"blind-q1": blind[::6], "project": own[::8]}
    blind2 = load_suite([BLIND_Q2_FILE], knowledge).questions
    return {"blind-q1": blind, "blind-q1-heldout": [q for q in blind if q.id in held],
            "blind-q2": blind2, "project": own}


def bench_retrieval(res: Results, home: Path, knowledge: Knowledge, quick: bool) -> None:
    settings = settings_for(home)
    rt = Runtime(settings, knowledge)
    base = rt.retriever()
    fields = card_fields(knowledge)

    def make(**kwargs) -> Retriever:
        return Retriever(knowledge.chunks, base.embeddings, base.indexes,
                         cache_dir=home / "cache", fields=fields,
                         glossary=base.glossary, **kwargs)

    stored = {row.id: row.vector for row in rt.card_index().stored()}
    baselines = make_baselines(knowledge.chunks, rt.embeddings, stored, home / "langchain")
    sets = question_sets(settings, knowledge, quick)
    start = time.perf_counter()
    q = evaluate(sets, base, make, baselines)
    q["cross_language"] = cross_language(sets["project"], make)
    log(f"retrieval quality: {time.perf_counter() - start:.1f} s")
    res.details["retrieval"] = q
    targets = {"hit@1": 0.75, "hit@5": 0.95, "mrr@5": 0.8}
    for set_name, row in q.items():
        if set_name == "cross_language":
            continue
        for method, m in row["methods"].items():
            for key in ("hit@1", "hit@5", "mrr@5"):
                target = targets[key] if set_name in ("blind-q1", "blind-q2") and \
                    method == "hybrid" else None
                res.add(f"retrieval_{set_name}_{method}_{key}",
                        f"{set_name} ({row['questions']}) {method} {key}", m[key], "",
                        kind="quality", target=target, op=">=" if target else None)
            res.add(f"retrieval_{set_name}_{method}_warm_ms",
                    f"{set_name} {method} warm search p50", m["warm_ms"], "ms", kind="time")
    cross = q["cross_language"]
    res.add("cross_language_within_0.05",
            f"cross-language within 0.05 of same-language (project set; hit@1 gap "
            f"{cross['hit@1_gap']:+.3f}, mrr@5 gap {cross['mrr@5_gap']:+.3f})",
            cross["hit@1_gap"] <= 0.05 and cross["mrr@5_gap"] <= 0.05, "", kind="check")


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
            round(median(walls), 3), "s", kind="time", target=2.0, op="<=", samples=walls)
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
            ask.get("p50_ms"), "ms", kind="time", target=60, op="<=")
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
    parser.add_argument("--reps", type=int, default=3, help="index builds to take the median of")
    parser.add_argument("--skip-build", action="store_true",
                        help="do not measure the index build (use with --seed-home)")
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
        # --skip-build (with --seed-home): the remaining measures only, on a copied index.
        home = None if args.skip_build else bench_build(
            res, knowledge, scratch, reps=1 if quick else args.reps, quick=quick)
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
