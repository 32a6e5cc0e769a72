"""The interview: which question to ask next, how an answer becomes a status, and what each
answer changed.

- Questions: an unknown criterion is asked (its yes/no `check`, or its `follow_up` when the
  rubric says `answer: number`); a criterion read from the text as unmet or partial is
  offered for correction ("Did I read this right?"). They are ordered by how likely the
  answer is to change the verdict, using each status's confidence.
- Answers: quick replies ("yes", "partly", "no", "don't know", "n/a", and their Japanese
  forms) or free text, read by the offline answer reader; an answer settles its own
  criterion and may settle others that were still unknown.
- Changes: after each answer, the status, verdict and readiness before and after.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from app.errors import InputError
from app.extraction import Finding
from app.rubric import Rubric
from app.text import clean_input, detect_language

if TYPE_CHECKING:
    from app.backends import Backends

_ANSWER_WORDS = {
    "met": r"met|yes|y|yep|yeah|true|done|we do|correct|right|that'?s right|yes,? that'?s right"
           r"|はい|ある|あります|できている|満たす|満たしている|そうです|その通り|合っています",
    "partial": r"partial|partly|partially|somewhat|some|一部|部分的|少し|ある程度",
    "unmet": r"unmet|no|n|nope|false|not met|none|いいえ|ない|ありません|できていない|満たさない",
    "unknown": r"unknown|don'?t know|not sure|\?|わからない|分からない|不明|未定",
    "n/a": r"n/?a|not applicable|does not apply|doesn'?t apply|対象外|該当しない|関係ない",
}
# How a status reads as a reply, in the user's words (never a status code).
REPLY_WORDS = {
    "en": {"met": "yes", "partial": "partly", "unmet": "no", "unknown": "don't know",
           "n/a": "does not apply"},
    "ja": {"met": "はい", "partial": "一部", "unmet": "いいえ", "unknown": "わからない",
           "n/a": "対象外"},
}
_ANSWERED = {"en": "Answered “{reply}” to: {question}", "ja": "「{question}」に「{reply}」と回答"}
CONFIRM = {"en": "Did I read this right? {label}: {status}",
           "ja": "この読み取りで合っていますか？ {label}：{status}"}
# Before any answer, how likely each status is for a criterion the text is silent on, when
# the rubric gives no `unmet_prior` for it.
PRIOR = {"met": 0.6, "partial": 0.2, "unmet": 0.2}
# A gate criterion read as met with less confidence than this is offered for confirmation too:
# a misread "met" (review, labels) is how a not-yet case ends at "ML fits" after the interview.
CONFIRM_MET_BELOW = 0.8


def parse_answer_status(value: str) -> str | None:
    """A quick reply as a status, else None (free text)."""
    value = value.strip().lower()
    for status, words in _ANSWER_WORDS.items():
        if re.fullmatch(rf"(?:{words})[.!。！]?", value):
            return status
    return None


def apply_answers(findings: Mapping[str, Finding], answers: Mapping[str, str],
                  backends: Backends, lang: str = "en") -> dict[str, tuple[Finding, str]]:
    """(finding, source) per criterion: the text's, overridden by the user's answers.

    A free-text answer is read by the answer reader; it settles its own criterion and may
    settle other criteria that were still unknown.
    """
    rubric = backends.knowledge.rubric
    out = {cid: (findings[cid], "text") for cid in rubric.ids}
    for cid, raw in answers.items():
        out = apply_one(out, cid, raw, backends, lang)
    return out


def apply_one(decided: Mapping[str, tuple[Finding, str]], cid: str, raw: str,
              backends: Backends, lang: str = "en") -> dict[str, tuple[Finding, str]]:
    rubric = backends.knowledge.rubric
    if cid not in rubric.criteria:
        raise InputError(f"Unknown criterion id in answers: {cid!r}. "
                         f"Use one of: {', '.join(rubric.ids)}.")
    out = dict(decided)
    text = clean_input(str(raw)).text
    if not text:
        return out
    status = parse_answer_status(text)
    if status == "n/a" and rubric.criteria[cid].not_applicable is None:
        raise InputError(f"{cid!r} always applies: answer yes, partly, no or don't know.")
    if status is not None:
        evidence = "" if status == "unknown" else _ANSWERED[lang].format(
            reply=text, question=rubric.criteria[cid].interview_question(lang))
        out[cid] = (Finding(status, evidence, 1.0, "answer"), "answer")  # type: ignore[arg-type]
        return out
    found = backends.answer_reader.fill(text, detect_language(text)).findings
    own = found[cid]
    if own.status != "unknown":
        out[cid] = (Finding(own.status, text, max(own.confidence, 0.8), "answer"), "answer")
    for other, finding in found.items():
        if other != cid and finding.status not in ("unknown", "n/a") \
                and out[other][0].status == "unknown":
            out[other] = (finding, "answer")
    return out


class Question(BaseModel):
    """One interview question, in the user's language."""

    model_config = ConfigDict(frozen=True)

    id: str  # the criterion it settles
    kind: Literal["ask", "confirm"]  # ask: unknown; confirm: "Did I read this right?"
    text: str
    answer: Literal["yes_no", "number"]
    replies: list[str] = []  # quick replies (statuses), only under yes/no questions
    status: str = "unknown"  # what the assessment says now
    evidence: str = ""


def questions(rubric: Rubric, decided: Mapping[str, tuple[Finding, str]], lang: str,
              asked: set[str] | frozenset[str] = frozenset()) -> list[Question]:
    """The questions still worth asking, the ones most likely to change the verdict first."""
    statuses = {c: decided[c][0].status for c in rubric.ids}
    verdict = rubric.decide_verdict(statuses)
    scored: list[tuple[float, int, int, Question]] = []
    gate_rank = {"not_ml": 0, "not_yet": 1, None: 2}
    for n, (cid, crit) in enumerate(rubric.criteria.items()):
        finding, source = decided[cid]
        if cid in asked or source == "answer":
            continue
        status = finding.status
        if status == "unknown":
            kind = "ask"
            beliefs = _prior(crit)
        elif status in ("unmet", "partial") or (
                status == "met" and crit.gate and finding.confidence < CONFIRM_MET_BELOW):
            kind = "confirm"
            # the text's reading is right with its confidence; otherwise met or partly
            conf = max(0.0, min(1.0, finding.confidence))
            others = {s: p for s, p in _prior(crit).items() if s != status}
            total = sum(others.values())
            beliefs = {s: (1 - conf) * p / total for s, p in others.items()}
            beliefs[status] = conf
        else:
            continue
        # How likely the answer changes the verdict; finding a blocker (unmet) counts double,
        # since a premature "ML fits" is the costly mistake.
        flip = sum(p * (1.0 if s == "unmet" else 0.5) for s, p in beliefs.items()
                   if rubric.decide_verdict({**statuses, cid: s}) != verdict)
        if kind == "confirm" and flip == 0:
            continue  # a correction could not change the verdict: not worth a question
        text = crit.interview_question(lang)
        if kind == "confirm":
            text = CONFIRM[lang].format(label=crit.label[lang],
                                        status=rubric.status_labels[status][lang])
        answer = "number" if kind == "ask" and crit.answer == "number" else "yes_no"
        replies = [] if answer == "number" else _replies(crit, kind, status)
        q = Question(id=cid, kind=kind, text=text, answer=answer, replies=replies,
                     status=status, evidence=finding.evidence)
        scored.append((-flip, gate_rank[crit.gate], n, q))
    scored.sort(key=lambda t: t[:3])
    return [q for *_, q in scored]


def _prior(crit) -> dict[str, float]:
    """Before an answer: the criterion's own unmet rate where the rubric gives one."""
    if crit.unmet_prior is None:
        return dict(PRIOR)
    unmet = crit.unmet_prior
    return {"met": (1 - unmet) * 0.75, "partial": (1 - unmet) * 0.25, "unmet": unmet}


def _replies(crit, kind: str, status: str) -> list[str]:
    replies = ["met", "partial", "unmet", "unknown"]
    if crit.not_applicable is not None:
        replies.append("n/a")
    if kind == "confirm":
        replies = [status, *[r for r in replies if r != status]]  # "yes, that's right" first
    return replies


class Change(BaseModel):
    """What one answer changed."""

    model_config = ConfigDict(frozen=True)

    criterion: str
    answer: str
    status: tuple[str, str]  # before, after
    verdict: tuple[str, str]
    readiness: tuple[float | None, float | None]
    also: list[tuple[str, str, str]] = []  # other criteria the answer settled: id, before, after


def replay(rubric: Rubric, findings: Mapping[str, Finding], answers: Mapping[str, str],
           backends: Backends, lang: str) -> tuple[dict[str, tuple[Finding, str]], list[Change]]:
    """Apply the answers one by one; the final decision and what each answer changed."""
    decided = {cid: (findings[cid], "text") for cid in rubric.ids}
    changes: list[Change] = []
    for cid, raw in answers.items():
        before = {c: decided[c][0].status for c in rubric.ids} if cid in rubric.criteria \
            else None
        after_decided = apply_one(decided, cid, raw, backends, lang)
        if before is not None:
            after = {c: after_decided[c][0].status for c in rubric.ids}
            changes.append(Change(
                criterion=cid, answer=str(raw),
                status=(before[cid], after[cid]),
                verdict=(rubric.decide_verdict(before), rubric.decide_verdict(after)),
                readiness=(readiness(rubric, before), readiness(rubric, after)),
                also=[(c, before[c], after[c]) for c in rubric.ids
                      if c != cid and before[c] != after[c]],
            ))
        decided = after_decided
    return decided, changes


def readiness(rubric: Rubric, statuses: Mapping[str, str]) -> float | None:
    known = [v for v in rubric.section_scores(statuses).values() if v is not None]
    return min(known) if known else None
