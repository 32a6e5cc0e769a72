"""Text utilities shared by every surface: input cleaning, language detection, and telling
metadata lines (ticket fields, minutes headers) from the user's own words."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from app.errors import InputError

MAX_INPUT_CHARS = 8000

_JA_CHARS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Keep tab and newline; drop other C0/C1 controls, DEL, and bidi overrides.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class CleanText:
    text: str
    truncated: bool
    original_length: int

    def notices(self, lang: str) -> list[str]:
        if not self.truncated:
            return []
        if lang == "ja":
            return [
                f"入力が長すぎるため、先頭の{MAX_INPUT_CHARS:,}文字だけを使いました"
                f"（元は{self.original_length:,}文字）。"
            ]
        return [
            f"Input was truncated to its first {MAX_INPUT_CHARS:,} characters "
            f"(it had {self.original_length:,})."
        ]


def clean_input(text: str, limit: int = MAX_INPUT_CHARS) -> CleanText:
    """Strip control characters, normalise width, cap the length."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    original = len(text)
    if original > limit:
        text = text[:limit].rstrip()
    return CleanText(text=text, truncated=original > limit, original_length=original)


def detect_language(text: str) -> str:
    """'ja' when Japanese script carries a meaningful share of the text, else 'en'."""
    ja = len(_JA_CHARS.findall(text))
    if ja == 0:
        return "en"
    latin_words = len(_LATIN_WORD.findall(text))
    # A Japanese word is ~2-3 characters; compare in comparable units. A Japanese email that
    # quotes a long English spec is still Japanese; an English ticket with a few Japanese
    # names or team names (「保全課」) is not (a blind reader got a Japanese proposal for one).
    units = ja / 2.5
    return "ja" if units >= latin_words * 0.5 or (ja >= 20 and units >= latin_words * 0.2) \
        else "en"


@dataclass(frozen=True)
class UserText:
    """A user's message after the edge: cleaned once, its language detected once."""

    text: str
    lang: str
    notices: tuple[str, ...] = ()


def prepare(raw: str | UserText, empty_message: str) -> UserText:
    """Clean `raw` and detect its language (a `UserText` passes through unchanged).

    Raises `InputError(empty_message)` when nothing is left.
    """
    if isinstance(raw, UserText):
        return raw
    cleaned = clean_input(raw)
    if not cleaned.text:
        raise InputError(empty_message)
    lang = detect_language(cleaned.text)
    return UserText(cleaned.text, lang, tuple(cleaned.notices(lang)))


# Lines that carry no content of the user's problem: ticket fields, minutes' headers, channel
# names. A quote that falls on one says nothing a manager can use.
_METADATA = re.compile(
    r"\b(?:labels?|status|assignee|reporter|priority|components?|sprint|epic|fix versions?"
    r"|present|attendees|participants|cc)\s*[:：]"
    r"|^\s*\[[A-Z][A-Z0-9]+-\d+\]|^\s*[A-Z]{2,}(?:-[A-Z]{2,})*-\d{2,}(?:\s{2,}|\s*[:：]|\s+\[)|\S\s+\|\s+\S.*\S\s+\|\s+\S"
    r"|(?<![\w&#])#[a-z0-9][\w]*-[\w-]+|(?:出席者|参加者|担当者|起票者|ステータス|優先度|ラベル)\s*[:：]",
    re.IGNORECASE)


def is_metadata(text: str) -> bool:
    """A ticket field, a minutes header or a channel name: nothing to quote."""
    return bool(_METADATA.search(text))


# A chat or minutes speaker at the start of a line, up to its colon or time: "Mark (Billing
# Eng):", "伊藤(CC企画) 14:03", "Raj K 9:35 AM", "塾長:", or a bare time "14:33 ". Shared by the
# quotes (which start after it) and the clause splitter (a new speaker is a new utterance).
SPEAKER = (
    r"(?:(?!・)[A-Za-z\u3040-\u30ff\u4e00-\u9fff][\w.\u3040-\u30ff\u4e00-\u9fff-]{0,15}"
    r"(?: [A-Z]\.?(?= \d))?(?:\s?[(（][^()（）\n]{1,24}[)）])?"
    r"(?:[ \t]*\d{1,2}:\d{2}(?:\s?[AP]M\b)?|[ \t]*[:：])"
    r"|\d{1,2}:\d{2}(?:\s?[AP]M\b)?[ \t])"
)
