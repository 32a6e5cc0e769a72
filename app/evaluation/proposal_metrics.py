"""Proposal checks in the eval: per scenario, draft the proposal from its assessment and run
the consistency checks (app.proposal.checks); over the suite, the pass rate per check and
per file, the failures, lengths (median and p95, words / 文字) and approach accuracy."""

from __future__ import annotations

from statistics import median

from app.assess import Assessment
from app.backends import Backends
from app.evaluation import metrics
from app.evaluation.scenarios import Scenario
from app.proposal.checks import check_proposal, length
from app.proposal.templates import get
from app.propose import propose


def score_proposal(s: Scenario, a: Assessment, backends: Backends) -> dict:
    """The proposal row of one scenario: checks, failures, length, approach."""
    p = propose(s.problem, a, backends=backends)
    checks = check_proposal(p.markdown, problem=a.problem, verdict=a.verdict, lang=p.language,
                            supplied=p.supplied_cards, cited=p.cited_cards)
    expected = s.expected.approach
    return {
        "checks": {c.name: c.passed for c in checks},
        "failures": [f"{c.name}: {c.detail}" for c in checks if not c.passed],
        "passed": all(c.passed for c in checks),
        "length": length(p.markdown, p.language),
        "language": p.language,
        "mode": p.mode,
        "approach": p.approach,
        "expected_approach": expected,
        "approach_correct": (p.approach == expected) if expected else None,
        "latency_ms": p.latency_ms,
    }


def summarise(rows: list[dict]) -> dict:
    """Suite-level proposal metrics from the scenario rows (each with a "proposal" entry)."""
    props = [(r, r["proposal"]) for r in rows if r.get("proposal")]
    if not props:
        return {}
    names = list(props[0][1]["checks"])
    lengths: dict[str, dict] = {}
    for lang in ("en", "ja"):
        values = [p["length"] for _, p in props if p["language"] == lang]
        if values:
            budget = get(f"budget.{lang}")
            lengths[lang] = {"unit": budget["unit"], "budget": budget["max"],
                             "median": median(values), "p95": metrics.percentile(values, 95),
                             "max": max(values)}
    by_file: dict[str, float] = {}
    for source in sorted({r["source"] for r, _ in props}):
        part = [p for r, p in props if r["source"] == source]
        by_file[source] = round(sum(p["passed"] for p in part) / len(part), 4)
    judged = [p for _, p in props if p["approach_correct"] is not None]
    latencies = [p["latency_ms"] for _, p in props]
    return {
        "proposal": {
            "scenarios": len(props),
            "checks_pass_rate": round(sum(p["passed"] for _, p in props) / len(props), 4),
            "per_check": {n: round(sum(p["checks"][n] for _, p in props) / len(props), 4)
                          for n in names},
            "by_file": by_file,
            "length": lengths,
        },
        "approach_accuracy": (round(sum(p["approach_correct"] for p in judged) / len(judged), 4)
                              if judged else None),
        "approach_scenarios": len(judged),
        "latency_ms": {"propose": {"p50": round(metrics.percentile(latencies, 50), 1),
                                   "p95": round(metrics.percentile(latencies, 95), 1)}},
    }
