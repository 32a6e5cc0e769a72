"""What the card index holds besides the card chunks: each card's summary and questions in
both languages (extra vectors pointing to the card), and the out-of-scope examples.

Summaries are embedded as passages; questions and out-of-scope examples as queries, so a
user's question meets them on the same side of e5 (a question-to-question match).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from app.errors import KnowledgeError
from app.knowledge import Chunk, Knowledge
from app.rubric import LANGS
from app.uncovered import TOPIC_PREFIX, load_topics
from app.yaml_data import load_yaml

SUMMARY = "summary"
QUESTION = "question"
OUT_OF_SCOPE = "out_of_scope"
UNCOVERED = "uncovered"  # examples of a scoping-adjacent topic no card covers (app/uncovered.py)
SCOPE_FILE = "out_of_scope.yaml"
SCOPE_CARD = "_out_of_scope"  # card_id of the out-of-scope examples: never a citation
DOCUMENT_PREFIX = "user-"  # card_id of a user document: "user-<doc id>"


@dataclass(frozen=True)
class Alias:
    """A short text that stands for a card (or for "out of scope") in the vector index."""

    id: str
    card_id: str
    lang: str
    kind: str  # SUMMARY | QUESTION | OUT_OF_SCOPE | UNCOVERED
    text: str
    hash: str
    as_query: bool

    @property
    def metadata(self) -> dict[str, str]:
        return {"card_id": self.card_id, "lang": self.lang, "hash": self.hash,
                "kind": self.kind}


def _alias(aid: str, card_id: str, lang: str, kind: str, text: str) -> Alias:
    digest = hashlib.sha256(f"{kind}\0{text}".encode()).hexdigest()[:16]
    return Alias(aid, card_id, lang, kind, text, digest, as_query=kind != SUMMARY)


def card_aliases(knowledge: Knowledge) -> list[Alias]:
    out: list[Alias] = []
    for card in knowledge.cards.values():
        for lang in LANGS:
            if card.summary.get(lang):
                out.append(_alias(f"{card.id}#{lang}-summary", card.id, lang, SUMMARY,
                                  card.summary[lang]))
            for n, question in enumerate(card.questions.get(lang, ())):
                out.append(_alias(f"{card.id}#{lang}-q{n}", card.id, lang, QUESTION, question))
    return out


def scope_examples(knowledge_dir: Path) -> list[Alias]:
    """The out-of-scope examples of `knowledge/out_of_scope.yaml` (none if the file is absent)."""
    path = knowledge_dir / SCOPE_FILE
    if not path.exists():
        return []
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"{path}: not readable YAML ({exc.__class__.__name__})") from None
    out: list[Alias] = []
    for lang in LANGS:
        items = data.get(lang) or []
        if not isinstance(items, list) or not all(isinstance(t, str) and t.strip()
                                                  for t in items):
            raise KnowledgeError(f"{path}: field '{lang}': must be a list of strings")
        out += [_alias(f"{SCOPE_CARD}#{lang}-{n}", SCOPE_CARD, lang, OUT_OF_SCOPE, t.strip())
                for n, t in enumerate(items)]
    return out


def uncovered_examples(knowledge_dir: Path) -> list[Alias]:
    """The example questions of each topic of `knowledge/uncovered.yaml`."""
    return [_alias(f"{TOPIC_PREFIX}{topic.id}#{lang}-{n}", f"{TOPIC_PREFIX}{topic.id}", lang,
                   UNCOVERED, text)
            for topic in load_topics(knowledge_dir).values() for lang in LANGS
            for n, text in enumerate(topic.examples[lang])]


def card_fields(knowledge: Knowledge) -> list[Chunk]:
    """Per card and language, its title, summary and questions as one text for BM25."""
    out: list[Chunk] = []
    for card in knowledge.cards.values():
        for lang in LANGS:
            text = "\n".join([card.title_in(lang), card.summary.get(lang, ""),
                              *card.questions.get(lang, ())]).strip()
            digest = hashlib.sha256(text.encode()).hexdigest()[:16]
            out.append(Chunk(f"{card.id}#{lang}-fields", card.id, lang, text, digest))
    return out


def index_entries(knowledge: Knowledge, knowledge_dir: Path) -> list[Chunk | Alias]:
    """Everything the card collection must hold for this knowledge folder."""
    return [*knowledge.chunks, *card_aliases(knowledge), *scope_examples(knowledge_dir),
            *uncovered_examples(knowledge_dir)]


def entries_version(entries: Sequence[Chunk | Alias]) -> str:
    """Changes exactly when what is embedded changes."""
    digest = hashlib.sha256()
    for entry in entries:
        digest.update(entry.id.encode())
        digest.update(entry.hash.encode())
    return digest.hexdigest()[:16]
