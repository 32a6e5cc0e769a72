"""The labelled statement banks the learned layer trains on (data/statements/*.yaml).

Each file maps criterion -> status -> statements; `none` holds statements that decide
nothing. Files are named by what they hold; every file in the folder is read, in name order.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from app.yaml_data import load_yaml

STATEMENTS_DIR = Path(__file__).parent / "data" / "statements"
NONE = "none"


@dataclass(frozen=True)
class Statements:
    criteria: tuple[str, ...]
    statuses: tuple[str, ...]
    texts: tuple[str, ...]
    sources: tuple[str, ...] = ()  # the file each statement came from

    def __len__(self) -> int:
        return len(self.texts)


def statement_files(folder: Path | None = None) -> list[Path]:
    return sorted((folder or STATEMENTS_DIR).glob("*.yaml"))


def load_statements(files: list[Path] | None = None) -> Statements:
    """Every statement of `files` (default: every bank), duplicates dropped."""
    criteria: list[str] = []
    statuses: list[str] = []
    texts: list[str] = []
    sources: list[str] = []
    seen: set[tuple[str, str, str]] = set()
    for path in files if files is not None else statement_files():
        raw = load_yaml(path.read_text(encoding="utf-8")) or {}
        for criterion, block in raw.items():
            pairs = ([(NONE, block)] if criterion == NONE
                     else list((block or {}).items()))
            for status, items in pairs:
                for text in items or []:
                    key = (str(criterion), str(status), str(text).strip())
                    if not key[2] or key in seen:
                        continue
                    seen.add(key)
                    criteria.append(key[0])
                    statuses.append(key[1])
                    texts.append(key[2])
                    sources.append(path.name)
    return Statements(tuple(criteria), tuple(statuses), tuple(texts), tuple(sources))


_DIGESTS: dict[tuple, str] = {}


def banks_digest(files: list[Path] | None = None) -> str:
    """A hash of every bank's bytes: trained models are cached under it (re-hashed only when
    a file's size or modification time changes, since every assessment asks)."""
    paths = files if files is not None else statement_files()
    stamp = tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in paths)
    if stamp not in _DIGESTS:
        h = hashlib.sha256()
        for path in paths:
            h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        _DIGESTS[stamp] = h.hexdigest()[:20]
    return _DIGESTS[stamp]
