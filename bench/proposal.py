"""Proposal benchmark: `propose` warm latency offline (end to end from the problem text, and
the composer alone from a given assessment) and the Word export, over the LLM-feature
scenarios in both languages. Targets (issue #11): propose warm p50 <= 300 ms offline,
.docx export <= 1 s. Results are written, not asserted.

    .venv/bin/python bench/proposal.py [--home DIR] [--repeat N] [--out PATH]

--home reuses an already indexed MLSCOPE_HOME (otherwise a temporary one is built).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
for _var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "MLSCOPE_CHROMA_URL", "MLSCOPE_DB_URL",
             "MLSCOPE_EMBEDDINGS", "MLSCOPE_HOME"):
    os.environ.pop(_var, None)
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
sys.path.insert(0, str(PROJECT_ROOT))

from app.assess import assess  # noqa: E402
from app.backends import make_backends  # noqa: E402
from app.config import Settings  # noqa: E402
from app.evaluation.scenarios import load_file  # noqa: E402
from app.proposal.docx import to_docx  # noqa: E402
from app.propose import propose  # noqa: E402

SCENARIOS = PROJECT_ROOT / "eval" / "scenarios" / "scoping_llm_features.yaml"


def _ms(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--home", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "proposal_results.json")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="mlscope-bench-"))
    backends = make_backends(Settings(home=home))
    problems = [s.problem for s in load_file(SCENARIOS).scenarios]
    # Warm-up: the index, the statement vectors and the classifiers load once per process.
    a0 = assess(problems[0], backends=backends)
    propose(problems[0], a0, backends=backends)
    end_to_end, compose_only, docx_ms = [], [], []
    for _ in range(args.repeat):
        for text in problems:
            end_to_end.append(_ms(lambda t=text: propose(t, backends=backends)))
            a = assess(text, backends=backends)
            compose_only.append(_ms(lambda t=text, a=a: propose(t, a, backends=backends)))
            p = propose(text, a, backends=backends)
            docx_ms.append(_ms(lambda p=p: to_docx(p.markdown, p.language)))
    result = {
        "scenarios": len(problems), "repeat": args.repeat,
        "propose_end_to_end_p50_ms": round(statistics.median(end_to_end), 1),
        "propose_end_to_end_p95_ms": round(_p(end_to_end, 95), 1),
        "propose_from_assessment_p50_ms": round(statistics.median(compose_only), 1),
        "propose_from_assessment_p95_ms": round(_p(compose_only, 95), 1),
        "docx_p50_ms": round(statistics.median(docx_ms), 1),
        "docx_max_ms": round(max(docx_ms), 1),
    }
    result["propose_p50_within_300ms"] = result["propose_end_to_end_p50_ms"] <= 300
    result["docx_within_1s"] = result["docx_max_ms"] <= 1000
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    for key, value in result.items():
        print(f"{key:34s} {value}")


if __name__ == "__main__":
    main()
