"""What a LangChain user would build on the same chunks and the same e5 embeddings:
langchain-chroma similarity search, and langchain's EnsembleRetriever of
langchain-community's BM25Retriever (its default whitespace preprocessing) + that Chroma.

Chroma never embeds by itself here: langchain-chroma creates its collection without an
embedding function and calls ours. The chunk vectors are the ones mlscope's index already
holds (`StoredVectors`), so the baselines embed only the questions, as at query time.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

import app.index_env  # noqa: F401  (telemetry off before chromadb is imported)
from app.knowledge import Chunk

FETCH = 20  # chunks fetched to find 5 distinct cards
Search = Callable[[str], list[str]]


class StoredVectors(Embeddings):
    """Our embeddings, answering passages already in the index from their stored vectors."""

    def __init__(self, inner: Embeddings, stored: dict[str, list[float]]) -> None:
        self.inner = inner
        self.stored = stored

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        missing = [t for t in texts if t not in self.stored]
        fresh = dict(zip(missing, self.inner.embed_documents(missing), strict=True)) \
            if missing else {}
        return [list(map(float, self.stored[t])) if t in self.stored else fresh[t]
                for t in texts]  # stored rows are numpy rows: plain floats for langchain

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def _cards(docs: Sequence[Document], k: int = 5) -> list[str]:
    seen: dict[str, None] = {}
    for doc in docs:
        seen.setdefault(doc.metadata["card_id"], None)
        if len(seen) >= k:
            break
    return list(seen)


def make_baselines(chunks: Sequence[Chunk], embeddings: Embeddings,
                   stored: dict[str, list[float]], folder: Path) -> dict[str, Search]:
    """name -> search(question) returning up to 5 distinct card ids, best first."""
    from chromadb.config import Settings as ChromaSettings
    from langchain_chroma import Chroma

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # langchain-community announces its sunset
        from langchain_classic.retrievers import EnsembleRetriever
        from langchain_community.retrievers import BM25Retriever

    docs = [Document(page_content=c.text, metadata={"card_id": c.card_id, "chunk_id": c.id})
            for c in chunks]
    by_text = {c.text: stored[c.id] for c in chunks if c.id in stored}
    store = Chroma(collection_name="langchain-baseline",
                   embedding_function=StoredVectors(embeddings, by_text),
                   persist_directory=str(folder),
                   client_settings=ChromaSettings(anonymized_telemetry=False),
                   collection_metadata={"hnsw:space": "cosine"})
    store.add_documents(docs, ids=[c.id for c in chunks])
    bm25 = BM25Retriever.from_documents(docs, k=FETCH)
    ensemble = EnsembleRetriever(
        retrievers=[bm25, store.as_retriever(search_kwargs={"k": FETCH})], weights=[0.5, 0.5])
    return {
        "langchain-chroma": lambda q: _cards(store.similarity_search(q, k=FETCH)),
        "langchain-ensemble": lambda q: _cards(ensemble.invoke(q)),
    }
