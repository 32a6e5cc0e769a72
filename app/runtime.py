"""Wires settings, knowledge, embeddings, index and retriever together, once per process."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from app.config import Settings
from app.extraction.learned import Model as ExtractorModel
from app.extraction.model import extractor_model
from app.glossary import load_glossary
from app.index import CARDS_COLLECTION, USER_COLLECTION, IndexStats, VectorIndex
from app.index_entries import card_fields, index_entries
from app.knowledge import Chunk, Knowledge, cached_knowledge
from app.progress import Progress
from app.providers import embedding_model_id, make_embeddings
from app.retrieval import Retriever

log = logging.getLogger(__name__)

# How often a process re-reads which user documents exist: another replica may have added or
# removed one (they live in the shared Chroma), and the retriever must follow.
DOCUMENTS_CHECK_S = 2.0


@dataclass
class Runtime:
    """Everything a request needs; built lazily and shared by CLI, UI and eval."""

    settings: Settings
    knowledge: Knowledge
    _retriever: Retriever | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _documents_seen: tuple[str, ...] = field(default=(), repr=False)
    _documents_checked: float = field(default=0.0, repr=False)

    @property
    def model_id(self) -> str:
        return embedding_model_id(self.settings)

    @property
    def embeddings(self):
        return make_embeddings(self.settings)

    def card_index(self) -> VectorIndex:
        return VectorIndex(self.settings, self.embeddings, self.model_id, CARDS_COLLECTION)

    def user_index(self) -> VectorIndex:
        return VectorIndex(self.settings, self.embeddings, self.model_id, USER_COLLECTION)

    def entries(self):
        """What the card collection holds: chunks, card summaries and questions, scope examples."""
        return index_entries(self.knowledge, self.settings.knowledge_dir)

    def build_index(self, *, rebuild: bool = False, progress: Progress | None = None) -> IndexStats:
        """Bring the card index in line with the knowledge folder."""
        with self._lock:
            stats = self.card_index().sync(self.entries(), rebuild=rebuild, progress=progress)
            self._retriever = None
        self.snapshot_indexes()
        return stats

    def snapshot_indexes(self) -> None:
        """After a write: any write changes the embedded store's stamp, which outdates every
        collection's read snapshot, so both are taken again here and the next cold command
        reads neither from Chroma (a no-op for a snapshot still current, and in server mode)."""
        for index in (self.card_index(), self.user_index()):
            index.exists()

    def ensure_index(self, progress: Progress | None = None) -> IndexStats | None:
        """Build the index on first use (or after a model or knowledge change); else nothing."""
        index = self.card_index()
        # Ids and content hashes: an edited card is re-embedded on first use too, not only
        # by `mlscope index` (the rows come from the read snapshot, so this costs no Chroma).
        if index.exists() and index.hashes() == {e.id: e.hash for e in self.entries()}:
            return None
        return self.build_index(progress=progress)

    def extractor(self, progress: Progress | None = None) -> ExtractorModel:
        """The offline extractor's trained model: cached in the home, trained when missing
        (`mlscope index` does it up front, so the first assessment does not wait)."""
        return extractor_model(self.settings.cache_dir, progress)

    def user_chunks(self) -> list[Chunk]:
        rows = self.user_index().all_chunks()
        return [Chunk(r["id"], r.get("card_id", r["id"]), r.get("lang", "en"), r["text"],
                      r.get("hash", "")) for r in rows]

    def retriever(self, progress: Progress | None = None) -> Retriever:
        self._follow_documents()
        if self._retriever is None:
            self.ensure_index(progress)
            with self._lock:
                if self._retriever is None:
                    user = self.user_index()
                    self._retriever = Retriever(
                        [*self.knowledge.chunks, *self.user_chunks()],
                        self.embeddings,
                        [i for i in (self.card_index(), user) if i.exists()],
                        cache_dir=self.settings.cache_dir,
                        fields=card_fields(self.knowledge),
                        glossary=load_glossary(self.settings.knowledge_dir),
                    )
                    self._documents_seen = tuple(sorted(user.ids()))
                    self._documents_checked = time.monotonic()
        return self._retriever

    def _follow_documents(self) -> None:
        """Drop the retriever when the set of user-document chunks changed (on any replica)."""
        if self._retriever is None or time.monotonic() - self._documents_checked < \
                DOCUMENTS_CHECK_S:
            return
        self._documents_checked = time.monotonic()
        try:
            now = tuple(sorted(self.user_index().ids()))
        except Exception:  # a passing server error must not break answering
            log.warning("could not list user documents", exc_info=True)
            return
        if now != self._documents_seen:
            self.invalidate()

    def invalidate(self) -> None:
        """Forget the retriever (after user documents change)."""
        with self._lock:
            self._retriever = None


_runtimes: dict[int, Runtime] = {}
_runtimes_lock = threading.Lock()


def get_runtime(settings: Settings) -> Runtime:
    """One runtime per settings object (the app has one; tests make their own)."""
    with _runtimes_lock:
        rt = _runtimes.get(id(settings))
        if rt is None or rt.settings is not settings:
            rt = Runtime(settings, cached_knowledge(settings.knowledge_dir))
            _runtimes[id(settings)] = rt
        return rt
