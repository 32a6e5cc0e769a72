"""Clauses (with offsets into the cleaned text), negation and uncertainty markers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.text import SPEAKER

# Clause boundaries inside a sentence: contrastive conjunctions in both languages.
_CLAUSE_BREAK = re.compile(
    r",?\s+(?:but|however|although|though|whereas|while|yet)\s+"
    r"|;\s*|\s+-\s+|\s+—\s+"
    r"|(?<=[^\s、])(?:が、|けど、?|けれど、?|けれども、?|ものの、?|一方、?|ただし、?|ただ、|しかし、?|でも、)",
    re.IGNORECASE,
)

_NEG_EN = re.compile(
    r"\b(?:no|not|never|nothing|none|nobody|no[- ]one|neither|nor|without|lacks?|lacking"
    r"|missing|absent|cannot|unable|yet to|n't)\b|n['’]t\b",
    re.IGNORECASE,
)
# "no problem", "not only" and friends are not negations of the topic.
_NEG_EN_FALSE = re.compile(
    r"\b(?:no (?:problem|issue)s?|not only|nothing but|no doubt|no longer than|never been easier"
    r"|not just|no more than|not bad"
    # a compound noun, not a negation: "the no-show rate", "a no-call holdout", "no-code tools"
    r"|no-(?:shows?|go|code|fly|touch|brainer|calls?|ops?|replies|reply|charge|cost)"
    # "checked and not changed" is a confirmation: the item was left as it was
    r"|not (?:changed|modified|edited|corrected|overridden|altered|touched)"
    r"|no (?:new |further |additional |extra |separate )?(?:consent|approval|permission|opt-?in)s?"
    r" (?:is |are )?(?:needed|required|necessary)"
    # "no new data sources" uses what exists; "not a real-time thing" asks for less
    r"|no new (?:data|sources?|systems?|tools?|fields?|feeds?)"
    r"|(?:not|n['’]t) (?:a |need (?:to be |it )?)?(?:real[- ]time|live|streaming))\b"
    # a quoted answer or button ("not interested", 'no thanks') is a value, not a negation
    r"|[\"“'‘](?:not|no|never)\b[^\"”'’\n]{0,25}[\"”'’]",
    re.IGNORECASE,
)
_NEG_JA = re.compile(
    r"(?:ない|無い|なし|無し|ません|ず[、。に]|ずに|ず$|未(?!来|満)|不足|欠け|欠如|できず|されず|ゼロ)"
)
_NEG_JA_FALSE = re.compile(
    r"(?:問題(?:は|も)?(?:ない|無い|ありません|なし|なく)|欠かせない|間違いない|違いない|少なくない"
    r"|だけではない|かもしれない|にすぎない|足りない|しかない|ほかない|他ならない|必ず|未来"
    r"|いない[かか]|ないか[？?]|ないかな|ないかと|ないだろうか|のではない)"
)
_UNCERTAIN = re.compile(
    r"\b(?:not sure|unsure|unclear|no idea|unknown|tbd|to be decided|to be determined|undecided"
    r"|not (?:yet )?(?:decided|defined|determined|clear|known|settled)|haven['’]t (?:yet )?decided"
    r"|(?:don['’]t|do not|doesn['’]t) (?:really )?know|hard to say|still figuring"
    r"|(?:isn['’]t|aren['’]t|wasn['’]t|is not|are not|not) (?:\w+ )?(?:sure|certain))\b"
    r"|わから(?:ない|ず)|分から(?:ない|ず)|(?:わか|分か)りません|かどうか(?:は|も)?(?:不明|分か|わか|確認)|不明|未定|決まって(?:い)?ない|決めて(?:い)?ない|検討中"
    r"|未確認|はっきりしない|見当がつかない",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Clause:
    start: int
    end: int
    text: str
    sentence: str  # the whole sentence the clause belongs to (the evidence)
    index: int  # sentence index


_SENT_END = re.compile(
    # ('add a "which service is this about?" dropdown': a question quoted mid-sentence goes on)
    r"(?<=[。！？!?])(?![\"”'’][ \t]*[a-z])\s*"
    r"|(?<=[.;:])\s+(?=[\"'(\[「『A-Z0-9\u3040-\u30ff\u4e00-\u9fff])"
    # a lower-case sentence start (chat style), unless the period ends an abbreviation
    r"|(?<=[a-z0-9)][.!?])(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bvs\.)(?<!\bcf\.)(?<!approx\.)(?<!\bincl\.)"
    r"(?<!\bno\.)(?<!\bst\.)(?<!\bdr\.)(?<!\bmr\.)(?<!\bca\.)\s+(?=[a-z])"
    r"|\n[ \t]*\n\s*"
    r"|\n(?=[ \t]*(?:[-*•・●■◆▶]|\d+[.)．]\s))"
    # a chat or minutes line that starts with its speaker ("中村（企画）:", "Sam 11:22") is a new
    # utterance even without a full stop before it
    r"|\n(?=[ \t]*" + SPEAKER + r")"
)
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f"
_JOIN_CJK = re.compile(rf"(?<=[{_CJK}、])\s*\n\s*(?=[{_CJK}])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence offsets; a hard line wrap inside a sentence does not end it."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENT_END.finditer(text):
        if m.end() == 0:
            continue
        _span(spans, text, pos, m.start())
        pos = m.end()
    _span(spans, text, pos, len(text))
    return spans


def _span(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        spans.append((start + lead, end - trail))


def normalise(piece: str) -> str:
    """Text used for matching: wrapped lines joined (no space between Japanese characters)."""
    return re.sub(r"\s+", " ", _JOIN_CJK.sub("", piece)).strip()


def split_clauses(text: str) -> list[Clause]:
    """Sentences split further at contrastive conjunctions; `sentence` is a substring of `text`."""
    out: list[Clause] = []
    for i, (s_start, s_end) in enumerate(sentence_spans(text)):
        sentence = text[s_start:s_end]
        pos = s_start
        for m in _CLAUSE_BREAK.finditer(text, s_start, s_end):
            _add(out, text, pos, m.start(), sentence, i)
            pos = m.end()
        _add(out, text, pos, s_end, sentence, i)
    return out


def _add(out: list[Clause], text: str, start: int, end: int, sentence: str, idx: int) -> None:
    piece = normalise(text[start:end])
    if piece:
        out.append(Clause(start, end, piece, sentence, idx))


def is_negated(clause: str) -> bool:
    """True when the clause carries a negation that is not a fixed positive idiom."""
    clause = _OR_NOT.sub(" ", clause)
    en = _NEG_EN_FALSE.sub(" ", clause)
    if _NEG_EN.search(en):
        return True
    ja = _NEG_JA_FALSE.sub("", clause)
    return bool(_NEG_JA.search(ja))


_DOUBLE_NEG = re.compile(
    r"\b(?:no|not|never|n['’]t|without)\b[^,;]{0,25}\b(?:remov\w*|drop\w*|skip\w*|eliminat\w*"
    r"|replac\w*|cut(?:ting)?|stop\w*|end(?:ing)?|abandon\w*)\b",
    re.IGNORECASE,
)
_JA_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


# "labelled as fraud or not", "whether or not it was approved": alternatives, not negation.
_OR_NOT = re.compile(r"\b(?:whether )?or not\b|\bor no\b(?! \w)|かどうか|か否か", re.IGNORECASE)


def negated_near(clause: str, start: int, end: int) -> bool:
    """Negation in the scope of the cue at clause[start:end].

    English negation precedes its topic ("no labels", "we don't log") or follows a copula
    ("labels are not available"); Japanese negation follows the topic (「ラベルは付いていない」).
    """
    blank = lambda m: " " * len(m.group(0))  # noqa: E731 - keeps the offsets
    clause = _NEG_EN_FALSE.sub(blank, _OR_NOT.sub(blank, clause))
    before = clause[max(0, start - 45) : start]
    # stop the backward window at a clause-internal boundary
    before = re.split(r"[,、;:()（）]| and | which | that ", before)[-1]
    after_en = clause[end : end + 30]
    after_en = re.split(r"[,、;:()（）]| and | but ", after_en)[0]
    if _NEG_EN.search(_NEG_EN_FALSE.sub(" ", before)):
        # "no plan to remove the human check": the negation applies to the removal.
        return not _DOUBLE_NEG.search(before)
    if re.search(
        r"^\s*(?:\w+\s+){0,3}?(?:is|are|was|were|has|have|had|gets?|do|does|did|can|could"
        r"|will|would)?\s*(?:not|never|n['’]t)\b|^\s*(?:\w+\s+){0,2}?(?:nowhere|missing)\b",
        after_en,
        re.IGNORECASE,
    ):
        return True
    after_ja = clause[end : end + 16]
    after_ja = re.split(r"[、,。()（）]|ので|から|けど|が、", after_ja)[0]
    after_ja = _NEG_JA_FALSE.sub("", after_ja)
    if _NEG_JA.search(after_ja) or re.search(r"(?:未|無|非)$", clause[max(0, start - 1) : start]):
        return True
    return False


def is_uncertain(clause: str) -> bool:
    return bool(_UNCERTAIN.search(clause))
