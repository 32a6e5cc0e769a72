"""Calibrate the scope gate of app/retrieval.py: for questions that cards answer and for
questions none should (bench/offtopic.yaml; the offtopic / near_topic / uncovered items of
the question files), the best card-question similarity, the best out-of-scope example
similarity, and how many the gate keeps. Prints, asserts nothing.

    .venv/bin/python bench/retrieval_threshold.py [QUESTION_FILE ...]
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

import yaml

from app.config import PROJECT_ROOT, Settings
from app.evaluation.scenarios import load_suite
from app.retrieval import MIN_QUESTION_SIMILARITY, SCOPE_MARGIN
from app.runtime import get_runtime

HERE = Path(__file__).parent


def _row(label: str, results: list) -> str:
    sims = [r.top_similarity for r in results]
    gaps = [r.scope_similarity - r.top_similarity for r in results]
    kept = sum(r.relevant for r in results)
    return (f"{label:22s} n={len(results):3d} question similarity min/median/max "
            f"{min(sims):.3f}/{statistics.median(sims):.3f}/{max(sims):.3f}  "
            f"out-of-scope minus question median {statistics.median(gaps):+.3f}  "
            f"judged in scope {kept}/{len(results)}")


def main() -> None:
    settings = Settings()
    rt = get_runtime(settings)
    retriever = rt.retriever()
    files = [Path(a) for a in sys.argv[1:]] or [
        settings.scenarios_dir / "questions.yaml",
        PROJECT_ROOT / "eval" / "blind" / "questions_q1.yaml"]
    questions = load_suite(files, rt.knowledge).questions
    groups: dict[str, list] = {}
    for q in questions:
        context = q.history[-1] if q.history else None
        groups.setdefault(q.kind, []).append(retriever.search(q.question, context=context))
    offtopic = yaml.safe_load((HERE / "offtopic.yaml").read_text(encoding="utf-8"))["offtopic"]
    groups["bench/offtopic.yaml"] = [retriever.search(t) for t in offtopic]
    print(f"gate: question similarity >= {MIN_QUESTION_SIMILARITY}, out-of-scope example "
          f"no more than {SCOPE_MARGIN} above it")
    for label, results in groups.items():
        print(_row(label, results))


if __name__ == "__main__":
    main()
