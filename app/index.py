"""Build, update and open the Chroma index of knowledge chunks.

Incremental by content hash: unchanged chunks are not re-embedded, edited ones are
replaced, deleted ones removed. The collection name and metadata carry the embedding
model id and dimension, so vectors of two models never mix.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import threading
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from langchain_core.embeddings import Embeddings

from app.config import Settings
from app.errors import ConfigError, IndexError_
from app.knowledge import Chunk

log = logging.getLogger(__name__)

# Chroma ships telemetry switched on; mlscope never phones home.
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
# Chroma tries to rebuild a stored embedding function from its config; ours is always passed
# explicitly, so that attempt is expected to fail and its warning is noise.
warnings.filterwarnings("ignore", message="Could not reconstruct embedding function")

CARDS_COLLECTION = "mlscope-cards"
USER_COLLECTION = "mlscope-user"
EMBED_BATCH = 64

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class IndexStats:
    added: int
    updated: int
    removed: int
    unchanged: int
    rebuilt: bool
    seconds: float

    @property
    def embedded(self) -> int:
        return self.added + self.updated


class ChromaEmbeddingFunction:
    """Adapts our langchain `Embeddings` to Chroma, so Chroma never loads its default model."""

    def __init__(self, embeddings: Embeddings, model_id: str) -> None:
        self._embeddings = embeddings
        self._model_id = model_id

    def __call__(self, input: Sequence[str]) -> list[list[float]]:  # noqa: A002 (Chroma's name)
        return self._embeddings.embed_documents(list(input))

    def embed_query(self, input: Sequence[str]) -> list[list[float]]:  # noqa: A002
        return [self._embeddings.embed_query(text) for text in input]

    @staticmethod
    def name() -> str:
        return "mlscope"

    def get_config(self) -> dict[str, Any]:
        return {"model_id": self._model_id}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ChromaEmbeddingFunction:
        raise NotImplementedError("mlscope always passes its embedding function explicitly")

    def is_legacy(self) -> bool:
        return False

    def default_space(self) -> str:
        return "cosine"

    def supported_spaces(self) -> list[str]:
        return ["cosine"]


def collection_name(base: str, model_id: str) -> str:
    slug = re.sub(r"[^a-zA-Z0-9._-]+", "-", model_id).strip("-._")
    return f"{base}-{slug}"[:500]


def _chroma_settings():
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def make_client(settings: Settings):
    """`HttpClient` when MLSCOPE_CHROMA_URL is set, else an embedded `PersistentClient`."""
    import chromadb

    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ConfigError(
                f"MLSCOPE_CHROMA_URL={settings.chroma_url!r} is not an http(s)://host:port URL."
            )
        try:
            return chromadb.HttpClient(
                host=url.hostname,
                port=url.port or (443 if url.scheme == "https" else 80),
                ssl=url.scheme == "https",
                settings=_chroma_settings(),
            )
        except Exception as exc:  # chromadb raises plain Exceptions for connection errors
            raise ConfigError(
                f"Cannot reach the Chroma server at {settings.chroma_url} "
                f"({exc.__class__.__name__}). Start it with `chroma run` or unset "
                "MLSCOPE_CHROMA_URL to use the embedded index."
            ) from None
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    # Chroma keeps one system per path and starts it lazily: two threads opening the same
    # path at once (the UI's warm-up and the first request) can see it half started.
    with _CLIENT_LOCK:
        return chromadb.PersistentClient(path=str(settings.chroma_path),
                                         settings=_chroma_settings())


_CLIENT_LOCK = threading.Lock()


class VectorIndex:
    """One Chroma collection of chunks for one embedding model."""

    def __init__(self, settings: Settings, embeddings: Embeddings, model_id: str,
                 base: str = CARDS_COLLECTION) -> None:
        self.settings = settings
        self.embeddings = embeddings
        self.model_id = model_id
        self.name = collection_name(base, model_id)
        self._client = None
        self._collection = None

    # -- opening -------------------------------------------------------------------------
    def _open_client(self):
        if self._client is None:
            try:
                self._client = make_client(self.settings)
            except ConfigError:
                raise
            except Exception as exc:
                if self.settings.chroma_url:
                    raise
                # A corrupt embedded index is rebuilt rather than shown as a traceback.
                log.warning("embedded index unreadable (%s); rebuilding", exc.__class__.__name__)
                from chromadb.api.client import SharedSystemClient

                # Chroma caches a half-started system per path; drop it before retrying.
                SharedSystemClient.clear_system_cache()
                shutil.rmtree(self.settings.chroma_path, ignore_errors=True)
                self._client = make_client(self.settings)
        return self._client

    def _ef(self) -> ChromaEmbeddingFunction:
        return ChromaEmbeddingFunction(self.embeddings, self.model_id)

    def collection(self, *, create: bool = True):
        if self._collection is not None:
            return self._collection
        client = self._open_client()
        try:
            coll = client.get_collection(self.name, embedding_function=self._ef())
        except Exception:  # not found: chromadb's error types differ between versions
            if not create:
                return None
            coll = self._create(client)
        self._collection = coll
        return coll

    def _create(self, client, dim: int | None = None):
        dim = dim if dim is not None else len(self.embeddings.embed_query("dimension probe"))
        return client.create_collection(
            self.name,
            embedding_function=self._ef(),
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"embedding_model": self.model_id, "dimension": dim},
        )

    def _recreate(self):
        client = self._open_client()
        try:
            client.delete_collection(self.name)
        except Exception:
            pass
        self._collection = self._create(client)
        return self._collection

    def exists(self) -> bool:
        try:
            return self.collection(create=False) is not None and self.count() > 0
        except IndexError_:
            return False

    def count(self) -> int:
        coll = self.collection(create=False)
        return 0 if coll is None else coll.count()

    def _matches_model(self, coll) -> bool:
        meta = coll.metadata or {}
        if meta.get("embedding_model") != self.model_id:
            return False
        dim = len(self.embeddings.embed_query("dimension probe"))
        return meta.get("dimension") == dim

    # -- syncing -------------------------------------------------------------------------
    def sync(self, chunks: Sequence[Chunk], *, rebuild: bool = False,
             progress: Progress | None = None, extra_meta: dict[str, str] | None = None
             ) -> IndexStats:
        """Make the collection hold exactly `chunks`, embedding only what changed."""
        start = time.perf_counter()
        coll = self.collection()
        rebuilt = False
        if rebuild or not self._matches_model(coll):
            if not rebuild:
                log.warning("index %s was built with another embedding model; rebuilding",
                            self.name)
            coll = self._recreate()
            rebuilt = True
        existing = coll.get(include=["metadatas"])
        old = {cid: (meta or {}).get("hash") for cid, meta in
               zip(existing["ids"], existing["metadatas"], strict=True)}
        wanted = {chunk.id: chunk for chunk in chunks}
        to_embed = [c for c in chunks if old.get(c.id) != c.hash]
        removed = [cid for cid in old if cid not in wanted]
        added = sum(1 for c in to_embed if c.id not in old)
        if removed:
            coll.delete(ids=removed)
        total = len(to_embed)
        if progress:
            progress(0, total)
        for begin in range(0, total, EMBED_BATCH):
            batch = to_embed[begin : begin + EMBED_BATCH]
            vectors = self.embeddings.embed_documents([c.text for c in batch])
            coll.upsert(
                ids=[c.id for c in batch],
                embeddings=vectors,
                documents=[c.text for c in batch],
                metadatas=[{**c.metadata, **(extra_meta or {})} for c in batch],
            )
            if progress:
                progress(begin + len(batch), total)
        return IndexStats(
            added=added,
            updated=total - added,
            removed=len(removed),
            unchanged=len(chunks) - total,
            rebuilt=rebuilt,
            seconds=time.perf_counter() - start,
        )

    def delete_where(self, where: dict[str, Any]) -> None:
        coll = self.collection(create=False)
        if coll is not None:
            coll.delete(where=where)

    def all_chunks(self) -> list[dict[str, Any]]:
        coll = self.collection(create=False)
        if coll is None:
            return []
        got = coll.get(include=["metadatas", "documents"])
        return [
            {"id": cid, "text": doc, **(meta or {})}
            for cid, doc, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        ]

    # -- querying ------------------------------------------------------------------------
    def query(self, vector: list[float], k: int, where: dict[str, Any] | None = None
              ) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) best first."""
        coll = self.collection(create=False)
        if coll is None:
            raise IndexError_("The index does not exist yet: run `mlscope index`.")
        n = min(k, coll.count())
        if n == 0:
            return []
        res = coll.query(query_embeddings=[vector], n_results=n, include=["distances"],
                         where=where)
        return [(cid, 1.0 - float(d)) for cid, d in
                zip(res["ids"][0], res["distances"][0], strict=True)]
