"""Hybrid retrieval: BM25 over Japanese-aware tokens plus dense e5 vectors, fused by RRF."""

from __future__ import annotations

import hashlib
import logging
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from langchain_core.embeddings import Embeddings
from rank_bm25 import BM25Okapi

from app.index import VectorIndex
from app.knowledge import Chunk
from app.tokenize import tokenize

log = logging.getLogger(__name__)

METHODS = ("bm25", "dense", "hybrid")
RRF_K = 60
# Measured by bench/run.py on the eval questions: counting the BM25 ranking twice lifts
# MRR@5 from 0.876 to 0.906 and hit@1 from 0.82 to 0.875, hit@5 unchanged (cards are
# short and keyword-dense, so exact terms are strong evidence).
DENSE_WEIGHT = 1.0
BM25_WEIGHT = 2.0
CANDIDATES = 40
# Calibrated on the eval questions vs off-topic ones (bench/retrieval_threshold.py): e5
# similarities are compressed (off-topic tops out near 0.845, in-scope starts near 0.846),
# so a middling similarity also needs lexical support to count as relevant.
STRONG_SIMILARITY = 0.86
WEAK_SIMILARITY = 0.83
MIN_BM25_SCORE = 7.0


@dataclass(frozen=True)
class Passage:
    card_id: str
    chunk_id: str
    score: float
    text: str
    lang: str

    def as_dict(self) -> dict:
        return {"card_id": self.card_id, "chunk_id": self.chunk_id,
                "score": round(self.score, 4), "text": self.text}


@dataclass(frozen=True)
class Retrieval:
    query: str
    method: str
    passages: tuple[Passage, ...]
    relevant: bool
    top_similarity: float
    top_bm25: float

    def card_ids(self) -> list[str]:
        """Distinct card ids, best first."""
        seen: dict[str, None] = {}
        for p in self.passages:
            seen.setdefault(p.card_id, None)
        return list(seen)


class BM25Index:
    """BM25 over chunk tokens; built once per knowledge version and cached on disk."""

    def __init__(self, chunks: Sequence[Chunk], tokenizer: str = "janome",
                 cache_dir: Path | None = None) -> None:
        self.chunks = list(chunks)
        self.tokenizer = tokenizer
        tokens = self._load_or_tokenize(cache_dir)
        # BM25Okapi fails on an empty corpus; keep one empty document instead.
        self._bm25 = BM25Okapi(tokens or [[]])

    def _key(self) -> str:
        digest = hashlib.sha256(self.tokenizer.encode())
        for c in self.chunks:
            digest.update(c.id.encode())
            digest.update(c.hash.encode())
        return digest.hexdigest()[:20]

    def _load_or_tokenize(self, cache_dir: Path | None) -> list[list[str]]:
        path = cache_dir / f"bm25-{self._key()}.pkl" if cache_dir else None
        if path and path.exists():
            try:
                with path.open("rb") as fh:
                    return pickle.load(fh)
            except Exception:  # a damaged cache is simply rebuilt
                log.warning("BM25 token cache %s unreadable; rebuilding", path)
        tokens = [tokenize(c.text, self.tokenizer) for c in self.chunks]
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            with tmp.open("wb") as fh:
                pickle.dump(tokens, fh)
            tmp.replace(path)
        return tokens

    def search(self, query: str, n: int) -> list[tuple[int, float]]:
        terms = tokenize(query, self.tokenizer)
        if not terms or not self.chunks:
            return []
        scores = self._bm25.get_scores(terms)
        order = sorted(range(len(scores)), key=lambda i: -scores[i])[:n]
        return [(i, float(scores[i])) for i in order if scores[i] > 0]


class Retriever:
    """Ranks chunks of the cards (and any user documents) for a question."""

    def __init__(self, chunks: Sequence[Chunk], embeddings: Embeddings,
                 indexes: Sequence[VectorIndex], *, tokenizer: str = "janome",
                 cache_dir: Path | None = None, where: dict | None = None) -> None:
        self.chunks = {c.id: c for c in chunks}
        self.where = where  # optional Chroma metadata filter for the dense side
        self.embeddings = embeddings
        self.indexes = list(indexes)
        self.bm25 = BM25Index(list(self.chunks.values()), tokenizer, cache_dir)

    def _dense(self, query: str, n: int) -> list[tuple[str, float]]:
        vector = self.embeddings.embed_query(query)
        hits: list[tuple[str, float]] = []
        for index in self.indexes:
            hits.extend(index.query(vector, n, self.where))
        hits = [h for h in hits if h[0] in self.chunks]
        return sorted(hits, key=lambda h: -h[1])[:n]

    def _bm25(self, query: str, n: int) -> list[tuple[str, float]]:
        return [(self.bm25.chunks[i].id, s) for i, s in self.bm25.search(query, n)]

    def search(self, query: str, k: int = 5, method: str = "hybrid") -> Retrieval:
        """Top passages for `query`, with up to `k` distinct cards among them."""
        if method not in METHODS:
            raise ValueError(f"unknown retrieval method {method!r}")
        dense = self._dense(query, CANDIDATES) if method in ("dense", "hybrid") else []
        lexical = self._bm25(query, CANDIDATES) if method in ("bm25", "hybrid") else []
        ranked = dense if method == "dense" else lexical
        top_sim = dense[0][1] if dense else 0.0
        top_bm25 = lexical[0][1] if lexical else 0.0
        if method == "hybrid":
            # Weak lexical evidence (no shared terms, e.g. a question in the other language of
            # a single-language document) is noise: then the dense ranking decides alone.
            bm25_weight = BM25_WEIGHT if top_bm25 >= MIN_BM25_SCORE else 0.0
            ranked = fuse([dense, lexical], weights=(DENSE_WEIGHT, bm25_weight))
        relevant = is_relevant(top_sim, top_bm25, method)
        passages = _take_cards(
            [Passage(self.chunks[cid].card_id, cid, score, self.chunks[cid].text,
                     self.chunks[cid].lang) for cid, score in ranked],
            k,
        )
        return Retrieval(query, method, tuple(passages), relevant, top_sim, top_bm25)


def is_relevant(top_similarity: float, top_bm25: float, method: str = "hybrid") -> bool:
    """Whether the best hit is about the question at all (else: say nothing was found)."""
    if method == "bm25":
        return top_bm25 >= MIN_BM25_SCORE
    if top_similarity >= STRONG_SIMILARITY:
        return True
    return top_similarity >= WEAK_SIMILARITY and (method == "dense" or top_bm25 >= MIN_BM25_SCORE)


Ranking = Sequence[tuple[str, float]]


def fuse(rankings: Sequence[Ranking], k: int = RRF_K,
         weights: Sequence[float] | None = None) -> list[tuple[str, float]]:
    """Weighted reciprocal rank fusion of several rankings of the same ids."""
    scores: dict[str, float] = {}
    for n, ranking in enumerate(rankings):
        weight = weights[n] if weights else 1.0
        for rank, (cid, _) in enumerate(ranking):
            scores[cid] = scores.get(cid, 0.0) + weight / (k + rank + 1)
    return sorted(scores.items(), key=lambda item: -item[1])


def _take_cards(passages: list[Passage], k: int) -> list[Passage]:
    """Keep passages until `k` distinct cards are covered (at most 2 passages a card)."""
    out: list[Passage] = []
    per_card: dict[str, int] = {}
    for p in passages:
        if p.card_id not in per_card and len(per_card) >= k:
            continue
        if per_card.get(p.card_id, 0) >= 2:
            continue
        per_card[p.card_id] = per_card.get(p.card_id, 0) + 1
        out.append(p)
    return out
