"""Short verbatim quotes of the user's text: a proposal quotes only what the user wrote, and
never cuts a number ("1.2 million" stays whole)."""

from __future__ import annotations

import re

from app.extraction.clauses import sentence_spans
from app.numbers import flatten
from app.text import SPEAKER

# A number with its separators and multiplier: a cut may never fall inside one.
_NUMBER = re.compile(r"[$¥€£]?\d[\d,.]*(?:\s?(?:million|thousand|billion|万|億|千|[kKmM]\b))?")
_BREAK_EN = re.compile(r"[\s,;:()]")
_CLAUSE_EN = re.compile(r"[,;:)—–]|\s(?=(?:and|but|which|who|because|so|while|where|when)\b)")
# Japanese has no spaces: a phrase may end after punctuation or a particle.
_AFTER_JA = set("、，,。）)」をにでがはともへやの")
_JA = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
JA_SCALE = 0.55  # a Japanese character carries about twice what a Latin one does
EN_RUN_ON = 30  # characters an English quote may run past its limit to end at a clause break


def _inside_number(text: str, pos: int) -> bool:
    return any(m.start() < pos < m.end() for m in _NUMBER.finditer(text))


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The utterance `start` falls in: a quote never runs on into the next speaker's line
    or list item, even when the fragment it was asked for does."""
    for s, e in utterance_spans(text):
        if s <= start < e:
            return s, e
    for s, e in sentence_spans(text):
        if s <= start < e:
            return s, max(e, min(end, len(text)))
    return 0, len(text)


def quote_span(text: str, start: int, end: int, limit: int = 110) -> str:
    """The words around text[start:end], up to its sentence and about `limit` characters,
    cut only where a cut is safe; flattened to one line."""
    s, e = _sentence(text, start, end)
    sentence = text[s:e].strip()
    s += text[s:e].find(sentence[:1]) if sentence else 0
    e = s + len(sentence)
    ja = bool(_JA.search(text[s:e]))
    if ja:
        limit = int(limit * JA_SCALE)
    if e - s <= limit:
        return _trim(without_speaker(_trim(flatten(text[s:e]))))
    focus_hi = min(end, start + limit)
    lo = max(s, start - (limit - (focus_hi - start)) // 2)
    hi = min(e, lo + limit)

    def safe(p: int) -> bool:
        if _inside_number(text, p):
            return False
        if ja:
            return text[p - 1] in _AFTER_JA
        return bool(_BREAK_EN.match(text[p - 1]) or _BREAK_EN.match(text[p]))

    # Widen to safe cut points: after a separator (or a Japanese particle), never in a number.
    while lo > s and not safe(lo):
        lo -= 1
    if ja:  # end after a comma or a full stop when one is near, not after a particle
        near = re.search(r"[、，。）)」]", text[hi:min(e, hi + 12)])
        if near and not _inside_number(text, hi + near.end()):
            hi += near.end()
    elif e - hi <= EN_RUN_ON:  # the rest of the sentence is short: keep it whole
        hi = e
    else:  # "62% are tagged as" says nothing: end at a clause break, after the cut or before
        after = [hi + m.start() for m in _CLAUSE_EN.finditer(text[hi:min(e, hi + EN_RUN_ON)])]
        floor = lo + EN_RUN_ON if end > hi else max(lo + EN_RUN_ON, end)  # keep what fits
        before = [floor + m.start() for m in _CLAUSE_EN.finditer(text[floor:hi])]
        ends = [p for p in after[:1] + before[-1:] if not _inside_number(text, p)]
        if ends:
            hi = ends[0]
    while hi < e and not safe(hi):
        hi += 1
    return _trim(without_speaker(_trim(flatten(text[lo:hi]))))


def _trim(quote: str) -> str:
    """No list marks or dangling punctuation at either end of a quote."""
    return quote.strip(" 、,;:・•*■□◆●-–—").rstrip("。.")


def quote_of(text: str, fragment: str, limit: int = 110) -> str | None:
    """A short quote of `fragment` (e.g. an evidence sentence) as it appears in `text`."""
    fragment = fragment.strip()
    if not fragment:
        return None
    at = text.find(fragment)
    if at < 0:
        flat = flatten(fragment)
        if flat not in flatten(text):
            return None
        return flat if len(flat) <= limit else None
    return quote_span(text, at, at + len(fragment), limit)


# A chat or minutes speaker at the start of a line (app.text.SPEAKER): quotes start after it.
_SPEAKER = re.compile(r"^\s*" + SPEAKER + r"\s*")


def speaker_end(line: str) -> int:
    """Where the words start after a chat or minutes speaker prefix and the list mark after
    it ("ana: - 2,300 accounts" → "2,300 accounts"); 0 when there is no speaker."""
    m = _SPEAKER.match(line)
    if not m:
        return 0
    mark = re.match(r"[-–—・•*]\s+", line[m.end():])
    return m.end() + (mark.end() if mark else 0)


def without_speaker(quote: str) -> str:
    """The words after a chat or minutes speaker ("佐藤(会員戦略) 10:14 …", "Jess (GM): …"),
    when enough of them are left: a reader wants what was said, not who typed it when."""
    cut = speaker_end(quote)
    return quote[cut:] if cut and len(quote) - cut >= 8 else quote



_NEW_ITEM = re.compile(r"\n(?=\s*(?:[-*•・■●◆>]|\d+[.)]\s))")


def utterance_spans(text: str) -> list[tuple[int, int]]:
    """Sentence offsets, also ended where a line starts a new speaker or a new list item: a
    chat log or minutes without full stops is still one person's point at a time."""
    out: list[tuple[int, int]] = []
    for start, end in sentence_spans(text):
        cuts = [start]
        for m in re.finditer(r"\n", text[start:end]):
            at = start + m.end()
            line = text[at:end]
            before = text[text.rfind("\n", 0, start + m.start()) + 1:start + m.start()]
            if (speaker_end(line) or _NEW_ITEM.match(text, start + m.start())
                    or before.lstrip().startswith("#")):  # after a Markdown heading
                cuts.append(at)
        cuts.append(end)
        for a, b in zip(cuts, cuts[1:], strict=False):
            piece = text[a:b]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                out.append((a + lead, b - (len(piece) - len(piece.rstrip()))))
    return out
