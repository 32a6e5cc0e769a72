"""The learned layer: nearest labelled statements (data/statements.yaml) per clause.

Statements and user clauses are both embedded with `embed_documents`, so they share the
same e5 prefix. Statement vectors are cached on disk, keyed by a hash of the statements
file and the embedding model id, and memoised in the process.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import yaml

from app.extraction.clauses import Clause
from app.extraction.rules import Hit

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data"
STATEMENTS_PATH = DATA_DIR / "statements.yaml"


def statement_files() -> list[Path]:
    """Every statement bank: statements.yaml first, then statements_*.yaml in name order."""
    extra = sorted(p for p in DATA_DIR.glob("statements_*.yaml") if p != STATEMENTS_PATH)
    return [STATEMENTS_PATH, *extra]
NONE = "none"
K = 7
# The best neighbour must be this close (cosine, e5-small scale) for the clause to vote.
MIN_SIM = 0.86
TEMP = 0.02  # softmax temperature over the K neighbours' similarities
MIN_SHARE = 0.65  # share of the vote a criterion needs
# Votes the rules decide alone: "use AI" without a goal, and "no ML needed" (which ends the
# assessment as not_ml), need an explicit cue.
_RULES_ONLY = {("outcome", "unmet"), ("ml_needed", "unmet")}
CONF_SCALE = 0.62  # confidence of a unanimous, very close vote (below strong rules)


@dataclass(frozen=True)
class Statements:
    criteria: tuple[str, ...]
    statuses: tuple[str, ...]
    texts: tuple[str, ...]


@dataclass
class _Bank:
    statements: Statements
    matrix: np.ndarray  # (n, dim), unit rows


_BANKS: dict[tuple[str, int], _Bank] = {}
_LOCK = threading.Lock()


def load_statements(path: Path | None = None) -> Statements:
    """Statements from one file, or from every statement bank when `path` is None."""
    criteria: list[str] = []
    statuses: list[str] = []
    texts: list[str] = []
    for file in [path] if path is not None else statement_files():
        _read_bank(file, criteria, statuses, texts)
    return Statements(tuple(criteria), tuple(statuses), tuple(texts))


def _read_bank(path: Path, criteria: list[str], statuses: list[str], texts: list[str]) -> None:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for criterion, block in raw.items():
        if criterion == NONE:
            for text in block or []:
                criteria.append(NONE)
                statuses.append(NONE)
                texts.append(str(text))
            continue
        for status, items in (block or {}).items():
            for text in items or []:
                criteria.append(str(criterion))
                statuses.append(str(status))
                texts.append(str(text))


def model_id(embeddings: Embeddings) -> str:
    for attr in ("model_id", "model", "model_name"):
        value = getattr(embeddings, attr, None)
        if isinstance(value, str) and value:
            return value
    return type(embeddings).__name__


def _unit(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (rows / norms).astype(np.float32)


def bank(embeddings: Embeddings, cache_dir: Path | None, path: Path | None = None) -> _Bank:
    """Statement vectors: from memory, else from `cache_dir`, else embedded (once)."""
    content = b"\0".join(p.read_bytes() for p in ([path] if path else statement_files()))
    key = hashlib.sha256(content + b"\0" + model_id(embeddings).encode()).hexdigest()[:20]
    memo_key = (key, id(embeddings))
    cached = cache_dir / f"extraction-statements-{key}.npy" if cache_dir else None
    with _LOCK:
        if memo_key in _BANKS:
            if cached is not None and not cached.exists():
                _save(cached, _BANKS[memo_key].matrix)  # every home keeps its own cache
            return _BANKS[memo_key]
        statements = load_statements(path)
        matrix = None
        if cached is not None and cached.exists():
            try:
                matrix = np.load(cached)
                if matrix.shape[0] != len(statements.texts):
                    matrix = None
            except (OSError, ValueError):
                matrix = None
        if matrix is None:
            log.info("embedding %d extraction statements", len(statements.texts))
            matrix = _unit(np.asarray(embeddings.embed_documents(list(statements.texts))))
            if cached is not None:
                _save(cached, matrix)
        _BANKS[memo_key] = _Bank(statements, matrix)
        return _BANKS[memo_key]


def _save(path: Path, matrix: np.ndarray) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npy")
        np.save(tmp, matrix)
        tmp.replace(path)
    except OSError as exc:  # a read-only cache is not fatal
        log.warning("could not cache statement vectors: %s", exc)


def classify(vector: np.ndarray, b: _Bank) -> list[tuple[str, str, float]]:
    """(criterion, status, confidence) votes for one clause vector.

    The K nearest statements vote with softmax weights (temperature TEMP); a criterion is
    relevant when it holds at least MIN_SHARE of the mass, and its status is the heaviest one.
    """
    sims = b.matrix @ vector
    order = np.argsort(-sims)[:K]
    top = float(sims[order[0]])
    if top < MIN_SIM:
        return []
    weights = np.exp((sims[order] - top) / TEMP)
    weights /= weights.sum()
    votes: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for idx, weight in zip(order, weights, strict=True):
        votes[b.statements.criteria[idx]][b.statements.statuses[idx]] += float(weight)
    out: list[tuple[str, str, float]] = []
    for criterion, by_status in votes.items():
        mass = sum(by_status.values())
        if criterion == NONE or mass < MIN_SHARE:
            continue
        status, weight = max(by_status.items(), key=lambda kv: kv[1])
        if (criterion, status) in _RULES_ONLY:
            continue
        closeness = min(1.0, 0.6 + (top - MIN_SIM) / 0.08)
        out.append((criterion, status, round(CONF_SCALE * weight * closeness, 3)))
    return out


_CLAUSE_CACHE: OrderedDict[tuple[int, str], np.ndarray] = OrderedDict()
_CLAUSE_CACHE_SIZE = 4096


def embed_clauses(texts: list[str], embeddings: Embeddings) -> np.ndarray:
    """Clause vectors, reusing recent ones (re-assessing an edited problem is common)."""
    key = id(embeddings)
    missing = sorted({t for t in texts if (key, t) not in _CLAUSE_CACHE})
    if missing:
        fresh = _unit(np.asarray(embeddings.embed_documents(missing)))
        with _LOCK:
            for text, vector in zip(missing, fresh, strict=True):
                _CLAUSE_CACHE[(key, text)] = vector
            while len(_CLAUSE_CACHE) > _CLAUSE_CACHE_SIZE:
                _CLAUSE_CACHE.popitem(last=False)
    with _LOCK:
        rows = []
        for text in texts:
            _CLAUSE_CACHE.move_to_end((key, text))
            rows.append(_CLAUSE_CACHE[(key, text)])
    return np.stack(rows)


def knn_hits(clauses: list[Clause], embeddings: Embeddings, cache_dir: Path | None,
             vectors: np.ndarray | None = None, b: _Bank | None = None) -> list[Hit]:
    b = b if b is not None else bank(embeddings, cache_dir)
    if vectors is None:
        vectors = embed_clauses([c.text for c in clauses], embeddings)
    hits: list[Hit] = []
    for clause, vector in zip(clauses, vectors, strict=True):
        for criterion, status, conf in classify(vector, b):
            hits.append(Hit(criterion, status, conf, clause, "knn"))
    return hits
