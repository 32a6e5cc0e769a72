"""Question metrics: retrieval by each method, and checks on the answers."""

from __future__ import annotations

from app.backends import Backends
from app.chat import answer
from app.evaluation import metrics
from app.evaluation.scenarios import Suite
from app.progress import Progress
from app.retrieval import METHODS


def run_questions(backends: Backends, suite: Suite, progress: Progress | None = None
                  ) -> tuple[dict, list[dict]]:
    """Retrieval metrics for each method, and answer-level checks on hybrid."""
    retriever = backends.runtime.retriever()
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
        ans = answer(q.question, backends=backends)
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
