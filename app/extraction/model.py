"""`extract_statuses`: one Finding per rubric criterion from a free-text problem description.

Two layers vote per clause:
- rules (app.extraction.rules + cues_*): bilingual cue patterns with negation scope, and
  volumes parsed from numbers (app.extraction.scale);
- a learned layer (app.extraction.knn): the nearest labelled statements from
  data/statements.yaml, embedded with the configured model.
The strongest vote per criterion decides its status; the sentence that carried it is the
evidence. A criterion nobody voted on stays `unknown`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from app.extraction.clauses import split_clauses
from app.extraction.rules import Hit, rule_hits
from app.knowledge import CRITERIA_IDS

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

Status = Literal["met", "partial", "unmet", "unknown"]
STATUSES: tuple[str, ...] = ("met", "partial", "unmet", "unknown")
MIN_CONFIDENCE = 0.3
# When two statuses are this close, the more cautious one wins (unmet > partial > met).
_TIE_MARGIN = 0.05
_CAUTION = {"unmet": 2, "partial": 1, "met": 0}


@dataclass(frozen=True)
class Finding:
    status: Status
    evidence: str
    confidence: float


UNKNOWN = Finding("unknown", "", 0.0)


def extract_statuses(
    text: str,
    lang: str,
    embeddings: Embeddings | None,
    cache_dir: Path | None = None,
) -> dict[str, Finding]:
    """A Finding for every criterion id, in DESIGN order."""
    clauses = split_clauses(text or "")
    hits = rule_hits(clauses)
    if embeddings is not None and clauses:
        from app.extraction.knn import knn_hits

        hits.extend(knn_hits(clauses, embeddings, cache_dir))
    return decide(hits)


def decide(hits: list[Hit]) -> dict[str, Finding]:
    by_criterion: dict[str, list[Hit]] = defaultdict(list)
    for hit in hits:
        by_criterion[hit.criterion].append(hit)
    return {cid: _decide_one(by_criterion.get(cid, [])) for cid in CRITERIA_IDS}


def _decide_one(hits: list[Hit]) -> Finding:
    if not hits:
        return UNKNOWN
    best: dict[str, Hit] = {}
    score: dict[str, float] = {}
    for hit in hits:
        if hit.status not in _CAUTION:
            continue
        # Agreement of a second layer or a second sentence adds a little weight.
        prev = score.get(hit.status, 0.0)
        if hit.status not in best or hit.conf > best[hit.status].conf:
            best[hit.status] = hit
        score[hit.status] = max(prev, hit.conf) + (0.05 if prev else 0.0)
    if not score:
        return UNKNOWN
    top = max(score.values())
    if top < MIN_CONFIDENCE:
        return UNKNOWN
    contenders = [s for s, v in score.items() if v >= top - _TIE_MARGIN]
    status = max(contenders, key=lambda s: (_CAUTION[s], score[s]))
    hit = best[status]
    return Finding(status, hit.clause.sentence, round(min(score[status], 1.0), 3))  # type: ignore[arg-type]
