"""Eval scenario files (DESIGN.md format), validated with pydantic."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from app.errors import KnowledgeError
from app.knowledge import Knowledge
from app.rubric import Status, Verdict
from app.yaml_data import load_yaml

Approach = Literal["rules", "off_the_shelf", "fine_tune", "custom_model"]
QuestionKind = Literal["principle", "case", "followup", "offtopic", "near_topic", "uncovered"]
# Questions that no card should answer: the answer says so, and cites nothing.
UNANSWERED_KINDS = ("offtopic", "near_topic", "uncovered")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChecklistItem(_Strict):
    id: str
    points: float
    match: str

    @field_validator("match")
    @classmethod
    def _regex(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"invalid regular expression: {exc}") from None
        return value


class Expected(_Strict):
    verdict: Verdict
    acceptable: list[Verdict] = Field(default_factory=list)
    unmet: list[str] = Field(default_factory=list)
    met: list[str] = Field(default_factory=list)
    cards: list[str] = Field(default_factory=list)
    checklist: list[ChecklistItem] = Field(default_factory=list)
    approach: Approach | None = None


class Scenario(_Strict):
    id: str
    lang: Literal["en", "ja"]
    problem: str = Field(min_length=1)
    expected: Expected
    answers: dict[str, str] = Field(default_factory=dict)
    # The true situation behind the text, per criterion: what a scripted answerer replies
    # to follow-up questions (blind sets carry it).
    facts: dict[str, Status] = Field(default_factory=dict)
    style: str = ""
    domain: str = ""
    why: str = ""
    source: str = ""  # file it came from (filled in by the loader)


class Question(_Strict):
    id: str
    lang: Literal["en", "ja"]
    question: str = Field(min_length=1)
    expected_cards: list[str] = Field(default_factory=list)
    must_mention: list[str] = Field(default_factory=list)
    kind: QuestionKind = "principle"
    history: list[str] = Field(default_factory=list)  # earlier user turns, oldest first
    ideal_answer: str = ""
    source: str = ""

    @property
    def answerable(self) -> bool:
        return self.kind not in UNANSWERED_KINDS


class Suite(BaseModel):
    scenarios: list[Scenario] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)


def _describe(exc: ValidationError) -> str:
    first = exc.errors()[0]
    loc = ".".join(str(p) for p in first["loc"])
    return f"field '{loc}': {first['msg']}"


def load_file(path: Path, knowledge: Knowledge | None = None) -> Suite:
    """One scenario file; errors name the file, the scenario id and the field."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except OSError:
        raise KnowledgeError(f"{path}: cannot read the scenario file") from None
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{path}: invalid YAML ({exc.__class__.__name__})") from None
    if not isinstance(data, dict) or not set(data) <= {"scenarios", "questions"}:
        raise KnowledgeError(f"{path}: top level must hold 'scenarios' and/or 'questions'")
    suite = Suite()
    for key, model, bucket in (("scenarios", Scenario, suite.scenarios),
                               ("questions", Question, suite.questions)):
        items = data.get(key) or []
        if not isinstance(items, list):
            raise KnowledgeError(f"{path}: '{key}' must be a list")
        for n, item in enumerate(items):
            sid = item.get("id", f"#{n}") if isinstance(item, dict) else f"#{n}"
            try:
                obj = model.model_validate({**item, "source": path.name})
            except (ValidationError, TypeError) as exc:
                why = _describe(exc) if isinstance(exc, ValidationError) else "not a mapping"
                raise KnowledgeError(f"{path}: {key[:-1]} '{sid}': {why}") from None
            if knowledge is not None:
                _check_ids(obj, knowledge, f"{path}: {key[:-1]} '{sid}'")
            bucket.append(obj)
    return suite


def _check_ids(obj: Scenario | Question, knowledge: Knowledge, where: str) -> None:
    """Card and criterion ids must exist in this knowledge folder."""
    if isinstance(obj, Question):
        checks = [("expected_cards", obj.expected_cards, knowledge.cards)]
        if obj.answerable and not obj.expected_cards:
            raise KnowledgeError(f"{where}: field 'expected_cards': needs at least one card "
                                 f"(or kind: {' | '.join(UNANSWERED_KINDS)})")
    else:
        ids = knowledge.rubric.criteria
        checks = [("expected.cards", obj.expected.cards, knowledge.cards),
                  ("expected.unmet", obj.expected.unmet, ids),
                  ("expected.met", obj.expected.met, ids),
                  ("facts", list(obj.facts), ids)]
    for field_name, values, known in checks:
        missing = [v for v in values if v not in known]
        if missing:
            raise KnowledgeError(f"{where}: field '{field_name}': unknown id(s) {missing}")


def load_suite(paths: list[Path], knowledge: Knowledge | None = None) -> Suite:
    """Every scenario file in `paths` (files or folders of *.yaml); ids must be unique."""
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted([*p.glob("*.yaml"), *p.glob("*.yml")]))
        elif p.exists():
            files.append(p)
        else:
            raise KnowledgeError(f"{p}: scenario file not found")
    suite = Suite()
    for f in files:
        part = load_file(f, knowledge)
        suite.scenarios.extend(part.scenarios)
        suite.questions.extend(part.questions)
    for kind, items in (("scenario", suite.scenarios), ("question", suite.questions)):
        seen: dict[str, str] = {}
        for item in items:
            if item.id in seen:
                raise KnowledgeError(
                    f"{item.source}: {kind} '{item.id}': field 'id': duplicate (also in "
                    f"{seen[item.id]})"
                )
            seen[item.id] = item.source
    return suite
