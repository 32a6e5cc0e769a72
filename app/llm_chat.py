"""The LLM path of `chat.answer`: condense a follow-up, retrieve, stream a grounded answer."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from langchain_core.messages import HumanMessage, SystemMessage

from app.backends import make_chat_model
from app.errors import LLMError
from app.llm import CitationFilter, OnToken, invoke_text, stream_text
from app.prompts import load_prompt
from app.retrieval import Retrieval
from app.runtime import Runtime

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from app.chat import Turn

log = logging.getLogger(__name__)

LANGUAGE_NAME = {"en": "English", "ja": "Japanese (日本語)"}
MAX_CARDS = 4
CARD_CHARS = 700
HISTORY_TURNS = 6
TURN_CHARS = 500


def condense(question: str, history: Sequence[Turn], rt: Runtime) -> str:
    """A follow-up rewritten as a standalone question in its own language (turn 2 onwards)."""
    if not any(t.role == "user" for t in history):
        return question
    model = make_chat_model(rt.settings, streaming=False, max_tokens=120)
    lines = [f"{t.role}: {t.content[:TURN_CHARS]}" for t in history[-HISTORY_TURNS:]]
    prompt = load_prompt("condense").render(history="\n".join(lines), question=question)
    standalone = invoke_text(model, [HumanMessage(prompt)], rt.settings).strip()
    # A small model may answer instead of rewriting; a long or empty reply is not a question.
    if not standalone or len(standalone) > max(300, 3 * len(question)):
        return question
    return standalone


def cards_block(retrieval: Retrieval, rt: Runtime, lang: str) -> tuple[str, list[str]]:
    """The retrieved cards as prompt text (id, title, passages) and their ids."""
    if not retrieval.relevant:
        return "(no card matched this question)", []
    ids = [c for c in retrieval.card_ids() if c in rt.knowledge.cards][:MAX_CARDS]
    blocks = []
    for cid in ids:
        text = "\n".join(p.text for p in retrieval.passages if p.card_id == cid)
        title = rt.knowledge.cards[cid].title_in(lang)
        blocks.append(f"[{cid}] {title}\n{text[:CARD_CHARS]}")
    return "\n\n".join(blocks), ids


def build_messages(question: str, retrieval: Retrieval, rt: Runtime, lang: str):
    """The system prompt grounded in the retrieved cards, then the question as data."""
    cards, ids = cards_block(retrieval, rt, lang)
    system = load_prompt("answer_system").render(language=LANGUAGE_NAME[lang], cards=cards)
    return [SystemMessage(system), HumanMessage(question)], ids


class LeakGuard:
    """Holds back the last few characters of the stream and stops it if the model starts
    repeating its own instructions (a prompt-injection success), before they are shown."""

    HOLD = 32

    def __init__(self, instructions: str, emit: OnToken | None) -> None:
        lines = [ln.strip(" -") for ln in instructions.splitlines()]
        self.canaries = [ln[: self.HOLD - 4] for ln in lines if len(ln) >= 24]
        self.emit = emit
        self._text = ""
        self._sent = 0

    def feed(self, piece: str) -> None:
        self._text += piece
        self._check()
        self._send(len(self._text) - self.HOLD)

    def close(self) -> None:
        self._check()
        self._send(len(self._text))

    def _check(self) -> None:
        if any(c in self._text for c in self.canaries):
            exc = LLMError("The model's answer repeated its instructions (possible prompt "
                           "injection), so it was withheld.")
            exc.streamed = self._sent > 0
            raise exc

    def _send(self, upto: int) -> None:
        if upto > self._sent:
            if self.emit:
                self.emit(self._text[self._sent : upto])
            self._sent = upto


def instructions_of(system_prompt: str) -> str:
    """The instruction part of the answer prompt (before the cards, which are data)."""
    return system_prompt.split("<cards>", 1)[0]


def llm_answer(question: str, history: Sequence[Turn], lang: str, model: BaseChatModel,
               rt: Runtime, *, k: int, on_token: OnToken | None
               ) -> tuple[str, list[str], Retrieval, str]:
    """(text, cited ids, retrieval, grounding); raises `LLMError` (with `.streamed`)."""
    standalone = condense(question, history, rt)
    retrieval = rt.retriever().search(standalone, k=k)
    messages, ids = build_messages(standalone, retrieval, rt, lang)
    guard = LeakGuard(instructions_of(messages[0].content), on_token)
    filt = CitationFilter(ids, guard.feed)
    try:
        stream_text(model, messages, filt.feed, rt.settings)
        text = filt.close().strip()
        guard.close()
    except LLMError as exc:
        exc.streamed = getattr(exc, "streamed", False) or guard._sent > 0
        raise
    if not text:
        raise LLMError("LLM endpoint returned an empty answer: check the model and server.")
    if filt.dropped:
        log.info("dropped citations of cards not retrieved: %s", filt.dropped)
    grounding = "cards" if filt.cited else ("general" if retrieval.relevant else "none")
    return text, filt.cited, retrieval, grounding
