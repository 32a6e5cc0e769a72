"""Answer a question about scoping principles, grounded in retrieved cards."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from app.compose import compose_answer
from app.config import Settings
from app.errors import InputError
from app.retrieval import Passage
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
        if self.notices:
            out["notice"] = " ".join(self.notices)
        return out


EMPTY_QUESTION = (
    "Please type a question about scoping an ML project, or describe your business problem. "
    "/ 機械学習プロジェクトの進め方についての質問か、業務課題を入力してください。"
)


def answer(question: str, history: Sequence[Turn] = (), *, settings: Settings,
           k: int = 5, on_token: OnToken | None = None, runtime: Runtime | None = None
           ) -> Answer:
    """Retrieve cards for `question` and answer in its language, citing only retrieved cards."""
    start = time.perf_counter()
    cleaned = clean_input(question)
    if not cleaned.text:
        raise InputError(EMPTY_QUESTION)
    lang = detect_language(cleaned.text)
    rt = runtime or get_runtime(settings)
    retrieval = rt.retriever().search(cleaned.text, k=k)
    text, cited = compose_answer(cleaned.text, lang, retrieval, rt.knowledge)
    if on_token:
        for piece in _pieces(text):
            on_token(piece)
    cards = rt.knowledge.cards
    return Answer(
        question=cleaned.text,
        text=text,
        mode="offline",
        language=lang,
        citations=tuple(Citation(c, cards[c].title_in(lang)) for c in cited),
        passages=retrieval.passages if retrieval.relevant else (),
        grounding="cards" if cited else "none",
        latency_ms=(time.perf_counter() - start) * 1000,
        notices=tuple(cleaned.notices(lang)),
    )


def _pieces(text: str, size: int = 24) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]
