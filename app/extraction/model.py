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
SKIP_KNN_CONF = 0.6
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
    """A Finding for every criterion id, in DESIGN order.

    `lang` is accepted for the interface; the cues are bilingual and run on every clause,
    because problem descriptions often mix Japanese and English.
    """
    clauses = split_clauses(text or "")
    hits = rule_hits(clauses)
    if embeddings is not None and clauses:
        from app.extraction.knn import knn_hits

        # The learned layer reads only what the cues left open: clauses with no confident cue.
        # (Halves the embedding work; clauses with a strong cue gain little from a vote.)
        covered = {id(h.clause) for h in hits if h.conf >= SKIP_KNN_CONF}
        open_clauses = [c for c in clauses if id(c) not in covered]
        if open_clauses:
            hits.extend(knn_hits(open_clauses, embeddings, cache_dir))
    return decide(hits)


def decide(hits: list[Hit]) -> dict[str, Finding]:
    by_criterion: dict[str, list[Hit]] = defaultdict(list)
    for hit in hits:
        by_criterion[hit.criterion].append(hit)
    findings = {cid: _decide_one(by_criterion.get(cid, [])) for cid in CRITERIA_IDS}
    return _infer(findings)


def _infer(findings: dict[str, Finding]) -> dict[str, Finding]:
    """Cross-criterion inferences the rubric implies."""
    err, hitl = findings["error_cost"], findings["human_in_loop"]
    # A costly error (partial: known but severe) with nobody reviewing is not tolerable.
    if err.status == "partial" and hitl.status == "unmet":
        conf = min(err.confidence, hitl.confidence)
        findings["error_cost"] = Finding("unmet", err.evidence, conf)
    return findings


def _decide_one(hits: list[Hit]) -> Finding:
    if not hits:
        return UNKNOWN
    best: dict[str, Hit] = {}
    count: dict[str, int] = defaultdict(int)
    for hit in hits:
        if hit.status not in _CAUTION:
            continue
        count[hit.status] += 1
        if hit.status not in best or hit.conf > best[hit.status].conf:
            best[hit.status] = hit
    # A second sentence or layer agreeing adds a little weight, once: many weak generic cues
    # must not outvote one specific cue.
    score = {s: best[s].conf + (0.05 if count[s] > 1 else 0.0) for s in best}
    if not score:
        return UNKNOWN
    top = max(score.values())
    if top < MIN_CONFIDENCE:
        return UNKNOWN
    contenders = [s for s, v in score.items() if v >= top - _TIE_MARGIN]
    status = max(contenders, key=lambda s: (_CAUTION[s], score[s]))
    hit = best[status]
    return Finding(status, hit.clause.sentence, round(min(score[status], 1.0), 3))  # type: ignore[arg-type]
