"""User documents: .md / .txt files chunked into their own collection ("mlscope-user").

Retrieval includes that collection once it holds anything (see `Runtime.retriever`). A
document's chunks carry card_id "user-<docid>", so answers can tell them from cards.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import PurePath

from app.errors import InputError
from app.index_entries import DOCUMENT_PREFIX
from app.knowledge import CHUNK_CHARS, pack_paragraphs
from app.progress import Progress
from app.runtime import Runtime
from app.text import clean_input, detect_language

MAX_BYTES = 1_000_000
ALLOWED_SUFFIXES = (".md", ".txt", ".markdown")


@dataclass(frozen=True)
class Document:
    id: str  # "<docid>"; chunks carry card_id "user-<docid>"
    name: str
    chunks: int
    chars: int

    @property
    def card_id(self) -> str:
        return DOCUMENT_PREFIX + self.id


def decode_upload(name: str, data: bytes) -> str:
    """Check an uploaded file's type and size and decode it; InputError says what is wrong."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise InputError(f"{name}: only Markdown (.md) and plain-text (.txt) files can be added.")
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: the file is {len(data) / 1e6:.1f} MB; the limit is "
                         f"{MAX_BYTES / 1e6:.0f} MB. Split it into smaller files.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{name}: not UTF-8 text. Save it as UTF-8 and upload again.") from None


def chunk_text(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Paragraph-aligned pieces of about `size` characters; a longer paragraph is cut first
    (cards keep long paragraphs whole, a user's file may be one huge paragraph)."""
    paragraphs = []
    for para in re.split(r"\n\s*\n", text):
        para = para.strip()
        paragraphs += [para[i : i + size].strip() for i in range(0, len(para), size)]
    return pack_paragraphs("\n\n".join(p for p in paragraphs if p), size)


@dataclass(frozen=True)
class DocumentChunk:
    """One piece of a user document, as the index stores it."""

    id: str
    card_id: str
    lang: str
    text: str
    hash: str
    doc_id: str
    doc_name: str

    @property
    def metadata(self) -> dict[str, str]:
        return {"card_id": self.card_id, "lang": self.lang, "hash": self.hash,
                "doc_id": self.doc_id, "doc_name": self.doc_name}


def document_chunks(name: str, text: str) -> tuple[str, list[DocumentChunk]]:
    """The document id and its chunks, each led by the document name (as cards lead with
    their title)."""
    doc_id = hashlib.sha256(f"{name}\0{text}".encode()).hexdigest()[:12]
    counts: dict[str, int] = {}
    out: list[DocumentChunk] = []
    for piece in chunk_text(text):
        lang = detect_language(piece)
        n = counts[lang] = counts.get(lang, -1) + 1
        body = f"{name}\n{piece}"
        out.append(DocumentChunk(f"{DOCUMENT_PREFIX}{doc_id}#{lang}-{n}", DOCUMENT_PREFIX + doc_id,
                                 lang, body, hashlib.sha256(body.encode()).hexdigest()[:16],
                                 doc_id, name))
    return doc_id, out


def add_document(runtime: Runtime, name: str, text: str,
                 progress: Progress | None = None) -> Document:
    """Chunk, embed and store a document; the retriever includes it from the next search.

    Adding a file of the same name replaces the earlier version.
    """
    name = PurePath(name).name[:120] or "document.txt"
    cleaned = clean_input(text, limit=MAX_BYTES)
    if not cleaned.text:
        raise InputError(f"{name}: the file is empty.")
    doc_id, chunks = document_chunks(name, cleaned.text)
    index = runtime.user_index()
    for old in list_documents(runtime):
        if old.name == name and old.id != doc_id:
            index.delete_where({"doc_id": old.id})
    index.sync(chunks, progress=progress, scope={"doc_id": doc_id})
    runtime.invalidate()
    runtime.snapshot_indexes()
    return Document(doc_id, name, len(chunks), len(cleaned.text))


def list_documents(runtime: Runtime) -> list[Document]:
    docs: dict[str, dict] = {}
    for row in runtime.user_index().all_chunks():
        doc = docs.setdefault(row.get("doc_id", ""), {"name": row.get("doc_name", "?"),
                                                      "chunks": 0, "chars": 0})
        doc["chunks"] += 1
        doc["chars"] += len(row["text"])
    return [Document(i, d["name"], d["chunks"], d["chars"]) for i, d in
            sorted(docs.items(), key=lambda kv: kv[1]["name"])]


def remove_document(runtime: Runtime, doc_id: str) -> None:
    runtime.user_index().delete_where({"doc_id": doc_id})
    runtime.invalidate()
    runtime.snapshot_indexes()


def document_text(runtime: Runtime, card_id: str) -> tuple[str, str] | None:
    """(name, text) of a user document by its card id, for showing a citation."""
    rows = [r for r in runtime.user_index().all_chunks() if r.get("card_id") == card_id]
    if not rows:
        return None
    rows.sort(key=lambda r: r["id"])
    name = rows[0].get("doc_name", card_id)
    return name, "\n\n".join(r["text"].split("\n", 1)[-1] for r in rows)


def find_document(runtime: Runtime, name: str) -> Document:
    """The document called `name` (or with that id); InputError says what exists."""
    docs = list_documents(runtime)
    for doc in docs:
        if name in (doc.name, doc.id, doc.card_id):
            return doc
    known = ", ".join(d.name for d in docs) or "none yet"
    raise InputError(f"No document named {name!r} (documents: {known}). "
                     "`mlscope docs list` shows them.")
