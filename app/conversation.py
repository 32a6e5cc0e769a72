"""One chat turn, whole: clean the message once, route it, answer / assess / propose, and —
when a store and a conversation are given — persist the user's message, the reply with its
metadata, and any assessment or proposal. CLI `chat` and the UI both call `reply`.

Streaming: `on_token` receives the text of whichever route ran. For a Q&A turn these are the
answerer's tokens; an assessment or proposal is streamed as its rendered Markdown, so what was
streamed always equals `Reply.text` (unless a notice says the LLM stream was cut off).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from app.assess import assess
from app.backends import Backends, OnToken, Turn
from app.backends.streaming import stream_pieces
from app.chat import EMPTY_QUESTION, Answer, Citation, answer, citations
from app.propose import propose
from app.render import render_markdown
from app.router import Route, is_problem_description, route
from app.text import UserText, prepare

if TYPE_CHECKING:
    from app.store import OwnerStore

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
    problem: str | None = None  # the problem text assessed / proposed
    model: str | None = None  # the LLM's name when mode == "llm"
    question: str = ""  # the cleaned user message
    message_id: int | None = None  # the stored assistant message, when persisted
    meta: dict[str, Any] = field(default_factory=dict)  # what is stored with the message

    @property
    def grounding(self) -> str:
        if self.answer is not None:
            return self.answer.grounding
        return "cards" if self.citations else "none"

    def as_dict(self) -> dict:
        out: dict = {"route": self.route, "text": self.text, "mode": self.mode,
                     "language": self.language,
                     "citations": [c.as_dict() for c in self.citations]}
        if self.answer is not None:
            out["answer"] = self.answer.as_dict()
        if self.assessment is not None:
            out["assessment"] = self.assessment.as_dict()
        if self.notices:
            out["notice"] = " ".join(self.notices)
        return out


def reply(message: str | UserText, history: Sequence[Turn] | None = None, *,
          backends: Backends, on_token: OnToken | None = None,
          last_problem: str | None = None, store: OwnerStore | None = None,
          conversation_id: str | None = None, replace_message: int | None = None) -> Reply:
    """Route `message` and run the matching core function.

    With `store` and `conversation_id`, the history and the last problem come from the
    conversation, and the turn is saved there (`replace_message` regenerates a stored reply
    in place instead of adding one).
    """
    user = prepare(message, EMPTY_QUESTION)
    persist = store is not None and conversation_id is not None
    if persist:
        stored = store.messages(conversation_id)
        if replace_message is not None:
            cut = next((i for i, m in enumerate(stored) if m["id"] == replace_message),
                       len(stored))
            stored = stored[: max(cut - 1, 0)]
        history = [Turn(m["role"], m["content"]) for m in stored]
        last_problem = last_problem or _stored_problem(store, conversation_id, stored)
        if replace_message is None:
            store.add_message(conversation_id, "user", user.text)
    result = _run(user, list(history or ()), backends, on_token, last_problem)
    if not persist:
        return result
    meta = _meta(result)
    if result.assessment is not None:
        meta["verdict"] = result.assessment.verdict
        meta["assessment_id"] = store.save_assessment(
            conversation_id, result.problem or user.text, {}, result.assessment.model_dump())
    if result.proposal is not None:
        p = result.proposal
        meta["proposal_id"] = store.save_proposal(conversation_id, p.markdown, {
            "language": p.language, "mode": p.mode, "verdict": p.verdict,
            "cited_cards": list(p.cited_cards)})
    if replace_message is None:
        message_id = store.add_message(conversation_id, "assistant", result.text, meta)
    else:
        store.update_message(replace_message, result.text, meta)
        message_id = replace_message
    return replace(result, message_id=message_id, meta=meta)


def _run(user: UserText, history: list[Turn], backends: Backends, on_token: OnToken | None,
         last_problem: str | None) -> Reply:
    which = route(user.text)
    if which == "assess":
        return _assess(user, backends, on_token)
    if which == "propose":
        return _propose(user, _problem_for_proposal(user.text, history, last_problem),
                        backends, on_token)
    result = answer(user, history, backends=backends, on_token=on_token)
    return Reply(route="qa", text=result.text, mode=result.mode, language=result.language,
                 notices=result.notices, answer=result, citations=result.citations,
                 model=result.model, question=user.text)


def _meta(result: Reply) -> dict[str, Any]:
    """What is stored with an assistant message (and what feedback export needs)."""
    meta: dict[str, Any] = {
        "route": result.route, "mode": result.mode, "language": result.language,
        "question": result.question, "notices": list(result.notices),
        "citations": [c.as_dict() for c in result.citations],
        "grounding": result.grounding,
    }
    if result.answer is not None:
        meta["card_ids"] = list(dict.fromkeys(p.card_id for p in result.answer.passages))
    else:
        meta["card_ids"] = [c.id for c in result.citations]
    if result.problem:
        meta["problem"] = result.problem
    return meta


def _stored_problem(store: OwnerStore, conversation_id: str,
                    messages: list[dict[str, Any]]) -> str | None:
    for m in reversed(messages):
        if m["role"] == "assistant" and m["meta"].get("problem"):
            return m["meta"]["problem"]
    rec = store.latest_assessment(conversation_id)
    return rec["problem"] if rec else None


def _assess(user: UserText, backends: Backends, on_token: OnToken | None) -> Reply:
    result = assess(user, backends=backends)
    text = render_markdown(result, backends.knowledge)
    stream_pieces(text, on_token, size=48)
    return Reply(route="assess", text=text, mode=result.mode, language=result.language,
                 notices=tuple(result.notices), assessment=result,
                 citations=citations(result.cited_cards, backends.knowledge, result.language),
                 problem=user.text, model=backends.model if result.mode == "llm" else None,
                 question=user.text)


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


def _propose(user: UserText, problem: str | None, backends: Backends,
             on_token: OnToken | None) -> Reply:
    if not problem:
        text = NEED_PROBLEM[user.lang]
        stream_pieces(text, on_token, size=48)
        return Reply(route="propose", text=text, mode="offline", language=user.lang,
                     question=user.text)
    result = propose(user if problem == user.text else problem, backends=backends)
    stream_pieces(result.markdown, on_token, size=48)
    return Reply(route="propose", text=result.markdown, mode=result.mode,
                 language=result.language, notices=tuple(result.notices), proposal=result,
                 citations=citations(result.cited_cards, backends.knowledge, result.language),
                 problem=problem, model=backends.model if result.mode == "llm" else None,
                 question=user.text)
