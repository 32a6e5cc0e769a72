"""How the retrieved principles apply to the user's own case, offline.

When a question describes the user's situation ("we have 3 years of tickets, each tagged by
the agent..."), the offline extractor reads what the text already says about the criteria
of the cards being cited, and the answer says so in the user's terms: what the text shows for
each criterion (quoting it), and the one question that would settle the first open one.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.extraction import extract_statuses
from app.runtime import Runtime

MAX_LINES = 3

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


def _first_sentence(text: str) -> str:
    for end in ("。", ". "):
        if end in text:
            return text.split(end, 1)[0] + end.strip()
    return text


def _is_statement(evidence: str) -> bool:
    """Evidence is something the user stated, not the question they asked."""
    text = evidence.strip()
    return bool(text) and not text.endswith(("?", "？"))


def case_lines(message: str, lang: str, card_ids: Sequence[str], rt: Runtime) -> list[str]:
    """Up to three sentences applying the cited cards' criteria to the user's own words."""
    knowledge = rt.knowledge
    wanted: list[str] = []
    for cid in card_ids:
        card = knowledge.cards.get(cid)
        for criterion in card.criteria if card else ():
            if criterion not in wanted:
                wanted.append(criterion)
    if not wanted:
        return []
    findings = extract_statuses(message, lang, rt.embeddings, rt.settings.cache_dir,
                                knowledge.rubric)
    said = SAID[lang]
    lines: list[str] = []
    open_one: str | None = None
    for cid in wanted:
        crit = knowledge.rubric.criteria.get(cid)
        found = findings.get(cid)
        if crit is None or found is None:
            continue
        label = crit.label[lang]
        if found.status in ("met", "partial", "unmet") and _is_statement(found.evidence):
            evidence = " ".join(found.evidence.split())[:120]
            lines.append(said[found.status].format(
                evidence=evidence, label=label, fix=_first_sentence(crit.fix[lang])).strip())
        elif found.status == "unknown" and open_one is None:
            open_one = said["ask"].format(label=label, question=crit.follow_up[lang])
        if len(lines) >= MAX_LINES - 1:
            break
    if open_one:
        lines.append(open_one)
    return lines[:MAX_LINES]
