"""Draft an ML project proposal (Markdown) from an assessment and the knowledge cards.

The offline composer (app.proposal.compose) writes it from templates; the drafter of the
backends may rewrite it (LLM mode), and its result must still pass the checks of
app.proposal.checks, or the offline draft is kept.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from app.assess import Assessment, assess
from app.backends import Backends, ProposalDraft
from app.proposal.compose import compose_proposal, references, split_references
from app.text import UserText

__all__ = ["Proposal", "propose", "references", "split_references"]


@dataclass(frozen=True)
class Proposal:
    markdown: str
    language: str
    mode: str
    verdict: str
    cited_cards: tuple[str, ...]
    notices: tuple[str, ...] = field(default=())
    supplied_cards: tuple[str, ...] = field(default=())  # every card it was allowed to cite
    approach: str = ""
    latency_ms: float = 0.0


def propose(problem_text: str | UserText, assessment: Assessment | None = None, *,
            backends: Backends) -> Proposal:
    """A proposal for `problem_text`, assessing it first when no assessment is given."""
    start = time.perf_counter()
    a = assessment or assess(problem_text, backends=backends)
    markdown, cited, supplied = compose_proposal(a, backends.knowledge)
    offline = ProposalDraft(mode="offline", markdown=markdown, cited=tuple(cited),
                            supplied=tuple(supplied))
    draft = backends.drafter.draft(a, offline)
    return Proposal(markdown=draft.markdown, language=a.language, mode=draft.mode,
                    verdict=a.verdict, cited_cards=draft.cited,
                    notices=(*a.notices, *draft.notices),
                    supplied_cards=draft.supplied or tuple(supplied),
                    approach=a.approach.kind if a.approach else "",
                    latency_ms=round((time.perf_counter() - start) * 1000, 1))
