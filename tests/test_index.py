"""The Chroma index: incremental by content hash, persistent, never mixing models."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from app.config import Settings
from app.index import VectorIndex
from app.index_entries import index_entries
from app.knowledge import load_knowledge
from app.providers import make_embeddings
from app.providers.e5 import MODEL_ID as E5_MODEL_ID

from test_knowledge import GOOD


class CountingEmbeddings(Embeddings):
    """The real e5 embeddings, counting the passages they embed."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner
        self.embedded: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.embedded.extend(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


class TinyEmbeddings(Embeddings):
    """A different model (8 dimensions) that claims the same id: must force a rebuild."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self.embed_query(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return [float((hash(text) >> i) & 1) + 0.1 for i in range(8)]


def make_kb(root: Path, ids: list[str]) -> Path:
    cards = root / "knowledge" / "cards"
    cards.mkdir(parents=True, exist_ok=True)
    for cid in ids:
        (cards / f"{cid}.md").write_text(
            GOOD.replace("sample-card", cid).replace("Labels are", f"{cid}: labels are"),
            encoding="utf-8")
    return cards


def chunks_of(root: Path):
    from app.knowledge import chunk_card, load_cards

    return [c for card in load_cards(root / "knowledge" / "cards").values()
            for c in chunk_card(card)]


@pytest.fixture
def e5() -> CountingEmbeddings:
    return CountingEmbeddings(make_embeddings(Settings()))


def test_incremental_sync_embeds_only_changes(tmp_path: Path, e5: CountingEmbeddings) -> None:
    cards = make_kb(tmp_path, ["card-a", "card-b", "card-c"])
    index = VectorIndex(Settings(home=tmp_path / "home"), e5, E5_MODEL_ID)
    first = index.sync(chunks_of(tmp_path))
    assert first.added == 6 and index.count() == 6

    e5.embedded.clear()
    again = index.sync(chunks_of(tmp_path))
    assert (again.embedded, again.unchanged) == (0, 6)
    assert e5.embedded == []

    text = (cards / "card-b.md").read_text(encoding="utf-8")
    (cards / "card-b.md").write_text(text.replace("ラベルは", "正解ラベルは"), encoding="utf-8")
    edited = index.sync(chunks_of(tmp_path))
    assert (edited.added, edited.updated, edited.removed) == (0, 1, 0)
    assert len(e5.embedded) == 1 and "正解ラベル" in e5.embedded[0]

    (cards / "card-c.md").unlink()
    deleted = index.sync(chunks_of(tmp_path))
    assert deleted.removed == 2 and deleted.embedded == 0
    ids = {row["card_id"] for row in index.all_chunks()}
    assert ids == {"card-a", "card-b"}


def test_index_survives_a_process_restart(tmp_path: Path, e5: CountingEmbeddings) -> None:
    make_kb(tmp_path, ["card-a", "card-b"])
    home = tmp_path / "home"
    VectorIndex(Settings(home=home), e5, E5_MODEL_ID).sync(chunks_of(tmp_path))
    probe = (
        "from app.providers import make_embeddings\n"
        "from app.providers.e5 import MODEL_ID as E5_MODEL_ID\n"
        "from app.config import Settings\nfrom app.index import VectorIndex\n"
        f"s = Settings(home={str(home)!r})\n"
        "print(VectorIndex(s, make_embeddings(s), E5_MODEL_ID).count())\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         env=os.environ, check=True)
    assert out.stdout.strip() == "4"


def test_embedding_dimension_mismatch_rebuilds(tmp_path: Path, e5: CountingEmbeddings) -> None:
    make_kb(tmp_path, ["card-a"])
    settings = Settings(home=tmp_path / "home")
    VectorIndex(settings, TinyEmbeddings(), E5_MODEL_ID).sync(chunks_of(tmp_path))
    stats = VectorIndex(settings, e5, E5_MODEL_ID).sync(chunks_of(tmp_path))
    assert stats.rebuilt and stats.added == 2
    hits = VectorIndex(settings, e5, E5_MODEL_ID).query(e5.embed_query("labels"), 2)
    assert len(hits) == 2  # 384-dim query against a 384-dim collection: nothing mixed


def test_corrupt_embedded_index_is_rebuilt(tmp_path: Path, e5: CountingEmbeddings) -> None:
    make_kb(tmp_path, ["card-a"])
    settings = Settings(home=tmp_path / "home")
    settings.chroma_path.mkdir(parents=True)
    (settings.chroma_path / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    stats = VectorIndex(settings, e5, E5_MODEL_ID).sync(chunks_of(tmp_path))
    assert stats.added == 2


def test_real_knowledge_index_is_complete(settings: Settings) -> None:
    """Every chunk, and every card's summary and questions in both languages, is a vector
    pointing to its card."""
    kb = load_knowledge(settings.knowledge_dir)
    index = VectorIndex(settings, make_embeddings(settings), E5_MODEL_ID)
    rows = index.all_chunks()
    assert {r["id"] for r in rows} == {e.id for e in index_entries(kb, settings.knowledge_dir)}
    for card in kb.cards.values():
        kinds = [(r["kind"], r["lang"]) for r in rows
                 if r["card_id"] == card.id and r.get("kind")]
        for lang in ("en", "ja"):
            assert ("summary", lang) in kinds, card.id
            assert kinds.count(("question", lang)) == len(card.questions[lang]), card.id
    assert index.collection().metadata["embedding_model"] == E5_MODEL_ID
    assert index.collection().metadata["dimension"] == 384


@pytest.mark.chroma_server
def test_chroma_server_path(chroma_server: str, tmp_path: Path, e5: CountingEmbeddings) -> None:
    make_kb(tmp_path, ["card-a", "card-b"])
    settings = Settings(home=tmp_path / "home", chroma_url=chroma_server)
    first = VectorIndex(settings, e5, E5_MODEL_ID).sync(chunks_of(tmp_path))
    assert first.added == 4
    # A second replica (a fresh client) sees the same collection and embeds nothing.
    e5.embedded.clear()
    again = VectorIndex(settings, e5, E5_MODEL_ID).sync(chunks_of(tmp_path))
    assert again.unchanged == 4 and e5.embedded == []
    hits = VectorIndex(settings, e5, E5_MODEL_ID).query(e5.embed_query("card-b labels"), 4)
    assert hits and hits[0][0].startswith("card-b#")
    assert not settings.chroma_path.exists()  # nothing was written to the embedded path


def test_an_edited_card_is_reembedded_on_first_use(tmp_path: Path, home: Path) -> None:
    """A card whose text changes after `mlscope index` is not answered from its old vectors:
    the first use re-embeds what changed, and only that."""
    import shutil

    from app.config import PROJECT_ROOT
    from app.runtime import Runtime

    knowledge = tmp_path / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", knowledge)
    settings = Settings(home=home, knowledge_dir=knowledge)
    assert Runtime(settings, load_knowledge(knowledge)).ensure_index() is None  # as indexed
    card = knowledge / "cards" / "criterion-baseline.md"
    text = card.read_text(encoding="utf-8")
    assert "## English\n" in text
    card.write_text(text.replace("## English\n", "## English\nAn edited opening line.\n", 1),
                    encoding="utf-8")
    stats = Runtime(settings, load_knowledge(knowledge)).ensure_index()
    assert stats is not None and 1 <= stats.updated <= 3  # that card's changed chunk(s) only
    assert stats.added == 0 and stats.removed == 0
