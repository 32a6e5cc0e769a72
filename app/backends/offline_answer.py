"""The offline answerer: composes a grounded answer from the retrieved cards.

It is the backend a user without a key runs, so it is a real answerer: a direct lead,
key points each citing its card, and related cards, in the user's language.
"""

from __future__ import annotations

import re

from app.knowledge import Card, Knowledge
from app.retrieval import Retrieval
from app.tokens import tokenize

_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_LABEL = re.compile(r"^\*\*[^*]{1,40}\*\*\s*[:：]?\s*")
# Paragraphs that hold prompts or example quotes, not principles: not used as key points.
_META = re.compile(
    r"^\*\*(ask yourself|ask|signals|met|partial|unmet|自問してみよう|判断の目安|確認する質問|"
    r"満たしている|一部満たしている|満たしていない（unmet）|兆候)",
    re.I,
)
_SENT = re.compile(r"(?<=[。！？])|(?<=[.!?])\s+(?=[A-Z\"(])")

TEXT = {
    "en": {
        "none": (
            "I could not find anything in the mlscope knowledge base about that. I can help "
            "decide whether a business problem suits machine learning and how to scope it: "
            "describe your problem (what decision, what data, who acts), or ask about a "
            "principle such as baselines, labels, human-in-the-loop or MVPs."
        ),
        "points": "Key points",
        "related": "Related cards",
    },
    "ja": {
        "none": (
            "ナレッジベースには、その質問に関係する内容が見つかりませんでした。mlscope は、"
            "業務課題が機械学習に向いているか、どう範囲を決めるかの判断を手伝います。"
            "課題（どんな判断か、どんなデータがあるか、誰が動くか）を書くか、"
            "ベースライン・正解ラベル・Human-in-the-Loop・MVP などの原則について質問してください。"
        ),
        "points": "要点",
        "related": "関連カード",
    },
}


def _units(section: str) -> list[str]:
    """Sentences and bullet items of a card section, with Markdown decoration removed."""
    units: list[str] = []
    for para in re.split(r"\n\s*\n", section):
        if _META.match(para.strip()):
            continue
        for line in para.split("\n"):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            line = _BULLET.sub("", line)
            for sentence in _SENT.split(line):
                sentence = sentence.strip()
                # Questions are prompts for the reader, not points of an answer.
                if len(_plain(sentence)) >= 12 and not sentence.endswith(("?", "？")):
                    units.append(sentence)
    return units


def _plain(text: str) -> str:
    return _LABEL.sub("", text).replace("**", "").strip()


def lead_sentence(card: Card, lang: str) -> str:
    units = _units(card.body[lang])
    return _plain(units[0]) if units else card.title_in(lang)


def key_points(card: Card, lang: str, question: str, n: int = 2) -> list[str]:
    """The `n` sentences of a card that best match the question (after its lead)."""
    units = _units(card.body[lang])[1:]
    if not units:
        return []
    q = set(tokenize(question))
    scored = []
    for pos, unit in enumerate(units):
        overlap = len(q & set(tokenize(unit)))
        scored.append((overlap, -pos, unit))
    best = sorted(scored, reverse=True)[:n]
    return [_plain(u) for _, _, u in sorted(best, key=lambda t: -t[1])]


def compose_answer(question: str, lang: str, retrieval: Retrieval, knowledge: Knowledge,
                   max_cards: int = 3) -> tuple[str, list[str]]:
    """Markdown answer and the card ids it cites (all of them retrieved)."""
    text = TEXT[lang]
    cards = [knowledge.cards[c] for c in retrieval.card_ids() if c in knowledge.cards]
    if not retrieval.relevant or not cards:
        return text["none"], []
    main = cards[:max_cards]
    lines = [f"{lead_sentence(main[0], lang)} [{main[0].id}]", "", f"**{text['points']}**"]
    cited = [main[0].id]
    for card in main:
        points = key_points(card, lang, question, n=2 if card is main[0] else 1)
        if card is not main[0] and not points:
            points = [lead_sentence(card, lang)]
        for point in points:
            lines.append(f"- {point} [{card.id}]")
        if card.id not in cited:
            cited.append(card.id)
    related = cards[max_cards:]
    if related:
        lines += ["", f"**{text['related']}**: "
                  + ", ".join(f"{c.title_in(lang)} [{c.id}]" for c in related)]
    return "\n".join(lines), cited
