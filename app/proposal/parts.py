"""The pieces a proposal is made of, outside any one section: the user's words (quoted
verbatim), the open questions with who answers them, labels, citations, the references."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.assess import Assessment, CriterionResult
from app.knowledge import Knowledge
from app.numbers import flatten
from app.proposal.templates import get, heading
from app.quotes import (
    JA_SCALE,
    quote_of,
    quote_span,
    speaker_end,
    utterance_spans,
    without_speaker,
)
from app.text import is_metadata
from app.value import ValueSketch

# A mail or ticket header field ("Subject:", 「件名：」): it names the topic, it says nothing.
_HEADER_FIELD = (
    r"^\s*(?:subject|title|re|fw|from|to|cc|date|ticket|requester|priority|件名|日時|出席|差出人|宛先"
    r"|送信日時|タイトル|spec|spec draft|memo|minutes|notes|agenda)\s*[:：#]")
HEADER_LINE = re.compile(
    _HEADER_FIELD +
    r"|(?:日付|日時|参加|参加者|出席|出席者|場所|date|attendees|participants)\s*[:：]"
    r"|^\s*[【■#\-=]|^\s*\S+\s+\d{1,2}:\d{2}\s*$"
    # greetings carry nothing a manager needs
    r"|^\s*(?:hi|hello|hey|dear|good (?:morning|afternoon))\b[^.!?\n]{0,40}[,!.]?\s*$"
    # an addressee line of a Japanese letter: 「株式会社〇〇 営業部 長谷川様」
    r"|^[^。\n]{0,40}(?:様|御中|殿)\s*$"
    r"|^\s*(?:お疲れさまです|お疲れ様です|おつかれさまです|お世話になっております|いつもお世話になっております)"
    r"[。、!！]?\s*$|^\s*[^\d\s]{1,20}(?:です|でございます)。\s*$", re.IGNORECASE)


_WHEN_EN = (r"(?:Q[1-4]|H[12]|FY\s?\d{2,4}|20\d\d|(?:next|this|the) (?:week|month|quarter|year)"
            r"|(?:January|February|March|April|May|June|July|August|September|October|November"
            r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b\.?"
            r"|spring|summer|autumn|fall|winter|end of (?:the )?(?:month|quarter|year))")
_WHEN_JA = (r"(?:\d{1,2}月|来月|再来月|来週|来期|今期|下期|上期|年度内|年内|年度末|年末|今年度"
            r"|来年度|第[1-4]四半期|Q[1-4]|\d+(?:週間|か月|ヶ月|カ月)(?:後|以内))")
# The author's own date for the work ("go-live next month", 「4月までにリリース」): the reader
# weighs the plan's weeks against it (blind proposal readers: "no mention of the go-live date").
DEADLINE = re.compile(
    r"\b(?:go[- ]?live|launch(?:es|ing)?|roll(?:s|ing)?[- ]?out|deadline|due"
    r"|ship(?:s|ping)?|releas(?:e|es|ing)|in production|pilot(?:s|ing)?)\b"
    r"[^.\n]{0,40}?\b(?:(?:by|in|on|before|from|for|until|at)\s+)?"
    r"(?:the )?(?:end of )?" + _WHEN_EN + r"\b"
    r"|\bby (?:the end of )?" + _WHEN_EN + r"\b"
    r"|" + _WHEN_JA + r"[^。\n]{0,8}?(?:まで|中|末|から|以降|に)[^。\n]{0,20}?"
    r"(?:本番|稼働|リリース|導入|開始|運用|ローンチ|公開|展開|判断|決定|締め)(?!し(?:た(?!い)|まし|て(?:い|お)))"
    r"|(?:本番|稼働|リリース|導入|ローンチ|締め切り|期限)[^。\n]{0,15}?" + _WHEN_JA,
    re.IGNORECASE)


_FIELD_LINE = re.compile(_HEADER_FIELD, re.IGNORECASE)


def deadline_quote(problem: str, limit: int = 70) -> str | None:
    """The author's words that set a date for the work, if the text sets one."""
    for m in DEADLINE.finditer(problem):
        start = problem.rfind("\n", 0, m.start()) + 1
        end = problem.find("\n", m.end())
        line = problem[start:end if end >= 0 else len(problem)]
        if _FIELD_LINE.match(line) or is_metadata(line):
            continue  # a subject line or a ticket field names the topic, not the plan
        return quote_span(line, m.start() - start, m.end() - start, limit)
    return None


def ours(text: str) -> str:
    """Text of ours (rubric, follow-ups) with its quotation marks made distinct from the
    marks that enclose the user's words."""
    return text.translate(str.maketrans({"「": "『", "」": "』", "“": "‘", "”": "’"}))


def quote_evidence(problem: str, c: CriterionResult, limit: int = 90) -> str | None:
    """The user's own words behind a status (never an answer to a follow-up question)."""
    if c.source != "text" or not c.evidence:
        return None
    quote = quote_of(problem, c.evidence, limit)
    if (not quote or HEADER_LINE.search(quote) or is_metadata(quote)
            or len(quote.split()) < 3 > len(quote) / 8):
        return None  # a subject line, a ticket field or a fragment says nothing on its own
    return without_speaker(quote)  # quote_of's flattened path keeps the speaker


def problem_quote(problem: str, lang: str, limits: dict) -> str:
    """The opening of the problem, verbatim: whole sentences, one contiguous stretch of the
    user's text, header lines (subject, names and times) skipped."""
    budget = limits["problem_chars"] if lang == "ja" else limits["problem_words"]
    first = last = None
    used = 0
    for start, end in utterance_spans(problem):
        if first is not None and "\n" in problem[last:start] and speaker_end(problem[start:end]):
            break  # the next line is another speaker's: one person's words at a time
        if first is None:  # later lines with a speaker already ended the stretch above
            start += speaker_end(problem[start:end])
        sentence = flatten(problem[start:end])
        size = len(sentence) if lang == "ja" else len(sentence.split())
        if (not sentence or HEADER_LINE.search(problem[start:end])
                or is_metadata(problem[start:end]) or size < 3):
            if first is not None:
                break
            continue
        if first is not None and used + size > budget:
            break
        if first is None and size > budget * 1.3:
            # One long sentence: its opening words, cut where a cut is safe.
            chars = budget if lang == "ja" else budget * 6
            return quote_span(problem, start, start + 1, limit=int(chars / JA_SCALE)
                              if lang == "ja" else chars)
        first = start if first is None else first
        last = end
        used += size
        if used >= budget * 0.6:
            break
    if first is None or last is None:
        return ""
    return flatten(problem[first:last])


def who_answers(knowledge: Knowledge, cid: str, lang: str) -> str:
    by = get("answered_by")
    if cid in by["criteria"]:
        return by["criteria"][cid][lang]
    return by["sections"][knowledge.rubric.criteria[cid].section][lang]


@dataclass(frozen=True)
class Question:
    cid: str
    text: str
    who: str
    full: bool  # asked in full (it could change the verdict, or the value needs it)


def questions(a: Assessment, knowledge: Knowledge, value: ValueSketch) -> list[Question]:
    """Every unknown criterion as a question with who answers it (a status already read is
    not asked again), the ones that could change the verdict first; the value numbers the
    sketch lacks replace the generic value question."""
    lang = a.language
    value_cid = get("value_criterion")
    value_qs = [Question(value_cid, get(f"open.value.{name}")[lang],
                         who_answers(knowledge, value_cid, lang), True) for name in value.missing]
    out: list[Question] = []
    unknown = {c.id for c in a.criteria if c.status == "unknown"}
    for cid, text in zip(a.follow_up_ids, a.follow_up_questions, strict=False):
        if cid not in unknown:
            continue  # "Did I read this right?" is the interview's; a proposal asks unknowns
        if cid == value_cid and value.missing:
            out += value_qs
            value_qs = []
            continue
        out.append(Question(cid, ours(text), who_answers(knowledge, cid, lang),
                            knowledge.rubric.criteria[cid].gate is not None))
    return out + value_qs


def labels(ids: list[str], knowledge: Knowledge, lang: str) -> str:
    sep = get("summary.list_sep")[lang]
    names = [ours(knowledge.rubric.criteria[c].label[lang]) for c in ids]
    if lang == "en" and len(names) > 1:
        return sep.join(names[:-1]) + get("summary.join")[lang] + names[-1]
    return sep.join(names)


def inline(label: str) -> str:
    """A label inside a sentence: "Measurable outcome" → "measurable outcome" (not "MVP")."""
    first = label.split(" ", 1)[0]
    if label[:1].isupper() and (len(first) == 1 or first[1:].islower()):
        return label[0].lower() + label[1:]
    return label


def cite(text: str, card: str) -> str:
    """`text` with a citation before its final full stop."""
    text = text.rstrip()
    if text and text[-1] in "。.":
        return f"{text[:-1]} [{card}]{text[-1]}"
    return f"{text} [{card}]"


def first_sentence(text: str) -> str:
    parts = re.split(r"(?<=[。.!?])\s+(?=[A-Z])|(?<=。)", text.strip(), maxsplit=1)
    return parts[0].strip()


def references(card_ids: list[str], knowledge: Knowledge, lang: str) -> str:
    """The references section: every cited card with its title and first source."""
    lines = [f"## {heading('refs', lang)}", ""]
    for cid in card_ids:
        card = knowledge.cards[cid]
        source = f" — {_short_source(card.sources[0])}" if card.sources else ""
        lines.append(f"- [{cid}] {card.title_in(lang)}{source}")
    return "\n".join(lines) + "\n"


def _short_source(source: str) -> str:
    """A source without its parenthetical notes and links: the reference list stays short."""
    short = re.sub(r"\s*\([^()]*\)", "", source).strip(" ,;")
    return short or source


def split_references(markdown: str, lang: str) -> str:
    """The proposal without its references section (the LLM rewrites only the body)."""
    return markdown.split(f"## {heading('refs', lang)}", 1)[0]
