"""The rule layer: bilingual cue patterns per criterion, applied clause by clause."""

from __future__ import annotations

from dataclasses import dataclass

from app.extraction.clauses import Clause, is_uncertain, negated_near
from app.extraction.cue_table import Rule, compile_table
from app.extraction.cues_data import DATA_CUES
from app.extraction.cues_ops import OPS_CUES
from app.extraction.cues_value import VALUE_CUES
from app.extraction.prefilter import Prefilter
from app.extraction.scale import scale_findings


@dataclass(frozen=True)
class Hit:
    criterion: str
    status: str
    conf: float
    clause: Clause
    source: str  # "rule", "scale", "knn" or "clf"


def _all_rules() -> list[Rule]:
    rules: list[Rule] = []
    for table in (VALUE_CUES, DATA_CUES, OPS_CUES):
        rules.extend(compile_table(table))
    return rules


_RULES: list[Rule] | None = None
_PREFILTER: Prefilter | None = None


def rules() -> list[Rule]:
    global _RULES
    if _RULES is None:
        _RULES = _all_rules()
    return _RULES


def prefilter() -> Prefilter:
    global _PREFILTER
    if _PREFILTER is None:
        _PREFILTER = Prefilter(rules())
    return _PREFILTER


def rule_hits(clauses: list[Clause]) -> list[Hit]:
    """Every cue that fires, with the status it implies in its clause."""
    pre = prefilter()
    hits: list[Hit] = []
    for clause in clauses:
        text = clause.text
        uncertain = None
        for rule in pre.candidates(text.lower()):
            m = rule.pattern.search(text)
            if m is None:
                continue
            status = rule.status
            if rule.neg is not None:
                if uncertain is None:
                    uncertain = is_uncertain(text)
                if uncertain:
                    # "we don't know whether X is logged": the text is silent, not negative.
                    status = rule.unc or "skip"
                elif negated_near(text, m.start(), m.end()):
                    status = rule.neg
            if status == "skip":
                continue
            hits.append(Hit(rule.criterion, status, rule.conf, clause, "rule"))
        for criterion, status, conf in scale_findings(text):
            hits.append(Hit(criterion, status, conf, clause, "scale"))
    return hits
