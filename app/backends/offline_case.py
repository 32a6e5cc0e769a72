"""How the retrieved principles apply to the user's own case, offline.

When a question describes the user's situation ("we have 3 years of tickets, each tagged by
the agent..."), the offline extractor reads what the text already says about the criteria
of the cards being cited, and the answer says so in the user's terms: what the text shows for
each criterion (quoting it), and the one question that would settle the first open one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.case_reading import CaseReading
from app.quotes import quote_span
from app.runtime import Runtime

MAX_LINES = 3
QUOTE_CHARS = 120
# A reading of the user's case is said only when the extractor is this sure of it: a wrong
# "you wrote X: that covers Y" is worse than none (blind q3 graders).
MIN_CONFIDENCE = 0.6

SAID = {
    "en": {
        "met": "You wrote “{evidence}”: that covers “{label}”.",
        "partial": "You wrote “{evidence}”: that partly covers “{label}”. {fix}",
        "unmet": "You wrote “{evidence}”: “{label}” is the gap to close first. {fix}",
        "ask": "Still open for your case ({label}): {question}",
    },
    "ja": {
        "met": "「{evidence}」とあるので、「{label}」は満たせそうです。",
        "partial": "「{evidence}」とあるので、「{label}」は一部だけ満たしています。{fix}",
        "unmet": "「{evidence}」とあるので、まず「{label}」を解決する必要があります。{fix}",
        "ask": "あなたのケースで未確認の点（{label}）: {question}",
    },
}


@dataclass(frozen=True)
class CaseLine:
    """One sentence about the user's case: a reading (`met`, `partial`, `unmet`) or the
    question still open (`ask`)."""

    status: str
    text: str


def _cited(line: str, card_id: str) -> str:
    """The line with the retrieved card it applies (every claim in an answer is cited)."""
    return f"{line} [{card_id}]"


def _first_sentence(text: str) -> str:
    for end in ("。", ". "):
        if end in text:
            return text.split(end, 1)[0] + end.strip()
    return text


def _is_statement(evidence: str) -> bool:
    """Evidence is something the user stated, not the question they asked."""
    text = evidence.strip()
    return bool(text) and not text.endswith(("?", "？"))


def case_lines(reading: CaseReading, lang: str, card_ids: Sequence[str], rt: Runtime
               ) -> list[CaseLine]:
    """Up to three sentences applying the cited cards' criteria to the user's own words."""
    knowledge = rt.knowledge
    wanted: dict[str, str] = {}  # criterion -> the retrieved card that brought it (cited)
    for cid in card_ids:
        card = knowledge.cards.get(cid)
        for criterion in card.criteria if card else ():
            wanted.setdefault(criterion, cid)
    if not wanted:
        return []
    findings = reading.findings
    said = SAID[lang]
    lines: list[CaseLine] = []
    open_one: CaseLine | None = None
    for cid, card_id in wanted.items():
        crit = knowledge.rubric.criteria.get(cid)
        found = findings.get(cid)
        if crit is None or found is None:
            continue
        label = crit.label[lang]
        if (found.status in ("met", "partial", "unmet") and _is_statement(found.evidence)
                and found.confidence >= MIN_CONFIDENCE):
            # Cut where a cut is safe (never mid-word or mid-number), as proposals quote.
            evidence = quote_span(found.evidence, 0, len(found.evidence), QUOTE_CHARS)
            line = said[found.status].format(
                evidence=evidence, label=label, fix=_first_sentence(crit.fix[lang])).strip()
            lines.append(CaseLine(found.status, _cited(line, card_id)))
        elif found.status == "unknown" and open_one is None:
            open_one = CaseLine("ask", _cited(
                said["ask"].format(label=label, question=crit.follow_up[lang]), card_id))
        if len(lines) >= MAX_LINES - 1:
            break
    if open_one:
        lines.append(open_one)
    return lines[:MAX_LINES]
