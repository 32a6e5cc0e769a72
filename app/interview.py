"""Answers to follow-up questions: quick replies ("yes", "partly", "わからない") or free text,
turned into criterion statuses that override what the text showed."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from app.errors import InputError
from app.extraction import Finding
from app.text import clean_input, detect_language

if TYPE_CHECKING:
    from app.backends import Backends

_ANSWER_WORDS = {
    "met": r"met|yes|y|true|done|we do|はい|ある|あります|できている|満たす|満たしている",
    "partial": r"partial|partly|partially|somewhat|some|一部|部分的|少し|ある程度",
    "unmet": r"unmet|no|n|false|not met|none|いいえ|ない|ありません|できていない|満たさない",
    "unknown": r"unknown|don'?t know|not sure|\?|わからない|分からない|不明|未定",
    "n/a": r"n/?a|not applicable|does not apply|doesn'?t apply|対象外|該当しない|関係ない",
}


def parse_answer_status(value: str) -> str | None:
    """A quick reply as a status, else None (free text)."""
    value = value.strip().lower()
    for status, words in _ANSWER_WORDS.items():
        if re.fullmatch(rf"(?:{words})[.!。！]?", value):
            return status
    return None


def apply_answers(findings: Mapping[str, Finding], answers: Mapping[str, str],
                  backends: Backends) -> dict[str, tuple[Finding, str]]:
    """(finding, source) per criterion: the text's, overridden by the user's answers.

    A free-text answer is read by the answer reader; it settles its own criterion and may
    settle other criteria that were still unknown.
    """
    rubric = backends.knowledge.rubric
    out = {cid: (findings[cid], "text") for cid in rubric.ids}
    for cid, raw in answers.items():
        if cid not in rubric.criteria:
            raise InputError(f"Unknown criterion id in answers: {cid!r}. "
                             f"Use one of: {', '.join(rubric.ids)}.")
        text = clean_input(str(raw)).text
        if not text:
            continue
        status = parse_answer_status(text)
        if status == "n/a" and rubric.criteria[cid].not_applicable is None:
            raise InputError(f"{cid!r} always applies: answer yes, partly, no or don't know.")
        if status is not None:
            out[cid] = (Finding(status, text if status != "unknown" else "", 1.0), "answer")
            continue
        found = backends.answer_reader.fill(text, detect_language(text)).findings
        own = found[cid]
        if own.status != "unknown":
            out[cid] = (own, "answer")
        for other, finding in found.items():
            if other != cid and finding.status != "unknown" and out[other][0].status == "unknown":
                out[other] = (finding, "answer")
    return out
