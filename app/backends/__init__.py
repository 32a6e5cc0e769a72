"""The three roles behind every surface — answer a question, fill the criteria, draft a
proposal — each with an offline and an LLM implementation, built once by `make_backends`.

Core functions (`chat.answer`, `assess.assess`, `propose.propose`, `conversation.reply`,
the eval runner) receive a `Backends` and never ask whether an LLM exists.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from app.config import Settings
from app.providers import chat_provider
from app.runtime import Runtime, get_runtime

if TYPE_CHECKING:
    from app.extraction import Finding
    from app.retrieval import Retrieval

OnToken = Callable[[str], None]


@dataclass(frozen=True)
class Turn:
    role: str  # "user" | "assistant"
    content: str


@dataclass(frozen=True)
class Drafted:
    """What a role produced, whichever implementation ran."""

    mode: str  # "offline" | "llm": the implementation that produced it (after any fallback)
    notices: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnswerDraft(Drafted):
    text: str = ""
    cited: tuple[str, ...] = ()
    retrieval: Retrieval | None = None
    grounding: str = "none"  # "cards" | "general" | "none"


@dataclass(frozen=True)
class FilledCriteria(Drafted):
    findings: dict[str, Finding] = field(default_factory=dict)


@dataclass(frozen=True)
class ProposalDraft(Drafted):
    markdown: str = ""
    cited: tuple[str, ...] = ()
    supplied: tuple[str, ...] = ()  # the cards the draft may cite


class Answerer(Protocol):
    def answer(self, question: str, lang: str, history: Sequence[Turn], *, k: int,
               on_token: OnToken | None) -> AnswerDraft: ...


class CriteriaFiller(Protocol):
    def fill(self, problem: str, lang: str) -> FilledCriteria: ...


class Drafter(Protocol):
    def draft(self, assessment, offline: ProposalDraft) -> ProposalDraft: ...


@dataclass(frozen=True)
class Backends:
    runtime: Runtime
    answerer: Answerer
    filler: CriteriaFiller
    drafter: Drafter
    # Reads short free-text answers to follow-up questions (the offline filler in both modes:
    # an answer is one or two sentences about one criterion, and needs no round trip).
    answer_reader: CriteriaFiller
    mode: str  # "offline" | "llm" (what is configured; a result says what actually ran)
    model: str | None = None  # the chat model's name in LLM mode

    @property
    def settings(self) -> Settings:
        return self.runtime.settings

    @property
    def knowledge(self):
        return self.runtime.knowledge

    @property
    def label(self) -> str:
        """What the user sees as the mode: `offline`, or `llm: <model>`."""
        return f"llm: {self.model}" if self.mode == "llm" else "offline"


def make_backends(settings: Settings, runtime: Runtime | None = None) -> Backends:
    """The backends for `settings`, built once per settings object (and runtime)."""
    rt = runtime or get_runtime(settings)
    key = (id(settings), id(rt))
    with _lock:
        cached = _built.get(key)
        if cached is not None and cached.runtime is rt and cached.settings is settings:
            return cached
        backends = _build(settings, rt)
        _built[key] = backends
        return backends


def _build(settings: Settings, rt: Runtime) -> Backends:
    from app.backends.offline import OfflineAnswerer, OfflineDrafter, OfflineFiller

    offline = (OfflineAnswerer(rt), OfflineFiller(rt), OfflineDrafter(rt))
    provider = chat_provider(settings)
    if provider is None:
        return Backends(rt, *offline, answer_reader=offline[1], mode="offline")
    from app.backends.llm_answer import LLMAnswerer
    from app.backends.llm_draft import LLMDrafter
    from app.backends.llm_fill import LLMFiller

    return Backends(
        rt,
        LLMAnswerer(rt, provider, fallback=offline[0]),
        LLMFiller(rt, provider, fallback=offline[1]),
        LLMDrafter(rt, provider),
        answer_reader=offline[1],
        mode="llm",
        model=settings.chat_model,
    )


_built: dict[tuple[int, int], Backends] = {}
_lock = threading.Lock()
