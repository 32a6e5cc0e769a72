"""The user's own case, read once per message: what the answer applies and retrieval leans on.

A question that describes the user's situation ("we have 30 photos of defects, all on
paper; feasible?") is best answered by the cards of what is open in that situation, which
its wording often does not name. The offline extractor reads the message as it reads a
problem; the criteria it finds unmet (or partly met) point retrieval to their criterion card
and, less, to the other cards about them.

Measured on the spent blind question files q1-q5 and the project's questions (335 answerable;
weights 0.03-0.06 of `retrieval.HINT_WEIGHT`): hybrid hit@1 .722 -> .749 (MRR@5 .802 -> .819);
case questions .423 -> .500, principle questions .809 -> .830 (some are written as cases);
follow-ups unchanged, because a follow-up gets no hints (with them they lost .02: the earlier
turn's gaps are not what the follow-up asks).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.extraction import extract_statuses
from app.extraction.decide import Finding
from app.knowledge import Knowledge
from app.router import describes_own_case

if TYPE_CHECKING:
    from app.runtime import Runtime

# Weight of a criterion's pull: an unmet criterion fully, a partial one half; its own
# criterion card fully, another card about it half.
STATUS_WEIGHT = {"unmet": 1.0, "partial": 0.5}
OTHER_CARD_WEIGHT = 0.5


@dataclass(frozen=True)
class CaseReading:
    text: str
    findings: Mapping[str, Finding]

    def hints(self, knowledge: Knowledge) -> dict[str, float]:
        """Card id -> 0..1: the cards about what the case leaves open."""
        out: dict[str, float] = {}
        for card_id, card in knowledge.cards.items():
            for criterion in card.criteria:
                found = self.findings.get(criterion)
                weight = STATUS_WEIGHT.get(found.status, 0.0) if found else 0.0
                if not weight:
                    continue
                if card_id != criterion_card(criterion):
                    weight *= OTHER_CARD_WEIGHT
                out[card_id] = max(out.get(card_id, 0.0), weight)
        return out


def criterion_card(criterion: str) -> str:
    """The card that explains a criterion (`labels` -> `criterion-labels`)."""
    return "criterion-" + criterion.replace("_", "-")


def read_case(question: str, lang: str, topic: str | None, rt: Runtime) -> CaseReading | None:
    """The case the message (with the earlier turn it follows) describes, or None."""
    text = " ".join(t for t in (topic, question) if t)
    if not describes_own_case(text):
        return None
    findings = extract_statuses(text, lang, rt.embeddings, rt.settings.cache_dir,
                                rt.knowledge.rubric)
    return CaseReading(text, findings)


def search_hints(reading: CaseReading | None, topic: str | None, rt: Runtime) -> dict:
    """Keyword arguments of `Retriever.search` for a case stated in this message (none for a
    follow-up): the hints, and whether the message reads as a case at all (some criterion
    known), which lets a long case description through the scope gate."""
    if reading is None or topic:
        return {}
    known = any(f.status in ("met", "partial", "unmet") for f in reading.findings.values())
    return {"hints": reading.hints(rt.knowledge) or None, "case": known}
