"""The shape of a cue table: `F` (fixed status) and `T` (topic, flips under negation) entries,
compiled into `Rule`s. A leaf module: the cue tables (cues_*.py) import it, and rules.py
imports the tables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

try:  # the regex parser moved in Python 3.11; both spellings are the standard library's
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]


@dataclass(frozen=True)
class Rule:
    """A cue. `fixed` rules carry their status; topic rules flip to `neg` under negation."""

    criterion: str
    pattern: re.Pattern[str]
    status: str
    conf: float
    neg: str | None = None  # topic rule: status when the clause is negated
    unc: str | None = None  # topic rule: status when the clause is uncertain
    # Lower-case strings one of which every match contains (None: no such set): a clause
    # without any of them cannot match, so the regex is not run on it.
    factors: tuple[str, ...] | None = field(default=None, compare=False)

    def may_match(self, lowered: str) -> bool:
        return self.factors is None or any(f in lowered for f in self.factors)


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
            factors = required_factors(pattern)
            if kind == "F":
                rules.append(Rule(criterion, rx, status, conf, factors=factors))
            else:
                rules.append(Rule(criterion, rx, status, conf, neg=neg, unc=unc,
                                  factors=factors))
    return rules


def required_factors(pattern: str) -> tuple[str, ...] | None:
    """Literal strings (lower case) one of which any match of `pattern` must contain.

    Read from the parsed pattern: a sequence needs its most selective mandatory piece, an
    alternation needs one factor of each branch. None when no literal is mandatory.
    """
    try:
        parsed = _sre_parse.parse(pattern, re.IGNORECASE)
    except re.error:
        return None
    found = _seq(list(parsed))
    return tuple(sorted(found)) if found else None


def _weight(factors: set[str]) -> float:
    """How selective a factor set is: its shortest member (a CJK character counts double)."""
    return min(sum(2 if ord(ch) > 0x2E80 else 1 for ch in f) for f in factors)


def _seq(items: list) -> set[str] | None:
    best: set[str] | None = None
    run: list[str] = []
    candidates: list[set[str]] = []
    for op, arg in items:
        if op is _sre.LITERAL:
            run.append(chr(arg).lower())
            continue
        if run:
            candidates.append({"".join(run)})
            run = []
        sub = _item(op, arg)
        if sub:
            candidates.append(sub)
    if run:
        candidates.append({"".join(run)})
    for cand in candidates:
        if best is None or _weight(cand) > _weight(best):
            best = cand
    return best


def _item(op, arg) -> set[str] | None:
    if op is _sre.SUBPATTERN:
        return _seq(list(arg[-1]))
    if op is _sre.BRANCH:
        out: set[str] = set()
        for branch in arg[1]:
            sub = _seq(list(branch))
            if not sub:
                return None
            out |= sub
        return out
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)):
        low, _high, item = arg
        return _seq(list(item)) if low >= 1 else None
    if op is getattr(_sre, "ATOMIC_GROUP", None):
        return _seq(list(arg))
    return None  # classes, any, anchors, look-arounds: no mandatory literal
