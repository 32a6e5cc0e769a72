"""Answer a question about scoping principles, grounded in retrieved cards."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from app.backends import make_chat_model
from app.compose import compose_answer
from app.config import Settings
from app.errors import InputError, LLMError
from app.retrieval import Passage, Retrieval
from app.runtime import Runtime, get_runtime
from app.text import clean_input, detect_language

log = logging.getLogger(__name__)

OnToken = Callable[[str], None]


@dataclass(frozen=True)
class Citation:
    id: str
    title: str


@dataclass(frozen=True)
class Turn:
    role: str  # "user" | "assistant"
    content: str


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    mode: str  # "offline" | "llm"
    language: str
    citations: tuple[Citation, ...]
    passages: tuple[Passage, ...]
    grounding: str  # "cards" | "general" | "none"
    latency_ms: float
    notices: tuple[str, ...] = field(default=())
    model: str | None = None

    def as_dict(self) -> dict:
        out = {
            "answer": self.text,
            "mode": self.mode,
            "language": self.language,
            "grounding": self.grounding,
            "citations": [{"id": c.id, "title": c.title} for c in self.citations],
            "passages": [p.as_dict() for p in self.passages],
            "latency_ms": round(self.latency_ms, 1),
        }
        if self.model:
            out["model"] = self.model
        if self.notices:
            out["notice"] = " ".join(self.notices)
        return out


EMPTY_QUESTION = (
    "Please type a question about scoping an ML project, or describe your business problem. "
    "/ 機械学習プロジェクトの進め方についての質問か、業務課題を入力してください。"
)


STREAM_BREAK = "\n\n---\n"
"""Streamed after partial LLM output when the LLM fails mid-answer; the offline answer follows.

The final `Answer.text` is the offline answer alone: a surface that shows the stream should
replace what it showed with `Answer.text` and the notice once the call returns.
"""


def answer(question: str, history: Sequence[Turn] = (), *, settings: Settings,
           k: int = 5, on_token: OnToken | None = None, runtime: Runtime | None = None
           ) -> Answer:
    """Retrieve cards for `question` and answer in its language, citing only retrieved cards.

    With an LLM endpoint configured the model writes the answer (streamed to `on_token`);
    if it fails, the offline answer follows with a one-line notice, never a traceback.
    """
    start = time.perf_counter()
    cleaned = clean_input(question)
    if not cleaned.text:
        raise InputError(EMPTY_QUESTION)
    lang = detect_language(cleaned.text)
    rt = runtime or get_runtime(settings)
    notices = list(cleaned.notices(lang))
    model = make_chat_model(settings)
    if model is not None:
        from app.llm_chat import llm_answer

        try:
            text, cited, retrieval, grounding = llm_answer(
                cleaned.text, history, lang, model, rt, k=k, on_token=on_token)
        except LLMError as exc:
            log.warning("falling back to the offline answer: %s", exc)
            notices.append(f"{exc} Showing the offline answer." if lang == "en"
                           else f"{exc} オフラインの回答を表示します。")
            if on_token and getattr(exc, "streamed", False):
                on_token(f"{STREAM_BREAK}⚠ {notices[-1]}\n\n")
        else:
            return _result(cleaned.text, text, "llm", lang, cited, retrieval, grounding, rt,
                           start, notices, settings.chat_model)
    retrieval = rt.retriever().search(cleaned.text, k=k)
    text, cited = compose_answer(cleaned.text, lang, retrieval, rt.knowledge)
    if on_token:
        for piece in _pieces(text):
            on_token(piece)
    return _result(cleaned.text, text, "offline", lang, cited, retrieval,
                   "cards" if cited else "none", rt, start, notices, None)


def _result(question: str, text: str, mode: str, lang: str, cited: Sequence[str],
            retrieval: Retrieval, grounding: str, rt: Runtime, start: float,
            notices: list[str], model: str | None) -> Answer:
    cards = rt.knowledge.cards
    return Answer(
        question=question,
        text=text,
        mode=mode,
        language=lang,
        citations=tuple(Citation(c, cards[c].title_in(lang)) for c in cited if c in cards),
        passages=retrieval.passages if retrieval.relevant else (),
        grounding=grounding,
        latency_ms=(time.perf_counter() - start) * 1000,
        notices=tuple(notices),
        model=model,
    )


def _pieces(text: str, size: int = 24) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]
