"""Retrieval quality of bm25 / dense / hybrid, BM25 tokenizers and fusion variants.

The variants live here, not in app/: each one re-uses the rankings the real `Retriever`
produces (`_dense`, `_bm25`) and `app.retrieval.fuse`. A weight of 2 is the same ranking
passed to `fuse` twice, so weighted RRF needs no second fusion implementation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from langchain_core.embeddings import Embeddings

from app.evaluation import metrics
from app.evaluation.scenarios import Question
from app.retrieval import CANDIDATES, METHODS, MIN_BM25_SCORE, RRF_K, Ranking, Retriever, fuse

DEFAULT_VARIANT = "rrf60-dense1:bm25-2"  # what app.retrieval uses


@dataclass(frozen=True)
class Rankings:
    """Candidate lists of one question: dense, and BM25 under each tokenizer."""

    dense: Ranking
    bm25: dict[str, Ranking]


Variant = Callable[[Rankings], Ranking]


class MemoEmbeddings(Embeddings):
    """Remembers query vectors, so comparing methods on one question embeds it once."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner
        self._memo: dict[str, list[float]] = {}

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        if text not in self._memo:
            self._memo[text] = self.inner.embed_query(text)
        return self._memo[text]


def _rrf(k: int, tokenizer: str = "janome", w_dense: int = 1, w_bm25: int = 1) -> Variant:
    def run(r: Rankings) -> Ranking:
        return fuse([r.dense] * w_dense + [r.bm25[tokenizer]] * w_bm25, k=k)
    return run


def _drop_weak_bm25(threshold: float, tokenizer: str = "janome") -> Variant:
    """Plain RRF, but fuse the dense list alone when BM25's best score is below `threshold`."""
    def run(r: Rankings) -> Ranking:
        lexical = r.bm25[tokenizer]
        if not lexical or lexical[0][1] < threshold:
            return fuse([r.dense], k=RRF_K)
        return fuse([r.dense, lexical], k=RRF_K)
    return run


def _app_default() -> Variant:
    """BM25 counted twice, or dropped when its best score is below the relevance floor."""
    def run(r: Rankings) -> Ranking:
        lexical = r.bm25["janome"]
        if not lexical or lexical[0][1] < MIN_BM25_SCORE:
            return fuse([r.dense], k=RRF_K)
        return fuse([r.dense, lexical, lexical], k=RRF_K)
    return run


VARIANTS: dict[str, Variant] = {
    "bm25-janome": lambda r: r.bm25["janome"],
    "bm25-bigram": lambda r: r.bm25["bigram"],
    "dense": lambda r: r.dense,
    "rrf60-janome": _rrf(RRF_K),
    "rrf60-bigram": _rrf(RRF_K, "bigram"),
    "rrf10-janome": _rrf(10),
    "rrf30-janome": _rrf(30),
    "rrf100-janome": _rrf(100),
    "rrf60-dense2:bm25-1": _rrf(RRF_K, w_dense=2),
    "rrf60-dense3:bm25-2": _rrf(RRF_K, w_dense=3, w_bm25=2),
    "rrf60-dense1:bm25-2-always": _rrf(RRF_K, w_bm25=2),
    DEFAULT_VARIANT: _app_default(),
    "rrf60-dense2:bm25-1-bigram": _rrf(RRF_K, "bigram", w_dense=2),
    "rrf60-drop-bm25<2": _drop_weak_bm25(2.0),
    "rrf60-drop-bm25<5": _drop_weak_bm25(5.0),
    "rrf60-drop-bm25<7": _drop_weak_bm25(7.0),
}


def card_ranking(ranked: Ranking, retriever: Retriever, k: int = 5) -> list[str]:
    """Distinct card ids, best first: what `Retrieval.card_ids()` gives for the same list."""
    seen: dict[str, None] = {}
    for cid, _ in ranked:
        seen.setdefault(retriever.chunks[cid].card_id, None)
        if len(seen) >= k:
            break
    return list(seen)


def evaluate(questions: Sequence[Question], retrievers: dict[str, Retriever]) -> dict:
    """Metrics of the real `search` per method, and of every variant over shared rankings."""
    base = retrievers["janome"]
    methods: dict[str, list] = {m: [] for m in METHODS}
    variants: dict[str, list] = {name: [] for name in VARIANTS}
    for q in questions:
        for m in METHODS:
            methods[m].append((base.search(q.question, k=5, method=m).card_ids(),
                               q.expected_cards))
        r = Rankings(dense=base._dense(q.question, CANDIDATES),
                     bm25={tok: ret._bm25(q.question, CANDIDATES)
                           for tok, ret in retrievers.items()})
        for name, variant in VARIANTS.items():
            variants[name].append((card_ranking(variant(r), base), q.expected_cards))
    method_metrics = {m: metrics.retrieval_metrics(runs) for m, runs in methods.items()}
    variant_metrics = {n: metrics.retrieval_metrics(runs) for n, runs in variants.items()}
    fused = {n: v for n, v in variant_metrics.items()
             if n not in ("bm25-janome", "bm25-bigram", "dense")}
    best = max(fused, key=lambda n: (fused[n]["mrr@5"], fused[n]["hit@5"],
                                     n == DEFAULT_VARIANT))
    return {
        "questions": len(questions),
        "methods": method_metrics,
        "variants": variant_metrics,
        # The harness must reproduce the app's own hybrid search exactly, else it measures
        # something else.
        "default_reproduced": variant_metrics[DEFAULT_VARIANT] == method_metrics["hybrid"],
        "tokenizers": {tok: variant_metrics[f"bm25-{tok}"] for tok in retrievers},
        "best_variant": best,
        "best_vs_default": {
            "mrr@5": round(fused[best]["mrr@5"] - fused[DEFAULT_VARIANT]["mrr@5"], 4),
            "hit@5": round(fused[best]["hit@5"] - fused[DEFAULT_VARIANT]["hit@5"], 4),
        },
    }
