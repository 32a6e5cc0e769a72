"""Scope a business problem: a status per rubric criterion, section scores, coverage and a
deterministic verdict.

The statuses come from the criteria filler of the backends (the offline extractor, or the
LLM through structured output); everything after that — scores, verdict, follow-ups, next
steps — follows the rubric's rules, so the verdict is deterministic given the statuses.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict

from app.approach import Approach, recommend
from app.backends import Backends
from app.extraction import Finding
from app.interview import Change, Question, questions, replay
from app.knowledge import Knowledge
from app.render import explain, next_steps
from app.rubric import Status, Verdict
from app.text import UserText, prepare


class CriterionResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    section: str
    status: Status
    evidence: str
    cards: list[str]
    question: str  # the criterion, phrased as a question in the user's language
    why: str  # what unmet looks like (from the rubric)
    fix: str  # what to do when it is not met
    source: str = "text"  # "text" | "answer"
    confidence: float = 0.0


class Assessment(BaseModel):
    model_config = ConfigDict(frozen=True)

    problem: str
    verdict: Verdict
    explanation: str
    readiness: float | None  # the weakest known section; None while nothing is known
    coverage: tuple[int, int] = (0, 0)  # (known criteria, applicable criteria)
    sections: dict[str, float | None]
    criteria: list[CriterionResult]
    follow_up_questions: list[str]
    follow_up_ids: list[str] = []  # the criterion each follow-up question asks about
    interview: list[Question] = []  # the same questions, with how to answer them
    changes: list[Change] = []  # what each answer changed, in the order given
    next_steps: list[str]
    approach: Approach | None = None  # None only on records saved before approaches existed
    mode: str
    language: str
    notices: list[str] = []
    latency_ms: float = 0.0

    def criterion(self, cid: str) -> CriterionResult:
        return next(c for c in self.criteria if c.id == cid)

    @property
    def statuses(self) -> dict[str, str]:
        return {c.id: c.status for c in self.criteria}

    @property
    def cited_cards(self) -> list[str]:
        seen: dict[str, None] = {}
        for c in self.criteria:
            if c.status not in ("met", "n/a"):
                for card in c.cards:
                    seen.setdefault(card, None)
        return list(seen)

    def as_dict(self) -> dict:
        """The DESIGN.md JSON shape."""
        known, applicable = self.coverage
        out = {
            "verdict": self.verdict,
            "explanation": self.explanation,
            "readiness": self.readiness,
            "coverage": {"known": known, "applicable": applicable,
                         "share": round(known / applicable, 3) if applicable else 0.0},
            "sections": self.sections,
            "criteria": [{"id": c.id, "status": c.status, "evidence": c.evidence,
                          "cards": c.cards, "confidence": c.confidence, "source": c.source}
                         for c in self.criteria],
            "follow_up_questions": self.follow_up_questions,
            "interview": [q.model_dump() for q in self.interview],
            "changes": [c.model_dump() for c in self.changes],
            "next_steps": self.next_steps,
            "approach": self.approach.as_dict() if self.approach else None,
            "mode": self.mode,
            "language": self.language,
            "latency_ms": self.latency_ms,
        }
        if self.notices:
            out["notice"] = " ".join(self.notices)
        return out


EMPTY_PROBLEM = (
    "Describe the business problem: what decision or task, who does it today, what data is "
    "recorded, and what would change. / 業務課題を書いてください（どんな判断や作業か、今は誰が"
    "どうしているか、どんなデータが記録されているか、何を変えたいか）。"
)


def assess(problem_text: str | UserText, answers: Mapping[str, str] | None = None, *,
           backends: Backends) -> Assessment:
    """Assess a free-text problem (plus optional answers to follow-up questions)."""
    start = time.perf_counter()
    user = prepare(problem_text, EMPTY_PROBLEM)
    filled = backends.filler.fill(user.text, user.lang)
    rubric = backends.knowledge.rubric
    decided, changes = replay(rubric, filled.findings, answers or {}, backends, user.lang)
    return build_assessment(user.text, user.lang, decided, backends.knowledge,
                            mode=filled.mode, notices=[*user.notices, *filled.notices],
                            started=start, changes=changes, asked=set(answers or {}))


def build_assessment(problem: str, lang: str, decided: Mapping[str, tuple[Finding, str]],
                     knowledge: Knowledge, *, mode: str, notices: list[str],
                     started: float, changes: list[Change] | None = None,
                     asked: set[str] | None = None) -> Assessment:
    """Everything after the statuses: deterministic given them."""
    rubric = knowledge.rubric
    statuses = {cid: decided[cid][0].status for cid in rubric.ids}
    verdict = rubric.decide_verdict(statuses)
    sections = rubric.section_scores(statuses)
    known = [v for v in sections.values() if v is not None]
    criteria = []
    for cid, rub in rubric.criteria.items():
        finding, source = decided[cid]
        criteria.append(CriterionResult(
            id=cid, section=rub.section, status=finding.status,
            evidence=finding.evidence if finding.status != "unknown" else "",
            cards=list(rub.cards[:2]), question=rub.question[lang], why=rub.unmet[lang],
            fix=rub.fix[lang], source=source, confidence=round(finding.confidence, 3),
        ))
    asks = questions(rubric, decided, lang, asked or set())
    return Assessment(
        problem=problem,
        verdict=verdict,
        explanation=explain(verdict, statuses, knowledge, lang),
        readiness=min(known) if known else None,
        coverage=rubric.coverage(statuses),
        sections=sections,
        criteria=criteria,
        follow_up_questions=[q.text for q in asks],
        follow_up_ids=[q.id for q in asks],
        interview=asks,
        changes=changes or [],
        next_steps=next_steps(verdict, statuses, knowledge, lang),
        approach=recommend(problem, lang, verdict,
                           {cid: (f.status, f.evidence) for cid, (f, _) in decided.items()},
                           rubric.gates("not_ml")),
        mode=mode,
        language=lang,
        notices=notices,
        latency_ms=round((time.perf_counter() - started) * 1000, 1),
    )
