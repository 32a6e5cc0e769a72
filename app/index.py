"""Build, update and open the Chroma collections of knowledge entries.

Incremental by content hash: unchanged entries are not re-embedded, edited ones are
replaced, deleted ones removed. The collection name and metadata carry the embedding model
id and dimension, so vectors of two models never mix. Every write goes through
`VectorIndex.sync` (cards, their summaries and questions, and the user's documents alike).

With the embedded store, the reads a command needs (`exists`, `count`, `ids`, `all_chunks`,
`stored`) come from a snapshot in the home's cache while the Chroma directory is unchanged
(`app.index_snapshot`), so a cold `mlscope ask` neither imports nor opens Chroma. The Chroma
server mode always reads the server.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from langchain_core.embeddings import Embeddings

import app.index_env  # noqa: F401  (telemetry off before chromadb is imported)
from app import index_snapshot
from app.config import Settings
from app.errors import ConfigError, IndexUnavailableError
from app.index_client import collection_name, make_client
from app.index_embedding import ChromaEmbeddingFunction
from app.progress import Progress

log = logging.getLogger(__name__)

CARDS_COLLECTION = "mlscope-cards"
USER_COLLECTION = "mlscope-user"
EMBED_BATCH = 64


class Entry(Protocol):
    """What the index stores: a text, its id, a content hash and metadata."""

    id: str
    text: str
    hash: str

    @property
    def metadata(self) -> dict[str, str]: ...


def embeds_as_query(entry: Entry) -> bool:
    """Questions are embedded like the user's questions (e5's "query: " side)."""
    return bool(getattr(entry, "as_query", False))


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


@dataclass(frozen=True)
class StoredEntry:
    """One row read back from a collection, with its vector."""

    id: str
    text: str
    metadata: dict[str, Any]
    vector: Sequence[float]  # a numpy row from Chroma


class VectorIndex:
    """One Chroma collection of entries for one embedding model."""

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

    # -- the read snapshot (embedded store only) ------------------------------------------
    def _snapshot(self) -> index_snapshot.Snapshot | None:
        """Every row of the collection from the snapshot, or read from Chroma afresh (and
        the snapshot rewritten) when the store changed; None in server mode."""
        if self.settings.chroma_url:
            return None
        path = index_snapshot.snapshot_path(self.settings.cache_dir, self.name)
        snap = index_snapshot.load(path, self.name,
                                   index_snapshot.directory_stamp(self.settings.chroma_path))
        return snap if snap is not None else self._refresh_snapshot()

    def _refresh_snapshot(self) -> index_snapshot.Snapshot:
        """Read every row from Chroma and keep them as the snapshot."""
        coll = self.collection(create=False)  # opens the store first: opening writes to it
        # Stamped before reading: a write racing the read leaves a snapshot that looks out
        # of date (read again next time), never one that looks current and is not.
        stamp = index_snapshot.directory_stamp(self.settings.chroma_path)
        if coll is None:
            snap = index_snapshot.Snapshot(self.name, stamp or "", False, {}, [], [], [],
                                           index_snapshot.vectors_of(None, None))
        else:
            got = coll.get(include=["metadatas", "documents", "embeddings"])
            meta = dict(coll.metadata or {})
            snap = index_snapshot.Snapshot(
                self.name, stamp or "", True, meta, list(got["ids"]), list(got["documents"]),
                list(got["metadatas"]),
                index_snapshot.vectors_of(got["embeddings"], meta.get("dimension")))
        if stamp is not None:
            index_snapshot.save(index_snapshot.snapshot_path(self.settings.cache_dir,
                                                             self.name), snap)
        return snap

    def _after_write(self) -> None:
        if not self.settings.chroma_url:
            self._refresh_snapshot()

    # -- reading -------------------------------------------------------------------------
    def exists(self) -> bool:
        try:
            snap = self._snapshot()
            if snap is not None:
                return snap.exists and len(snap.ids) > 0
            return self.collection(create=False) is not None and self.count() > 0
        except IndexUnavailableError:
            return False

    def count(self) -> int:
        snap = self._snapshot()
        if snap is not None:
            return len(snap.ids)
        coll = self.collection(create=False)
        return 0 if coll is None else coll.count()

    def ids(self) -> list[str]:
        snap = self._snapshot()
        if snap is not None:
            return list(snap.ids)
        coll = self.collection(create=False)
        return [] if coll is None else list(coll.get(include=[])["ids"])

    def _matches_model(self, coll) -> bool:
        meta = coll.metadata or {}
        if meta.get("embedding_model") != self.model_id:
            return False
        dim = len(self.embeddings.embed_query("dimension probe"))
        return meta.get("dimension") == dim

    # -- syncing -------------------------------------------------------------------------
    def sync(self, entries: Sequence[Entry], *, rebuild: bool = False,
             progress: Progress | None = None, extra_meta: dict[str, str] | None = None,
             scope: dict[str, Any] | None = None) -> IndexStats:
        """Make the collection hold exactly `entries`, embedding only what changed.

        With `scope` (a Chroma `where` filter), only the rows matching it are compared and
        replaced: a user's document is synced without touching the other documents.
        """
        start = time.perf_counter()
        coll = self.collection()
        rebuilt = False
        if rebuild or not self._matches_model(coll):
            if not rebuild:
                log.warning("index %s was built with another embedding model; rebuilding",
                            self.name)
            coll = self._recreate()
            rebuilt = True
        existing = coll.get(include=["metadatas"], where=scope)
        old = {cid: (meta or {}).get("hash") for cid, meta in
               zip(existing["ids"], existing["metadatas"], strict=True)}
        wanted = {entry.id: entry for entry in entries}
        to_embed = [e for e in entries if old.get(e.id) != e.hash]
        removed = [cid for cid in old if cid not in wanted]
        added = sum(1 for e in to_embed if e.id not in old)
        if removed:
            coll.delete(ids=removed)
        total = len(to_embed)
        if progress:
            progress(0, total)
        for begin in range(0, total, EMBED_BATCH):
            batch = to_embed[begin : begin + EMBED_BATCH]
            coll.upsert(
                ids=[e.id for e in batch],
                embeddings=self._embed(batch),
                documents=[e.text for e in batch],
                metadatas=[{**e.metadata, **(extra_meta or {})} for e in batch],
            )
            if progress:
                progress(begin + len(batch), total)
        self._after_write()
        return IndexStats(
            added=added,
            updated=total - added,
            removed=len(removed),
            unchanged=len(entries) - total,
            rebuilt=rebuilt,
            seconds=time.perf_counter() - start,
        )

    def _embed(self, batch: Sequence[Entry]) -> list[list[float]]:
        """Passages in one batch call; questions one by one on e5's query side."""
        passages = [e.text for e in batch if not embeds_as_query(e)]
        vectors = iter(self.embeddings.embed_documents(passages) if passages else [])
        return [self.embeddings.embed_query(e.text) if embeds_as_query(e) else next(vectors)
                for e in batch]

    def delete_where(self, where: dict[str, Any]) -> None:
        coll = self.collection(create=False)
        if coll is not None:
            coll.delete(where=where)
            self._after_write()

    def hashes(self) -> dict[str, str | None]:
        """Each row's content hash, by id (what `sync` compares to skip unchanged entries)."""
        return {row["id"]: row.get("hash") for row in self.all_chunks()}

    def all_chunks(self) -> list[dict[str, Any]]:
        """Every row as {"id", "text", **metadata} (no vectors)."""
        snap = self._snapshot()
        if snap is not None:
            ids, docs, metas = snap.ids, snap.documents, snap.metadatas
        else:
            coll = self.collection(create=False)
            if coll is None:
                return []
            got = coll.get(include=["metadatas", "documents"])
            ids, docs, metas = got["ids"], got["documents"], got["metadatas"]
        return [{"id": cid, "text": doc, **(meta or {})}
                for cid, doc, meta in zip(ids, docs, metas, strict=True)]

    def stored(self) -> list[StoredEntry]:
        """Every row with its vector, for exact in-memory search."""
        snap = self._snapshot()
        if snap is not None:
            return [StoredEntry(cid, doc, meta or {}, vec) for cid, doc, meta, vec in
                    zip(snap.ids, snap.documents, snap.metadatas, snap.vectors, strict=True)]
        coll = self.collection(create=False)
        if coll is None:
            return []
        got = coll.get(include=["metadatas", "documents", "embeddings"])
        # Chroma returns the vectors as numpy rows: kept as they are (a list of floats per
        # row cost ~200 ms of a cold `mlscope ask`, converting there and back).
        return [StoredEntry(cid, doc, meta or {}, vec) for cid, doc, meta, vec in
                zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"],
                    strict=True)]

    # -- querying ------------------------------------------------------------------------
    def query(self, vector: list[float], k: int, where: dict[str, Any] | None = None
              ) -> list[tuple[str, float]]:
        """(entry id, cosine similarity) best first, by Chroma's own search."""
        coll = self.collection(create=False)
        if coll is None:
            raise IndexUnavailableError("The index does not exist yet: run `mlscope index`.")
        n = min(k, coll.count())
        if n == 0:
            return []
        res = coll.query(query_embeddings=[vector], n_results=n, include=["distances"],
                         where=where)
        return [(cid, 1.0 - float(d)) for cid, d in
                zip(res["ids"][0], res["distances"][0], strict=True)]
