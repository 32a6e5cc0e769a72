"""Does the interview converge? A scripted answerer replies from each blind scenario's `facts`.

For every scenario of eval/blind/blind_r1.yaml: assess the text, then answer the first
question the assessment asks (a yes/no question with the quick reply the facts imply; a
question that asks for numbers with a sentence of numbers consistent with the facts),
re-assess, and repeat up to five answers. The target is the verdict the facts imply under
the rubric's rule. Printed: the share of cases whose verdict after at most five answers
is the target (and the share that reached it at some point), overall, per language and
for the held-out half of bench/splits.py.

    python bench/interview.py [--answers 5] [--scenarios PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
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
from app.interview import REPLY_WORDS  # noqa: E402

# Sentences of numbers a person might give, per status of the `impact` facts.
NUMBER_REPLIES = {
    "en": {"met": "About 4,000 cases a month, and each one takes about 20 minutes of staff time.",
           "partial": "About 300 a month, roughly 5 minutes each.",
           "unmet": "Only about 10 a month, a couple of minutes each.",
           "unknown": "I don't know."},
    "ja": {"met": "月に約4,000件あり、1件あたり20分ほどかかっています。",
           "partial": "月に300件ほどで、1件5分くらいです。",
           "unmet": "月に10件ほどで、1件数分です。",
           "unknown": "わからないです。"},
}


def reply(question, facts: dict[str, str], lang: str) -> str:
    truth = facts.get(question.id, "unknown")
    if question.answer == "number":
        return NUMBER_REPLIES[lang].get(truth, NUMBER_REPLIES[lang]["unknown"])
    if truth == "n/a" and "n/a" not in question.replies:
        truth = "unknown"
    return REPLY_WORDS[lang][truth]


def run(scenario, backends, budget: int) -> dict:
    rubric = backends.knowledge.rubric
    facts = dict(scenario.facts)
    target = rubric.decide_verdict({c: facts.get(c, "unknown") for c in rubric.ids})
    answers: dict[str, str] = {}
    a = assess(scenario.problem, backends=backends)
    trail = [a.verdict]
    for _ in range(budget):
        if not a.interview:
            break
        q = a.interview[0]
        answers[q.id] = reply(q, facts, scenario.lang)
        a = assess(scenario.problem, answers, backends=backends)
        trail.append(a.verdict)
    return {"id": scenario.id, "lang": scenario.lang, "target": target,
            "expected": scenario.expected.verdict, "final": a.verdict,
            "ok": a.verdict == target, "reached": target in trail,
            "answers": list(answers.items()), "trail": trail}


def share(rows: list[dict], key: str) -> float:
    return round(sum(r[key] for r in rows) / len(rows), 3) if rows else 0.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--answers", type=int, default=5)
    ap.add_argument("--scenarios", type=Path, default=ROOT / "eval" / "blind" / "blind_r1.yaml")
    ap.add_argument("--out", type=Path, default=BENCH / "interview_results.json")
    ap.add_argument("--home", type=Path, default=None, help="an MLSCOPE_HOME with an index")
    args = ap.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="mlscope-interview-"))
    backends = make_backends(Settings(home=home))
    backends.runtime.extractor()
    scenarios = [s for s in load_suite([args.scenarios]).scenarios if s.facts]
    start = time.perf_counter()
    rows = [run(s, backends, args.answers) for s in scenarios]
    _, held = blind_split(scenarios)
    held_ids = {s.id for s in held}
    summary = {
        "scenarios": len(rows), "answers": args.answers,
        "verdict_after_answers": share(rows, "ok"),
        "reached_within_answers": share(rows, "reached"),
        "by_language": {lang: share([r for r in rows if r["lang"] == lang], "ok")
                        for lang in ("en", "ja")},
        "heldout_half": share([r for r in rows if r["id"] in held_ids], "ok"),
        "before_any_answer": round(sum(r["trail"][0] == r["target"] for r in rows) / len(rows), 3),
        "seconds": round(time.perf_counter() - start, 1),
    }
    args.out.write_text(json.dumps({"summary": summary, "rows": rows}, indent=1,
                                   ensure_ascii=False))
    for r in rows:
        if not r["ok"]:
            print(f"miss {r['id']} ({r['lang']}): target {r['target']}, got {r['final']}, "
                  f"trail {' > '.join(r['trail'])}", file=sys.stderr)
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
