"""Q&A: answer a question about scoping principles, grounded in retrieved cards."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.backends import Backends, OnToken, Turn
from app.knowledge import Knowledge
from app.retrieval import Passage
from app.text import UserText, prepare

__all__ = ["Answer", "Citation", "Turn", "answer", "citations", "EMPTY_QUESTION"]


@dataclass(frozen=True)
class Citation:
    id: str
    title: str
    kind: str = "card"  # "card" | "document" (one of the user's own documents)

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "id": self.id, "title": self.title}


def citations(ids: Sequence[str], knowledge: Knowledge, lang: str,
              passages: Sequence[Passage] = ()) -> tuple[Citation, ...]:
    """Citations for the ids that exist: cards by their title in `lang`, the user's documents
    (found among the retrieved `passages`) by their name."""
    cards = knowledge.cards
    documents = {p.card_id: p.document_name for p in passages if p.is_document}
    out = []
    for cid in ids:
        if cid in cards:
            out.append(Citation(cid, cards[cid].title_in(lang)))
        elif cid in documents:
            out.append(Citation(cid, documents[cid], "document"))
    return tuple(out)


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
            "citations": [c.as_dict() for c in self.citations],
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


def answer(question: str | UserText, history: Sequence[Turn] = (), *, backends: Backends,
           k: int = 5, on_token: OnToken | None = None) -> Answer:
    """Retrieve cards for `question` and answer in its language, citing only retrieved cards.

    The answerer streams to `on_token`; an LLM answerer that fails gives the offline answer
    with a one-line notice, never a traceback.
    """
    start = time.perf_counter()
    user = prepare(question, EMPTY_QUESTION)
    draft = backends.answerer.answer(user.text, user.lang, history, k=k, on_token=on_token)
    retrieval = draft.retrieval
    passages = retrieval.passages if retrieval is not None and retrieval.relevant else ()
    return Answer(
        question=user.text,
        text=draft.text,
        mode=draft.mode,
        language=user.lang,
        citations=citations(draft.cited, backends.knowledge, user.lang, passages),
        passages=passages,
        grounding=draft.grounding,
        latency_ms=(time.perf_counter() - start) * 1000,
        notices=(*user.notices, *draft.notices),
        model=backends.model if draft.mode == "llm" else None,
    )
