"""BM25 over Japanese-aware tokens; built once per knowledge version and cached on disk."""

from __future__ import annotations

import hashlib
import logging
import pickle
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from rank_bm25 import BM25Okapi

from app.knowledge import Chunk
from app.tokens import tokenize

log = logging.getLogger(__name__)


@lru_cache(maxsize=512)
def query_terms(query: str, tokenizer: str) -> tuple[str, ...]:
    """A question's terms, tokenized once for every BM25 index it is searched in."""
    return tuple(tokenize(query, tokenizer))


class BM25Index:
    """BM25 over chunk tokens."""

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
        """(position in `chunks`, score) of the best `n` chunks sharing a term with `query`."""
        terms = list(query_terms(query, self.tokenizer))
        if not terms or not self.chunks:
            return []
        scores = self._bm25.get_scores(terms)
        order = sorted(range(len(scores)), key=lambda i: -scores[i])[:n]
        return [(i, float(scores[i])) for i in order if scores[i] > 0]

    def card_scores(self, query: str) -> dict[str, float]:
        """Best chunk score per card."""
        out: dict[str, float] = {}
        for i, score in self.search(query, len(self.chunks)):
            cid = self.chunks[i].card_id
            out[cid] = max(out.get(cid, 0.0), score)
        return out
