"""One chat turn: route the message, then answer, assess or propose (the UI's and CLI's entry).

Streaming: `on_token` receives the text of whichever route ran. For a Q&A turn these are the
model's tokens; an assessment or proposal is streamed as its rendered Markdown, so what was
streamed always equals `Reply.text` (unless a notice says the LLM stream was cut off).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.chat import Answer, Citation, OnToken, Turn, answer
from app.config import Settings
from app.errors import InputError
from app.router import Route, is_problem_description, route
from app.runtime import Runtime, get_runtime
from app.text import clean_input, detect_language

log = logging.getLogger(__name__)

NEED_PROBLEM = {
    "en": "To draft a proposal I need the business problem first: describe what decision or "
          "task it is, who does it today, what data is recorded, and what should change.",
    "ja": "提案書を書くには、まず業務課題を教えてください（どんな判断や作業か、今は誰がどうして"
          "いるか、どんなデータが記録されているか、何を変えたいか）。",
}


@dataclass(frozen=True)
class Reply:
    route: Route
    text: str  # Markdown, what the user reads
    mode: str  # "offline" | "llm"
    language: str
    notices: tuple[str, ...] = ()
    answer: Answer | None = None
    assessment: Any | None = None  # app.assess.Assessment
    proposal: Any | None = None  # app.propose.Proposal
    citations: tuple[Citation, ...] = field(default=())
    problem: str | None = None  # the problem text assessed / proposed (keep as last_problem)
    model: str | None = None  # the LLM's name when mode == "llm"

    def as_dict(self) -> dict:
        out: dict = {"route": self.route, "text": self.text, "mode": self.mode,
                     "language": self.language,
                     "citations": [{"id": c.id, "title": c.title} for c in self.citations]}
        if self.answer is not None:
            out["answer"] = self.answer.as_dict()
        if self.assessment is not None:
            out["assessment"] = self.assessment.as_dict()
        if self.notices:
            out["notice"] = " ".join(self.notices)
        return out


def reply(message: str, history: Sequence[Turn] = (), *, settings: Settings,
          runtime: Runtime | None = None, on_token: OnToken | None = None,
          last_problem: str | None = None) -> Reply:
    """Route `message` and run the matching core function."""
    cleaned = clean_input(message)
    if not cleaned.text:
        from app.chat import EMPTY_QUESTION

        raise InputError(EMPTY_QUESTION)
    rt = runtime or get_runtime(settings)
    which = route(cleaned.text, history)
    if which == "assess":
        return _assess(cleaned.text, settings, rt, on_token)
    if which == "propose":
        problem = _problem_for_proposal(cleaned.text, history, last_problem)
        return _propose(cleaned.text, problem, settings, rt, on_token)
    result = answer(message, history, settings=settings, runtime=rt, on_token=on_token)
    return Reply(route="qa", text=result.text, mode=result.mode, language=result.language,
                 notices=result.notices, answer=result, citations=result.citations,
                 model=result.model)


def _stream(text: str, on_token: OnToken | None, size: int = 48) -> None:
    if on_token:
        for i in range(0, len(text), size):
            on_token(text[i : i + size])


def _cited(ids: Sequence[str], rt: Runtime, lang: str) -> tuple[Citation, ...]:
    cards = rt.knowledge.cards
    return tuple(Citation(c, cards[c].title_in(lang)) for c in ids if c in cards)


def _assess(problem: str, settings: Settings, rt: Runtime, on_token: OnToken | None) -> Reply:
    from app.assess import assess, render_markdown

    result = assess(problem, settings=settings, runtime=rt)
    text = render_markdown(result, rt.knowledge)
    _stream(text, on_token)
    return Reply(route="assess", text=text, mode=result.mode, language=result.language,
                 notices=tuple(result.notices), assessment=result,
                 citations=_cited(result.cited_cards, rt, result.language), problem=problem,
                 model=settings.chat_model if result.mode == "llm" else None)


def _problem_for_proposal(message: str, history: Sequence[Turn],
                          last_problem: str | None) -> str | None:
    """The problem to write up: this message if it describes one, else the latest one."""
    if is_problem_description(message):
        return message
    if last_problem:
        return last_problem
    for turn in reversed(history):
        if turn.role == "user" and is_problem_description(turn.content):
            return turn.content
    return None


def _propose(message: str, problem: str | None, settings: Settings, rt: Runtime,
             on_token: OnToken | None) -> Reply:
    lang = detect_language(problem or message)
    if not problem:
        text = NEED_PROBLEM[lang]
        _stream(text, on_token)
        return Reply(route="propose", text=text, mode="offline", language=lang)
    propose: Callable[..., Any]
    try:
        from app.propose import propose
    except ImportError:  # the proposal composer is not installed in this build yet
        log.warning("app.propose is not available")
        text = NEED_PROBLEM[lang]
        return Reply(route="propose", text=text, mode="offline", language=lang,
                     notices=("Proposal drafting is not available in this build.",))
    result = propose(problem, settings=settings, runtime=rt)
    _stream(result.markdown, on_token)
    return Reply(route="propose", text=result.markdown, mode=result.mode,
                 language=result.language, notices=tuple(result.notices), proposal=result,
                 citations=_cited(result.cited_cards, rt, result.language), problem=problem,
                 model=settings.chat_model if result.mode == "llm" else None)
