"""Scope rules applied after the sources are fused (cue data in app.extraction.cues_scope).

- Applicability: a criterion the rubric allows to be `n/a` (fairness when no decision is
  about people, data_rights when no personal, licensed or confidential data is used) is
  `n/a` when nothing in the text makes it apply, and never `n/a` when something does; where
  it applies and the text is silent it takes its default, if it has one (a decision about
  people whose bias checks are not stated is `partial`, so the rubric's "people decision
  with nobody reviewing it" rule can see it).
- Settled facts: "an existing API / a formula / a lookup already gives the answer" makes
  `ml_needed` unmet whatever the learned layer read, unless the sentence says it fails.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.extraction.clauses import Clause, is_uncertain, negated_near
from app.extraction.cues_scope import APPLIES, APPLIES_DEFAULT, NOT_APPLIES, SETTLES
from app.extraction.decide import Finding
from app.extraction.guards import about_rights, rule_fails, tentative
from app.rubric import Rubric

APPLIES_CONF = 0.6
SETTLED_CONF = 0.9
_QUESTION = re.compile(r"[?？]\s*$|\b(?:could|would|can|might) (?:a|an|we|this|the)\b[^.]*\?"
                       r"|(?:でしょうか|ですか|ますか|かな)[。？?]?\s*$")

# A clause that rules something out of the plan ("Non-goals: auto-closing alerts", 「今回は対象外」)
# settles nothing about the plan itself.
_DISCLAIMED = re.compile(
    r"\bnon-?goals?\b|\bout of scope\b|\bnot (?:in scope|planned|part of (?:the|this)"
    r"|something we (?:will|would) do)\b|対象外|スコープ外|やらない|行わない", re.IGNORECASE)

_APPLIES = {cid: [re.compile(p, re.IGNORECASE) for p in pats] for cid, pats in APPLIES.items()}
_NOT_APPLIES = {cid: [re.compile(p, re.IGNORECASE) for p in pats]
                for cid, pats in NOT_APPLIES.items()}
_SETTLES = {cid: (status, [re.compile(p, re.IGNORECASE) for p in pats])
            for cid, (status, pats) in SETTLES.items()}


def first_affirmed(patterns: Sequence[re.Pattern[str]], clauses: Sequence[Clause]
                   ) -> Clause | None:
    """The first clause where a pattern matches outside a negation or a question."""
    for clause in clauses:
        for rx in patterns:
            for m in rx.finditer(clause.text):
                if not negated_near(clause.text, m.start(), m.end()):
                    return clause
    return None


def applies(cid: str, clauses: Sequence[Clause]) -> Clause | None:
    """The first clause that makes the criterion apply; one that says outright it does not
    apply ("no personal data is involved") never does."""
    denied = _NOT_APPLIES.get(cid, [])
    for clause in clauses:
        if any(rx.search(clause.text) for rx in denied):
            continue
        if any(rx.search(clause.text) for rx in _APPLIES.get(cid, [])):
            return clause
    return None


def settled(cid: str, clauses: Sequence[Clause]) -> tuple[str, Clause] | None:
    if cid not in _SETTLES:
        return None
    status, patterns = _SETTLES[cid]
    for clause in clauses:
        if (is_uncertain(clause.text) or _QUESTION.search(clause.sentence)
                or _DISCLAIMED.search(clause.sentence)):
            continue
        if rule_fails(clause.sentence) or about_rights(clause.text) or tentative(clause.sentence):
            continue
        if first_affirmed(patterns, [clause]) is not None:
            return status, clause
    return None


def apply_scope(findings: dict[str, Finding], text: str, clauses: Sequence[Clause],
                rubric: Rubric) -> dict[str, Finding]:
    out = dict(findings)
    for cid, crit in rubric.criteria.items():
        if cid not in out:
            continue
        if crit.not_applicable is not None and cid in _APPLIES:
            out[cid] = _applicability(cid, out[cid], clauses)
        hit = settled(cid, clauses)
        if hit is not None:
            status, clause = hit
            out[cid] = Finding(status, clause.sentence, SETTLED_CONF, "scope")  # type: ignore[arg-type]
    return out


def _applicability(cid: str, found: Finding, clauses: Sequence[Clause]) -> Finding:
    where = applies(cid, clauses)
    if where is None:
        if found.status in ("unknown", "n/a"):
            return Finding("n/a", found.evidence if found.status == "n/a" else "",
                           max(found.confidence, APPLIES_CONF), "scope")
        return found
    if found.status == "n/a":
        found = Finding("unknown", "", 0.0)
    if found.status == "unknown" and cid in APPLIES_DEFAULT:
        return Finding(APPLIES_DEFAULT[cid], where.sentence, APPLIES_CONF, "scope")  # type: ignore[arg-type]
    return found
