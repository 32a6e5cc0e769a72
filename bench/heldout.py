"""The shipped assessor on the blind held-out half (bench/splits.py), end to end through
`assess`: verdict accuracy per language, lenient accuracy, the confusion, unmet precision /
recall, and dangerous ml_fit (expected not_ml or not_yet).

    python bench/heldout.py [--half heldout|tune|all] [--home DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(BENCH)]
for _var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "MLSCOPE_CHROMA_URL", "MLSCOPE_DB_URL"):
    os.environ.pop(_var, None)

from splits import blind_split  # noqa: E402

from app.assess import assess  # noqa: E402
from app.backends import make_backends  # noqa: E402
from app.config import Settings  # noqa: E402
from app.evaluation.scenarios import load_suite  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--half", choices=("heldout", "tune", "all"), default="heldout")
    ap.add_argument("--home", type=Path, default=None)
    args = ap.parse_args()
    scenarios = load_suite([ROOT / "eval" / "blind" / "blind_r1.yaml"]).scenarios
    tune, held = blind_split(scenarios)
    part = {"heldout": held, "tune": tune, "all": scenarios}[args.half]
    home = args.home or Path(tempfile.mkdtemp(prefix="mlscope-heldout-"))
    backends = make_backends(Settings(home=home))
    backends.runtime.extractor()
    by_lang: dict[str, list[bool]] = defaultdict(list)
    lenient = 0
    confusion: dict[str, Counter] = defaultdict(Counter)
    tp = fp = fn = 0
    danger, rows = [], []
    for s in part:
        a = assess(s.problem, backends=backends)
        exp = s.expected
        by_lang[s.lang].append(a.verdict == exp.verdict)
        lenient += a.verdict == exp.verdict or a.verdict in exp.acceptable
        confusion[exp.verdict][a.verdict] += 1
        unmet = {c.id for c in a.criteria if c.status == "unmet"}
        tp += len(unmet & set(exp.unmet))
        fp += len(unmet - set(exp.unmet))
        fn += len(set(exp.unmet) - unmet)
        if a.verdict == "ml_fit" and exp.verdict in ("not_ml", "not_yet"):
            danger.append(s.id)
        rows.append({"id": s.id, "expected": exp.verdict, "verdict": a.verdict})
    n = len(part)
    out = {
        "half": args.half, "scenarios": n,
        "verdict_accuracy": round(sum(sum(v) for v in by_lang.values()) / n, 3),
        "verdict_accuracy_lenient": round(lenient / n, 3),
        "by_language": {k: round(sum(v) / len(v), 3) for k, v in sorted(by_lang.items())},
        "unmet": {"precision": round(tp / max(1, tp + fp), 3),
                  "recall": round(tp / max(1, tp + fn), 3)},
        "dangerous_ml_fit": danger,
        "confusion": {e: dict(confusion[e]) for e in ("not_ml", "not_yet", "needs_info", "ml_fit")},
    }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
