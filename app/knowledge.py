"""Load and validate knowledge cards and the scoping rubric, and chunk cards for indexing."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from app.errors import KnowledgeError
from app.rubric import LANGS, Criterion, Rubric, lang_map, load_rubric
from app.yaml_data import load_yaml

_SECTION_HEADINGS = {"## English": "en", "## 日本語": "ja"}
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CHUNK_CHARS = 700


@dataclass(frozen=True)
class Card:
    id: str
    title: str
    title_ja: str
    tags: tuple[str, ...]
    criteria: tuple[str, ...]
    sources: tuple[str, ...]
    body: dict[str, str]  # lang -> section text
    path: Path
    summary: dict[str, str] = field(default_factory=dict)  # lang -> one or two sentences
    questions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lang -> questions

    def title_in(self, lang: str) -> str:
        return self.title_ja if lang == "ja" else self.title


@dataclass(frozen=True)
class Chunk:
    id: str  # "<card>#<lang>-<n>"
    card_id: str
    lang: str
    text: str  # what is embedded and searched: the title, then the passage
    hash: str

    @property
    def metadata(self) -> dict[str, str]:
        return {"card_id": self.card_id, "lang": self.lang, "hash": self.hash}


@dataclass(frozen=True)
class Knowledge:
    cards: dict[str, Card]
    rubric: Rubric
    chunks: tuple[Chunk, ...] = field(default=())

    @property
    def criteria(self) -> dict[str, Criterion]:
        return self.rubric.criteria

    @property
    def version(self) -> str:
        """A hash of every chunk: changes exactly when indexed content changes."""
        digest = hashlib.sha256()
        for chunk in self.chunks:
            digest.update(chunk.id.encode())
            digest.update(chunk.hash.encode())
        return digest.hexdigest()[:16]


def _fail(path: Path, field_name: str, why: str) -> KnowledgeError:
    return KnowledgeError(f"{path}: field '{field_name}': {why}")


def _split_front_matter(text: str, path: Path) -> tuple[dict, str]:
    if not text.startswith("---"):
        raise _fail(path, "front matter", "the file must start with a '---' YAML block")
    parts = text.split("\n---", 1)
    if len(parts) != 2:
        raise _fail(path, "front matter", "no closing '---' line")
    try:
        meta = load_yaml(parts[0][3:]) or {}
    except yaml.YAMLError as exc:
        raise _fail(path, "front matter", f"invalid YAML ({exc.__class__.__name__})") from None
    if not isinstance(meta, dict):
        raise _fail(path, "front matter", "must be a YAML mapping")
    return meta, parts[1].split("\n", 1)[1] if "\n" in parts[1] else ""


def _str_list(meta: dict, key: str, path: Path, *, allow_empty: bool = False) -> tuple[str, ...]:
    value = meta.get(key)
    if value is None and allow_empty:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(path, key, "must be a list of non-empty strings")
    if not value and not allow_empty:
        raise _fail(path, key, "must not be empty")
    return tuple(v.strip() for v in value)


def parse_card(path: Path) -> Card:
    """Parse and validate one card file; errors name the file and the field."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(path, "file", f"cannot be read as UTF-8 ({exc.__class__.__name__})") from None
    meta, body = _split_front_matter(text.replace("\r\n", "\n"), path)
    card_id = meta.get("id")
    if not isinstance(card_id, str) or not _ID_RE.match(card_id):
        raise _fail(path, "id", "must be a kebab-case string")
    if card_id != path.stem:
        raise _fail(path, "id", f"'{card_id}' must equal the file name '{path.stem}'")
    for key in ("title", "title_ja"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            raise _fail(path, key, "must be a non-empty string")
    criteria = _str_list(meta, "criteria", path, allow_empty=True)
    sections = _split_sections(body, path)
    summary = lang_map(meta["summary"], path, "summary") if "summary" in meta else {}
    questions = _lang_lists(meta["questions"], path) if "questions" in meta else {}
    return Card(
        id=card_id,
        title=meta["title"].strip(),
        title_ja=meta["title_ja"].strip(),
        tags=_str_list(meta, "tags", path),
        criteria=criteria,
        sources=_str_list(meta, "sources", path),
        body=sections,
        path=path,
        summary=summary,
        questions=questions,
    )


def _lang_lists(raw: object, path: Path) -> dict[str, tuple[str, ...]]:
    """`questions:` — a non-empty list of questions in each language."""
    if not isinstance(raw, dict):
        raise _fail(path, "questions", "must map 'en' and 'ja' to lists of questions")
    return {
        lang: _str_list({f"questions.{lang}": raw.get(lang)}, f"questions.{lang}", path)
        for lang in LANGS
    }


def _split_sections(body: str, path: Path) -> dict[str, str]:
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for line in body.split("\n"):
        stripped = line.strip()
        if stripped.startswith("## "):
            if stripped not in _SECTION_HEADINGS:
                raise _fail(path, "body", f"unexpected heading '{stripped}'")
            current = _SECTION_HEADINGS[stripped]
            if current in sections:
                raise _fail(path, "body", f"duplicate heading '{stripped}'")
            sections[current] = []
        elif current is not None:
            sections[current].append(line)
    out = {lang: "\n".join(lines).strip() for lang, lines in sections.items()}
    for heading, lang in _SECTION_HEADINGS.items():
        if not out.get(lang):
            raise _fail(path, "body", f"missing or empty '{heading}' section")
    return out


def pack_paragraphs(text: str, max_chars: int = CHUNK_CHARS) -> list[str]:
    """Whole paragraphs packed into pieces of about `max_chars` (a longer paragraph stays whole)."""
    pieces: list[str] = []
    current = ""
    for para in re.split(r"\n\s*\n", text):
        para = para.strip()
        if not para:
            continue
        if current and len(current) + len(para) > max_chars:
            pieces.append(current)
            current = para
        else:
            current = f"{current}\n\n{para}" if current else para
    if current:
        pieces.append(current)
    return pieces


def chunk_card(card: Card, max_chars: int = CHUNK_CHARS) -> list[Chunk]:
    """Split each language section at paragraph boundaries into passages of ~max_chars."""
    chunks: list[Chunk] = []
    for lang in LANGS:
        for n, piece in enumerate(pack_paragraphs(card.body[lang], max_chars)):
            text = f"{card.title_in(lang)}\n\n{piece}"
            digest = hashlib.sha256(text.encode()).hexdigest()[:16]
            chunks.append(Chunk(f"{card.id}#{lang}-{n}", card.id, lang, text, digest))
    return chunks


def load_cards(cards_dir: Path, extra_dirs: tuple[Path, ...] = ()) -> dict[str, Card]:
    """Every card under `cards_dir` (and extra dirs); ids must be unique."""
    if not cards_dir.is_dir():
        raise KnowledgeError(f"{cards_dir}: knowledge cards folder not found")
    cards: dict[str, Card] = {}
    for folder in (cards_dir, *extra_dirs):
        for path in sorted(folder.glob("*.md")):
            card = parse_card(path)
            if card.id in cards:
                raise _fail(path, "id", f"duplicate id '{card.id}' (also {cards[card.id].path})")
            cards[card.id] = card
    if not cards:
        raise KnowledgeError(f"{cards_dir}: no cards (*.md) found")
    return cards


def load_knowledge(knowledge_dir: Path) -> Knowledge:
    """Cards, rubric and chunks, validated together."""
    cards = load_cards(knowledge_dir / "cards")
    rubric = load_rubric(knowledge_dir / "rubric.yaml", set(cards))
    for card in cards.values():
        unknown = [c for c in card.criteria if c not in rubric.criteria]
        if unknown:
            raise _fail(card.path, "criteria", f"unknown criterion id(s) {unknown}")
    chunks = tuple(chunk for card in cards.values() for chunk in chunk_card(card))
    return Knowledge(cards=cards, rubric=rubric, chunks=chunks)


@lru_cache(maxsize=4)
def cached_knowledge(knowledge_dir: Path) -> Knowledge:
    """Knowledge loaded once per process per folder."""
    return load_knowledge(knowledge_dir)

