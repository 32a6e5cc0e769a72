"""The LLM answerer: condense a follow-up, retrieve, stream a grounded answer; on failure the
offline answer follows with a one-line notice."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from langchain_core.messages import HumanMessage, SystemMessage

from app.backends import AnswerDraft, Answerer, OnToken, Turn
from app.backends.offline_answer import scope_reply
from app.backends.streaming import CitationFilter, invoke_text, stream_pieces, stream_text
from app.case_reading import read_case, search_hints
from app.errors import LLMError
from app.knowledge import Knowledge
from app.prompts import load_prompt
from app.providers import ChatProvider
from app.retrieval import Retrieval, conversation_topic
from app.runtime import Runtime
from app.uncovered import reply as uncovered_reply

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)

LANGUAGE_NAME = {"en": "English", "ja": "Japanese (日本語)"}
MAX_CARDS = 4
CARD_CHARS = 700
HISTORY_TURNS = 6
TURN_CHARS = 500


STREAM_BREAK = "\n\n---\n"
"""Streamed after partial LLM output when the LLM fails mid-answer; the offline answer follows.

The final answer text is the offline answer alone: a surface that shows the stream should
replace what it showed with the final text and the notice once the call returns.
"""


def fallback_notice(exc: Exception, lang: str, what: dict[str, str]) -> str:
    """`<reason> Showing the offline answer.` in the user's language."""
    return f"{exc} {what[lang]}"


OFFLINE_ANSWER = {"en": "Showing the offline answer.", "ja": "オフラインの回答を表示します。"}


def condense(question: str, history: Sequence[Turn], model: BaseChatModel,
             provider: ChatProvider, rt: Runtime) -> str:
    """A follow-up rewritten as a standalone question in its own language (turn 2 onwards)."""
    if not any(t.role == "user" for t in history):
        return question
    lines = [f"{t.role}: {t.content[:TURN_CHARS]}" for t in history[-HISTORY_TURNS:]]
    prompt = load_prompt("condense").render(history="\n".join(lines), question=question)
    standalone = invoke_text(model, [HumanMessage(prompt)], provider, rt.settings).strip()
    # A small model may answer instead of rewriting; a long or empty reply is not a question.
    if not standalone or len(standalone) > max(300, 3 * len(question)):
        return question
    return standalone


def cards_block(card_ids: Sequence[str], knowledge: Knowledge, lang: str, chars: int,
                texts: dict[str, str] | None = None,
                documents: dict[str, str] | None = None) -> str:
    """Cards as prompt text: `[id] title` then the passage (retrieved text, or the card body);
    a user's document (`documents`: id -> name) likewise, under its name."""
    blocks = []
    for cid in card_ids:
        card = knowledge.cards.get(cid)
        title = card.title_in(lang) if card else (documents or {}).get(cid, cid)
        text = (texts or {}).get(cid) or (card.body[lang] if card else "")
        blocks.append(f"[{cid}] {title}\n{text[:chars]}")
    return "\n\n".join(blocks)


def build_messages(question: str, retrieval: Retrieval, rt: Runtime, lang: str):
    """The system prompt grounded in the retrieved cards, then the question as data."""
    if retrieval.relevant:
        documents = {p.card_id: p.document_name for p in retrieval.passages if p.is_document}
        ids = [c for c in retrieval.card_ids()
               if c in rt.knowledge.cards or c in documents][:MAX_CARDS]
        texts = {cid: "\n".join(p.text for p in retrieval.passages if p.card_id == cid)
                 for cid in ids}
        cards = cards_block(ids, rt.knowledge, lang, CARD_CHARS, texts, documents)
    else:
        ids, cards = [], "(no card matched this question)"
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
        self.sent = 0

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
            exc.streamed = self.sent > 0
            raise exc

    def _send(self, upto: int) -> None:
        if upto > self.sent:
            if self.emit:
                self.emit(self._text[self.sent : upto])
            self.sent = upto


def instructions_of(system_prompt: str) -> str:
    """The instruction part of the answer prompt (before the cards, which are data)."""
    return system_prompt.split("<cards>", 1)[0]


class LLMAnswerer:
    """Answers with the chat model; any failure gives the fallback's answer and a notice."""

    def __init__(self, rt: Runtime, provider: ChatProvider, fallback: Answerer) -> None:
        self.rt = rt
        self.provider = provider
        self.fallback = fallback
        self.model = provider.chat_model(rt.settings, streaming=True, max_tokens=700)
        self.condenser = provider.chat_model(rt.settings, streaming=False, max_tokens=120)

    def answer(self, question: str, lang: str, history: Sequence[Turn], *, k: int,
               on_token: OnToken | None) -> AnswerDraft:
        try:
            return self._answer(question, lang, history, k=k, on_token=on_token)
        except LLMError as exc:
            log.warning("falling back to the offline answer: %s", exc)
            notice = fallback_notice(exc, lang, OFFLINE_ANSWER)
            if on_token and getattr(exc, "streamed", False):
                on_token(f"{STREAM_BREAK}⚠ {notice}\n\n")
            draft = self.fallback.answer(question, lang, history, k=k, on_token=on_token)
            return AnswerDraft(mode=draft.mode, notices=(*draft.notices, notice),
                               text=draft.text, cited=draft.cited, retrieval=draft.retrieval,
                               grounding=draft.grounding)

    def _answer(self, question: str, lang: str, history: Sequence[Turn], *, k: int,
                on_token: OnToken | None) -> AnswerDraft:
        """Raises `LLMError` (with `.streamed` when something was already shown)."""
        rt = self.rt
        standalone = condense(question, history, self.condenser, self.provider, rt)
        # The case hints come from what the user wrote in this message; a short follow-up gets
        # none (its earlier turn's gaps are not what it asks), as offline.
        follow_up = conversation_topic(question, lang, history) is not None
        reading = None if follow_up else read_case(question, lang, None, rt)
        retrieval = rt.retriever().search(standalone, k=k,
                                          **search_hints(reading, None, rt))
        if retrieval.out_of_scope or retrieval.uncovered:  # the same short reply as offline;
            # no model call, no cards (a topic is only "uncovered" when it is in scope)
            text = (uncovered_reply(retrieval.uncovered, lang, rt.settings.knowledge_dir)
                    if retrieval.uncovered else scope_reply(lang))
            stream_pieces(text, on_token)
            return AnswerDraft(mode="llm", text=text, cited=(), retrieval=retrieval,
                               grounding="none")
        messages, ids = build_messages(standalone, retrieval, rt, lang)
        guard = LeakGuard(instructions_of(messages[0].content), on_token)
        filt = CitationFilter(ids, guard.feed)
        try:
            stream_text(self.model, messages, filt.feed, self.provider, rt.settings)
            text = filt.close().strip()
            guard.close()
        except LLMError as exc:
            exc.streamed = getattr(exc, "streamed", False) or guard.sent > 0
            raise
        if not text:
            raise LLMError("LLM endpoint returned an empty answer: check the model and server.")
        if filt.dropped:
            log.info("dropped citations of cards not retrieved: %s", filt.dropped)
        grounding = "cards" if filt.cited else ("general" if retrieval.relevant else "none")
        return AnswerDraft(mode="llm", text=text, cited=tuple(filt.cited), retrieval=retrieval,
                           grounding=grounding)
