"""The offline backends: what a user without a key runs, so real backends, not test doubles.

- `OfflineAnswerer`: retrieves cards and composes a cited answer (app.backends.offline_answer);
- `OfflineFiller`: the bilingual cue rules + learned layers of app.extraction;
- `OfflineDrafter`: the proposal composer's draft, unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from app.backends import (
    AnswerDraft,
    FilledCriteria,
    OnToken,
    ProposalDraft,
    Turn,
)
from app.backends.offline_answer import compose_answer
from app.backends.offline_case import CaseLine, case_lines
from app.backends.streaming import stream_pieces
from app.case_reading import read_case, search_hints
from app.extraction import extract_statuses
from app.retrieval import conversation_topic
from app.runtime import Runtime
from app.uncovered import reply as uncovered_reply

MAX_RANKED = 8  # sentences of a document embedded per answer


class OfflineAnswerer:
    """Retrieves (with the conversation's topic for a short follow-up), then composes."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt

    def answer(self, question: str, lang: str, history: Sequence[Turn], *, k: int,
               on_token: OnToken | None) -> AnswerDraft:
        topic = conversation_topic(question, lang, history)
        reading = read_case(question, lang, topic, self.rt)
        retrieval = self.rt.retriever().search(question, k=k, context=topic,
                                               **search_hints(reading, topic, self.rt))
        if retrieval.uncovered:  # in scope, but no card covers it: say so, cite nothing
            text = uncovered_reply(retrieval.uncovered, lang, self.rt.settings.knowledge_dir)
            stream_pieces(text, on_token)
            return AnswerDraft(mode="offline", text=text, cited=(), retrieval=retrieval,
                               grounding="none")
        own_case = reading is not None
        lines: list[CaseLine] = []
        if reading and retrieval.relevant and not retrieval.out_of_scope:
            lines = case_lines(reading, lang, retrieval.card_ids()[:3], self.rt)
        text, sources = compose_answer(question, lang, retrieval, self.rt.knowledge,
                                       topic=topic, case_lines=lines, case=own_case,
                                       rank=self._by_meaning)
        stream_pieces(text, on_token)
        return AnswerDraft(mode="offline", text=text, cited=tuple(s.id for s in sources),
                           retrieval=retrieval, grounding="cards" if sources else "none")

    def _by_meaning(self, question: str, candidates: list[str]) -> list[str]:
        """A document's sentences, nearest in meaning to the question first (e5)."""
        candidates = candidates[:MAX_RANKED]
        if len(candidates) < 2:
            return candidates
        emb = self.rt.embeddings
        q = np.array(emb.embed_query(question))
        vectors = np.array(emb.embed_documents(candidates))
        order = np.argsort(-(vectors @ q), kind="stable")
        return [candidates[i] for i in order]


class OfflineFiller:
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt

    def fill(self, problem: str, lang: str) -> FilledCriteria:
        findings = extract_statuses(problem, lang, self.rt.embeddings,
                                    self.rt.settings.cache_dir, self.rt.knowledge.rubric)
        return FilledCriteria(mode="offline", findings=findings)


class OfflineDrafter:
    """The offline proposal is composed by `app.propose`; this drafter keeps it as is."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt

    def draft(self, assessment, offline: ProposalDraft) -> ProposalDraft:
        return offline
