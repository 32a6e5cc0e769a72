"""The rule layer: bilingual cue patterns per criterion, applied clause by clause."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.extraction.clauses import Clause, is_uncertain, negated_near
from app.extraction.scale import scale_findings


@dataclass(frozen=True)
class Rule:
    """A cue. `fixed` rules carry their status; topic rules flip to `neg` under negation."""

    criterion: str
    pattern: re.Pattern[str]
    status: str
    conf: float
    neg: str | None = None  # topic rule: status when the clause is negated
    unc: str | None = None  # topic rule: status when the clause is uncertain


@dataclass(frozen=True)
class Hit:
    criterion: str
    status: str
    conf: float
    clause: Clause
    source: str  # "rule", "scale", "knn" or "clf"


def F(status: str, conf: float, pattern: str) -> tuple:  # noqa: N802 - table helper
    """A fixed cue: the pattern itself decides the status."""
    return ("F", status, conf, pattern, None, None)


def T(conf: float, pattern: str, pos: str = "met", neg: str = "unmet", unc: str | None = None):  # noqa: N802
    """A topic cue: `pos` when affirmed, `neg` when negated, `unc` when uncertain."""
    return ("T", pos, conf, pattern, neg, unc)


def compile_table(table: dict[str, list[tuple]]) -> list[Rule]:
    rules: list[Rule] = []
    for criterion, entries in table.items():
        for kind, status, conf, pattern, neg, unc in entries:
            rx = re.compile(pattern, re.IGNORECASE)
            if kind == "F":
                rules.append(Rule(criterion, rx, status, conf))
            else:
                rules.append(Rule(criterion, rx, status, conf, neg=neg, unc=unc))
    return rules


def _all_rules() -> list[Rule]:
    from app.extraction.cues_data import DATA_CUES
    from app.extraction.cues_ops import OPS_CUES
    from app.extraction.cues_value import VALUE_CUES

    rules: list[Rule] = []
    for table in (VALUE_CUES, DATA_CUES, OPS_CUES):
        rules.extend(compile_table(table))
    return rules


_RULES: list[Rule] | None = None


def rules() -> list[Rule]:
    global _RULES
    if _RULES is None:
        _RULES = _all_rules()
    return _RULES


def rule_hits(clauses: list[Clause]) -> list[Hit]:
    """Every cue that fires, with the status it implies in its clause."""
    hits: list[Hit] = []
    for clause in clauses:
        text = clause.text
        uncertain = is_uncertain(text)
        for rule in rules():
            m = rule.pattern.search(text)
            if m is None:
                continue
            status = rule.status
            if rule.neg is not None:
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
