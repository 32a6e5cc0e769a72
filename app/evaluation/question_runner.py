"""Question metrics: retrieval by each method, and checks on the answers, per question kind.

Retrieval metrics count the answerable questions only (`principle`, `case`, `followup`);
the others (`offtopic`, `near_topic`, `uncovered`) are scored on the answer: citing anything
there is padding. A follow-up is asked with its history, as a user would.
"""

from __future__ import annotations

from app.backends import Backends, Turn
from app.case_reading import read_case, search_hints
from app.chat import answer
from app.evaluation import metrics
from app.evaluation.scenarios import Suite
from app.progress import Progress
from app.retrieval import METHODS, conversation_topic


def run_questions(backends: Backends, suite: Suite, progress: Progress | None = None
                  ) -> tuple[dict, list[dict]]:
    """Retrieval metrics for each method, and answer-level checks on hybrid."""
    retriever = backends.runtime.retriever()
    per_method: dict[str, list[tuple[list[str], list[str]]]] = {m: [] for m in METHODS}
    per_kind: dict[str, list[tuple[list[str], list[str]]]] = {}
    per_lang: dict[str, list[tuple[list[str], list[str]]]] = {}
    rows: list[dict] = []
    latencies: list[float] = []
    cited_total = cited_valid = mentions_ok = mentions_n = 0
    padded: list[str] = []
    refused: list[str] = []
    unanswered_n = answerable_n = 0
    for n, q in enumerate(suite.questions):
        history = [t for h in q.history for t in (Turn("user", h), Turn("assistant", ""))]
        topic = conversation_topic(q.question, q.lang, history)
        # The same case hints the answerer searches with (app/case_reading.py).
        case = search_hints(read_case(q.question, q.lang, topic, backends.runtime), topic,
                            backends.runtime)
        ranked_by: dict[str, list[str]] = {}
        for method in METHODS:
            ranked = retriever.search(q.question, k=5, method=method, context=topic,
                                      **case).card_ids()
            if q.answerable:
                per_method[method].append((ranked, q.expected_cards))
            ranked_by[method] = ranked
        if q.answerable:
            pair = (ranked_by["hybrid"], q.expected_cards)
            per_kind.setdefault(q.kind, []).append(pair)
            per_lang.setdefault(q.lang, []).append(pair)
        ans = answer(q.question, history, backends=backends)
        latencies.append(ans.latency_ms)
        retrieved = {p.card_id for p in ans.passages}
        cited = [c.id for c in ans.citations]
        cited_total += len(cited)
        cited_valid += sum(1 for c in cited if c in retrieved)
        if q.answerable:
            answerable_n += 1
            if not cited:
                refused.append(q.id)
        else:
            unanswered_n += 1
            if cited:
                padded.append(q.id)
        mentioned = None
        if q.must_mention:
            mentioned = metrics.must_mention(q.must_mention, ans.text)
            mentions_n += 1
            mentions_ok += int(mentioned)
        rows.append({
            "id": q.id, "lang": q.lang, "kind": q.kind, "source": q.source,
            "expected_cards": q.expected_cards, "ranked": ranked_by,
            "hit@5": metrics.hit_at_k(ranked_by["hybrid"], q.expected_cards, 5)
            if q.answerable else None,
            "cited": cited, "must_mention": mentioned, "latency_ms": round(ans.latency_ms, 1),
            "answer": ans.text,
        })
        if progress:
            progress(n + 1, len(suite.questions))
    result = {
        "retrieval": {m: metrics.retrieval_metrics(per_method[m]) for m in METHODS},
        "retrieval_by_kind": {k: metrics.retrieval_metrics(v) for k, v in per_kind.items()},
        "retrieval_by_language": {k: metrics.retrieval_metrics(v) for k, v in per_lang.items()},
        "citation_validity": round(cited_valid / cited_total, 4) if cited_total else 1.0,
        "must_mention_rate": round(mentions_ok / mentions_n, 4) if mentions_n else None,
        "offtopic_padded": len(padded),
        "offtopic_questions": unanswered_n,
        "ontopic_refused_rate": round(len(refused) / answerable_n, 4) if answerable_n else None,
        "padded_ids": padded,
        "refused_ids": refused,
        "latency_ms": {"ask": {"p50": round(metrics.percentile(latencies, 50), 1),
                               "p95": round(metrics.percentile(latencies, 95), 1)}},
        "questions": len(suite.questions),
    }
    return result, rows
