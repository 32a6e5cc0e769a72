"""Scenario metrics: run `assess` on each scenario and score it against `expected`."""

from __future__ import annotations

from app.assess import assess
from app.backends import Backends
from app.evaluation import metrics
from app.evaluation.proposal_metrics import score_proposal, summarise
from app.evaluation.scenarios import Suite
from app.progress import Progress
from app.render import render_markdown
from app.rubric import VERDICTS


def run_scenarios(backends: Backends, suite: Suite, progress: Progress | None = None
                  ) -> tuple[dict, list[dict]]:
    """Assess every scenario and score it against its `expected` block."""
    knowledge = backends.knowledge
    ids = knowledge.rubric.ids
    rows: list[dict] = []
    confusion = {e: dict.fromkeys(VERDICTS, 0) for e in VERDICTS}
    unmet_pairs: list[tuple[set[str], set[str]]] = []
    met_pairs: list[tuple[set[str], set[str]]] = []
    latencies: list[float] = []
    checklist_scores: list[float] = []
    violations = 0
    cards_hit = cards_total = 0
    for n, s in enumerate(suite.scenarios):
        a = assess(s.problem, s.answers or None, backends=backends)
        latencies.append(a.latency_ms)
        rendered = render_markdown(a, knowledge)
        predicted_unmet = {c.id for c in a.criteria if c.status == "unmet"}
        predicted_met = {c.id for c in a.criteria if c.status == "met"}
        exp = s.expected
        unmet_pairs.append((predicted_unmet, set(exp.unmet)))
        if exp.met:
            met_pairs.append((predicted_met, set(exp.met)))
        confusion[exp.verdict][a.verdict] += 1
        score, violated, matched = metrics.checklist(
            [(i.id, i.points, i.match) for i in exp.checklist], rendered)
        if score is not None:
            checklist_scores.append(score)
        violations += int(violated)
        cited = set(a.cited_cards)
        cards_total += len(exp.cards)
        cards_hit += len(set(exp.cards) & cited)
        strict = a.verdict == exp.verdict
        lenient = strict or a.verdict in exp.acceptable
        missed = sorted(set(exp.unmet) - predicted_unmet)
        rows.append({
            "id": s.id, "lang": s.lang, "source": s.source,
            "expected_verdict": exp.verdict, "verdict": a.verdict,
            "correct": strict, "correct_lenient": lenient,
            "passed": lenient and not missed,
            "missed_unmet": missed, "extra_unmet": sorted(predicted_unmet - set(exp.unmet)),
            "missed_met": sorted(set(exp.met) - predicted_met),
            "statuses": {c.id: c.status for c in a.criteria},
            "evidence": {c.id: c.evidence for c in a.criteria if c.evidence},
            "checklist_score": score, "checklist_matched": matched, "violation": violated,
            "cited_cards": sorted(cited), "latency_ms": a.latency_ms,
            "proposal": score_proposal(s, a, backends),
        })
        if progress:
            progress(n + 1, len(suite.scenarios))
    total = len(rows) or 1
    unmet = metrics.prf(unmet_pairs)
    met = metrics.prf(met_pairs)
    per_criterion = {}
    for cid in ids:
        pairs = [({cid} & p, {cid} & e) for p, e in unmet_pairs]
        per_criterion[cid] = metrics.prf(pairs)
    by_file: dict[str, dict] = {}
    for source in sorted({r["source"] for r in rows}):
        part = [r for r in rows if r["source"] == source]
        pairs = [(set(r["statuses"][c] == "unmet" and c or "" for c in ids) - {""},
                  set(next(s for s in suite.scenarios if s.id == r["id"]).expected.unmet))
                 for r in part]
        by_file[source] = {
            "scenarios": len(part),
            "verdict_accuracy": round(sum(r["correct"] for r in part) / len(part), 4),
            "unmet_f1": metrics.prf(pairs)["f1"],
        }
    proposals = summarise(rows)
    latency = {"assess": {"p50": round(metrics.percentile(latencies, 50), 1),
                          "p95": round(metrics.percentile(latencies, 95), 1)},
               **proposals.pop("latency_ms", {})}
    result = {
        "scenarios": len(rows),
        "verdict_accuracy": round(sum(r["correct"] for r in rows) / total, 4),
        "verdict_accuracy_lenient": round(sum(r["correct_lenient"] for r in rows) / total, 4),
        "confusion": confusion,
        "unmet": unmet,
        "met_recall": met["recall"],
        "checklist_score": (round(sum(checklist_scores) / len(checklist_scores), 4)
                            if checklist_scores else None),
        "violation_rate": round(violations / total, 4),
        "card_recall": round(cards_hit / cards_total, 4) if cards_total else None,
        "per_criterion": per_criterion,
        "by_file": by_file,
        **proposals,
        "latency_ms": latency,
    }
    return result, rows
