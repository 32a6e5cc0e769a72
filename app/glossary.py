"""A bilingual glossary of scoping terms (knowledge/glossary.yaml), used to search a question
in both languages at once.

e5-small matches a Japanese question to English text (and the reverse) less well than to
text in its own language; appending the other language's names of the terms the question
uses narrows that gap (bench/fusion.py's cross-language check: hit@1 gap 0.16 -> 0.13 on the
project's questions) and costs no extra embedding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from app.errors import KnowledgeError
from app.text import detect_language
from app.yaml_data import load_yaml

GLOSSARY_FILE = "glossary.yaml"
MAX_TERMS = 8  # appended terms per question: enough for a long case, short of drowning it


@dataclass(frozen=True)
class Glossary:
    """English term -> Japanese renderings, and each Japanese rendering -> its English term."""

    english: tuple[tuple[re.Pattern[str], str, str], ...] = field(default=())
    japanese: tuple[tuple[str, str], ...] = field(default=())

    def terms(self, text: str, lang: str | None = None) -> list[str]:
        """The other language's names of the glossary terms `text` uses, first seen first."""
        lang = lang or detect_language(text)
        if lang == "ja":
            found = [en for ja, en in self.japanese if ja in text]
        else:
            low = text.lower()
            found = [ja for pattern, _, ja in self.english if pattern.search(low)]
        out = [t for t in dict.fromkeys(found) if t.lower() not in text.lower()]
        return out[:MAX_TERMS]

    def expand(self, text: str, lang: str | None = None) -> str:
        """`text` with the other language's terms appended in brackets (unchanged if none)."""
        terms = self.terms(text, lang)
        return f"{text} ({', '.join(terms)})" if terms else text


def parse_glossary(rows: list) -> Glossary:
    english, japanese = [], []
    for row in rows:
        en, ja = str(row[0]).strip(), str(row[1]).strip()
        renderings = [r.strip() for r in ja.split("/") if r.strip()]
        pattern = re.compile(r"(?<![a-z])" + re.escape(en.lower()) + r"s?(?![a-z])")
        english.append((pattern, en, renderings[0]))
        japanese += [(r, en) for r in renderings]
    return Glossary(tuple(english), tuple(japanese))


@lru_cache(maxsize=4)
def load_glossary(knowledge_dir: Path) -> Glossary:
    """The glossary of `knowledge_dir` (an empty one when the file is absent)."""
    path = Path(knowledge_dir) / GLOSSARY_FILE
    if not path.exists():
        return Glossary()
    try:
        rows = (load_yaml(path.read_text(encoding="utf-8")) or {}).get("terms") or []
        return parse_glossary(rows)
    except (yaml.YAMLError, AttributeError, IndexError, TypeError) as exc:
        raise KnowledgeError(f"{path}: each term must be [english, japanese/…] ({exc})") \
            from exc
