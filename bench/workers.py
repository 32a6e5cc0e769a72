"""Measurements that need a process of their own, so their peak RSS and caches are honest.

Run by bench/run.py as `python bench/workers.py {warm,eval} --home DIR [--quick]`; prints one
JSON object on stdout.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

import yaml

from app.backends import make_backends
from app.config import Settings
from app.evaluation.metrics import percentile
from app.evaluation.scenarios import load_suite


def _settings(home: Path) -> Settings:
    # _env_file=None: a developer's .env (an API key, a server URL) must not change the mode.
    return Settings(home=home, _env_file=None)


def _ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def _rss_mb() -> float:
    """Peak RSS of this process since exec (VmHWM). ru_maxrss is not used: Linux carries
    the forking parent's high-water mark across exec into it."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _latency(samples: list[float]) -> dict:
    return {"n": len(samples), "p50_ms": round(percentile(samples, 50), 2),
            "p95_ms": round(percentile(samples, 95), 2), "max_ms": round(max(samples), 2)}


def warm(home: Path, quick: bool) -> dict:
    """`ask` and `assess` latency in one warm process, then that process's peak RSS."""
    from app.chat import answer
    from app.runtime import get_runtime

    settings = _settings(home)
    rt = get_runtime(settings)
    start = time.perf_counter()
    rt.retriever()
    answer("How do I know if my problem needs ML?", backends=make_backends(settings, rt))
    out: dict = {"startup_ms": round(_ms_since(start), 1)}
    questions = load_suite([settings.scenarios_dir / "questions.yaml"]).questions
    if quick:
        questions = questions[::4]
    samples = []
    for q in questions:
        start = time.perf_counter()
        answer(q.question, backends=make_backends(settings, rt))
        samples.append(_ms_since(start))
    out["ask"] = _latency(samples)
    out["rss_after_ask_mb"] = round(_rss_mb(), 1)
    out["assess"] = _assess(settings, rt, [q.question for q in questions], quick)
    out["rss_mb"] = round(_rss_mb(), 1)
    return out


def _assess(settings: Settings, rt, questions: list[str], quick: bool) -> dict:
    try:
        from app.assess import assess
    except Exception as exc:  # assess.py is optional for the bench
        return {"skipped": f"app.assess import failed: {exc.__class__.__name__}: {exc}"}
    scenarios = load_suite([settings.scenarios_dir / "scoping_dev.yaml"]).scenarios
    if quick:
        scenarios, questions = scenarios[:4], questions[:3]
    try:
        # The first call embeds the extractor's statement bank (cached on disk afterwards).
        start = time.perf_counter()
        assess("We want to predict churn from our CRM logs.", backends=make_backends(settings, rt))
        first_ms = _ms_since(start)
        samples = []
        for s in scenarios:
            start = time.perf_counter()
            assess(s.problem, s.answers or None, backends=make_backends(settings, rt))
            samples.append(_ms_since(start))
        q_samples = []
        for text in questions:
            start = time.perf_counter()
            assess(text, backends=make_backends(settings, rt))
            q_samples.append(_ms_since(start))
    except Exception as exc:
        return {"skipped": f"assess failed: {exc.__class__.__name__}: {exc}"}
    return {"first_call_ms": round(first_ms, 1), "scenarios": _latency(samples),
            "questions": _latency(q_samples)}


def _reduced_suite(settings: Settings, dest: Path, n: int = 6) -> list[Path]:
    """The first `n` questions and scenarios of each scenario file (--quick)."""
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for path in sorted(settings.scenarios_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        small = {key: items[:n] for key, items in data.items() if items}
        out.append(dest / path.name)
        out[-1].write_text(yaml.safe_dump(small, allow_unicode=True), encoding="utf-8")
    return out


def eval_wall(home: Path, quick: bool) -> dict:
    """Wall time of the whole `run_eval` over eval/scenarios, as `mlscope eval` runs it."""
    try:
        from app.evaluation.runner import run_eval

        settings = _settings(home)
        paths = _reduced_suite(settings, home / "bench-suite", 2) if quick else None
        start = time.perf_counter()
        result = run_eval(settings, paths)
        seconds = time.perf_counter() - start
    except Exception as exc:
        return {"skipped": f"run_eval failed: {exc.__class__.__name__}: {exc}"}
    m = result.metrics
    return {"seconds": round(seconds, 3), "questions": len(result.questions),
            "scenarios": len(result.scenarios), "retrieval": m.get("retrieval"),
            "verdict_accuracy": m.get("verdict_accuracy"), "rss_mb": round(_rss_mb(), 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("job", choices=["warm", "eval"])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    result = warm(args.home, args.quick) if args.job == "warm" else eval_wall(args.home, args.quick)
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
