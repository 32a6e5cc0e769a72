"""Eval scenario files (DESIGN.md format), validated with pydantic."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from app.errors import KnowledgeError
from app.knowledge import CRITERIA_IDS

Verdict = Literal["ml_fit", "not_yet", "not_ml", "needs_info"]
VERDICTS: tuple[str, ...] = ("ml_fit", "not_yet", "not_ml", "needs_info")


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


def _check_criteria(values: list[str]) -> list[str]:
    unknown = [v for v in values if v not in CRITERIA_IDS]
    if unknown:
        raise ValueError(f"unknown criterion id(s) {unknown}")
    return values


class Expected(_Strict):
    verdict: Verdict
    acceptable: list[Verdict] = Field(default_factory=list)
    unmet: list[str] = Field(default_factory=list)
    met: list[str] = Field(default_factory=list)
    cards: list[str] = Field(default_factory=list)
    checklist: list[ChecklistItem] = Field(default_factory=list)

    _unmet = field_validator("unmet")(_check_criteria)
    _met = field_validator("met")(_check_criteria)


class Scenario(_Strict):
    id: str
    lang: Literal["en", "ja"]
    problem: str = Field(min_length=1)
    expected: Expected
    answers: dict[str, str] = Field(default_factory=dict)
    source: str = ""  # file it came from (filled in by the loader)


class Question(_Strict):
    id: str
    lang: Literal["en", "ja"]
    question: str = Field(min_length=1)
    expected_cards: list[str] = Field(min_length=1)
    must_mention: list[str] = Field(default_factory=list)
    source: str = ""


class Suite(BaseModel):
    scenarios: list[Scenario] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)


def _describe(exc: ValidationError) -> str:
    first = exc.errors()[0]
    loc = ".".join(str(p) for p in first["loc"])
    return f"field '{loc}': {first['msg']}"


def load_file(path: Path, card_ids: set[str] | None = None) -> Suite:
    """One scenario file; errors name the file, the scenario id and the field."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
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
            cards = obj.expected.cards if key == "scenarios" else obj.expected_cards
            if card_ids is not None and (missing := [c for c in cards if c not in card_ids]):
                field_name = "expected.cards" if key == "scenarios" else "expected_cards"
                raise KnowledgeError(
                    f"{path}: {key[:-1]} '{sid}': field '{field_name}': unknown card id(s) "
                    f"{missing}"
                )
            bucket.append(obj)
    return suite


def load_suite(paths: list[Path], card_ids: set[str] | None = None) -> Suite:
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
        part = load_file(f, card_ids)
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
