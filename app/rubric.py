"""The scoping rubric as data: criteria, sections, statuses, gates, verdict labels and proposal
sections, all read from `knowledge/rubric.yaml`, and the one verdict rule.

Nothing else in the code lists criterion ids, statuses or verdicts: it asks a `Rubric`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

import yaml

from app.errors import KnowledgeError
from app.yaml_data import load_yaml

Status = Literal["met", "partial", "unmet", "unknown", "n/a"]
Verdict = Literal["not_ml", "not_yet", "needs_info", "ml_fit"]
Gate = Literal["not_ml", "not_yet"]
AnswerKind = Literal["yes_no", "number"]
STATUSES: tuple[str, ...] = get_args(Status)
VERDICTS: tuple[str, ...] = get_args(Verdict)  # in the order the rule tries them
KNOWN = ("met", "partial", "unmet")  # statuses that carry a score
LANGS = ("en", "ja")


@dataclass(frozen=True)
class Criterion:
    id: str
    label: dict[str, str]  # a short name, per language
    section: str
    gate: Gate | None
    proposal_section: str
    question: dict[str, str]
    met: dict[str, str]
    unmet: dict[str, str]
    cards: tuple[str, ...]
    follow_up: dict[str, str]
    fix: dict[str, str]
    not_applicable: dict[str, str] | None = None  # when set, the criterion may be `n/a`
    check: dict[str, str] | None = None  # a yes/no form of the question (quick replies)
    answer: AnswerKind = "yes_no"  # "number": ask `follow_up` and read the words
    unmet_prior: float | None = None  # how often it turns out unmet once asked

    def interview_question(self, lang: str) -> str:
        """What the interview asks: the yes/no check, or the follow-up that asks for numbers."""
        if self.answer == "yes_no" and self.check:
            return self.check[lang]
        return self.follow_up[lang]


@dataclass(frozen=True)
class Rubric:
    criteria: dict[str, Criterion]  # in file order
    sections: dict[str, dict[str, str]]  # id -> label per language, in order
    status_labels: dict[str, dict[str, str]]
    scores: dict[str, float | None]
    verdict_labels: dict[str, dict[str, str]]
    proposal_sections: dict[str, dict[str, str]]
    needs_info_unknown: int
    people_criterion: str | None
    review_criterion: str | None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self.criteria)

    def gates(self, kind: Gate | None = None) -> tuple[str, ...]:
        """Gate criteria (of one kind, or all), in file order."""
        return tuple(c.id for c in self.criteria.values()
                     if c.gate and (kind is None or c.gate == kind))

    def in_section(self, section: str) -> tuple[str, ...]:
        return tuple(c.id for c in self.criteria.values() if c.section == section)

    # -- the verdict ---------------------------------------------------------------------
    def people_unreviewed(self, statuses: Mapping[str, str]) -> bool:
        """A decision about people that nobody reviews (never `ml_fit`)."""
        people, review = self.people_criterion, self.review_criterion
        if not people or not review:
            return False
        return statuses.get(people) in KNOWN and statuses.get(review) == "unmet"

    def decide_verdict(self, statuses: Mapping[str, str]) -> Verdict:
        """DESIGN.md's rule, in order: not_ml, not_yet, needs_info, ml_fit."""
        if any(statuses[c] == "unmet" for c in self.gates("not_ml")):
            return "not_ml"
        if any(statuses[c] == "unmet" for c in self.gates("not_yet")):
            return "not_yet"
        if self.people_unreviewed(statuses):
            return "not_yet"
        if sum(statuses[c] == "unknown" for c in self.gates()) >= self.needs_info_unknown:
            return "needs_info"
        return "ml_fit"

    def deciding(self, verdict: str, statuses: Mapping[str, str]) -> list[str]:
        """The criteria that decided `verdict` (for the explanation)."""
        if verdict in ("not_ml", "not_yet"):
            ids = [c for c in self.gates(verdict) if statuses[c] == "unmet"]  # type: ignore[arg-type]
            if verdict == "not_yet" and self.people_unreviewed(statuses):
                ids.append(self.review_criterion)  # type: ignore[arg-type]
            return ids
        if verdict == "needs_info":
            return [c for c in self.gates() if statuses[c] == "unknown"]
        return [c for c in self.gates() if statuses[c] in ("met", "partial")]

    # -- scores ----------------------------------------------------------------------------
    def section_scores(self, statuses: Mapping[str, str]) -> dict[str, float | None]:
        """Mean score of each section's known criteria; None when none is known yet."""
        out: dict[str, float | None] = {}
        for section in self.sections:
            values = [self.scores[statuses[c]] for c in self.in_section(section)]
            known = [v for v in values if v is not None]
            out[section] = round(sum(known) / len(known), 3) if known else None
        return out

    def coverage(self, statuses: Mapping[str, str]) -> tuple[int, int]:
        """(known criteria, applicable criteria): n/a is not applicable, unknown not known."""
        applicable = [c for c in self.ids if statuses[c] != "n/a"]
        return sum(statuses[c] in KNOWN for c in applicable), len(applicable)


def _fail(path: Path, where: str, why: str) -> KnowledgeError:
    return KnowledgeError(f"{path}: field '{where}': {why}")


def lang_map(raw: object, path: Path, where: str) -> dict[str, str]:
    if not isinstance(raw, dict) or not all(
        isinstance(raw.get(lang), str) and raw[lang].strip() for lang in LANGS
    ):
        raise _fail(path, where, "needs non-empty 'en' and 'ja' strings")
    return {lang: raw[lang].strip() for lang in LANGS}


def _share(raw: object, path: Path, where: str) -> float | None:
    if raw is None:
        return None
    if not isinstance(raw, (int, float)) or not 0 <= raw <= 1:
        raise _fail(path, where, "must be a number between 0 and 1")
    return float(raw)


def _labelled(items: object, path: Path, where: str) -> dict[str, dict[str, str]]:
    if not isinstance(items, list) or not items:
        raise _fail(path, where, "must be a non-empty list of {id, label}")
    out = {}
    for n, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise _fail(path, f"{where}[{n}]", "needs an 'id' and a 'label'")
        out[item["id"]] = lang_map(item.get("label"), path, f"{where}[{n}].label")
    return out


def load_rubric(path: Path, card_ids: set[str] | None = None) -> Rubric:
    """Load and validate rubric.yaml; errors name the file and the field."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except OSError:
        raise _fail(path, "file", "not found or unreadable") from None
    except yaml.YAMLError as exc:
        raise _fail(path, "file", f"invalid YAML ({exc.__class__.__name__})") from None
    if not isinstance(data, dict):
        raise _fail(path, "file", "must be a YAML mapping")
    statuses = data.get("statuses")
    if not isinstance(statuses, dict) or set(statuses) != set(STATUSES):
        raise _fail(path, "statuses", f"must define exactly {list(STATUSES)}")
    scores = {s: statuses[s].get("score") for s in STATUSES}
    if any(scores[s] is None for s in KNOWN) or any(scores[s] is not None
                                                    for s in STATUSES if s not in KNOWN):
        raise _fail(path, "statuses", f"only {list(KNOWN)} carry a score")
    status_labels = {s: lang_map(statuses[s].get("label"), path, f"statuses.{s}.label")
                     for s in STATUSES}
    verdicts = data.get("verdicts")
    if not isinstance(verdicts, dict) or set(verdicts) != set(VERDICTS):
        raise _fail(path, "verdicts", f"must define exactly {list(VERDICTS)}")
    verdict_labels = {v: lang_map(verdicts[v], path, f"verdicts.{v}") for v in VERDICTS}
    sections = _labelled(data.get("sections"), path, "sections")
    proposal_sections = _labelled(data.get("proposal_sections"), path, "proposal_sections")
    items = data.get("criteria")
    if not isinstance(items, list) or not items:
        raise _fail(path, "criteria", "must be a non-empty list")
    criteria: dict[str, Criterion] = {}
    for n, item in enumerate(items):
        where = f"criteria[{n}]"
        if not isinstance(item, dict):
            raise _fail(path, where, "must be a mapping")
        cid = item.get("id")
        if not isinstance(cid, str) or not cid.isidentifier():
            raise _fail(path, f"{where}.id", "must be a snake_case identifier")
        if cid in criteria:
            raise _fail(path, f"{where}.id", f"duplicate criterion id {cid!r}")
        if item.get("section") not in sections:
            raise _fail(path, f"{cid}.section", f"must be one of {list(sections)}")
        gate = item.get("gate")
        if gate is not None and gate not in get_args(Gate):
            raise _fail(path, f"{cid}.gate", f"must be one of {list(get_args(Gate))} or absent")
        if item.get("proposal_section") not in proposal_sections:
            raise _fail(path, f"{cid}.proposal_section",
                        f"must be one of {list(proposal_sections)}")
        cards = item.get("cards")
        if not isinstance(cards, list) or not cards or not all(isinstance(c, str) for c in cards):
            raise _fail(path, f"{cid}.cards", "must be a non-empty list of card ids")
        if card_ids is not None:
            missing = [c for c in cards if c not in card_ids]
            if missing:
                raise _fail(path, f"{cid}.cards", f"unknown card id(s) {missing}")
        na = item.get("not_applicable")
        check = item.get("check")
        answer = item.get("answer", "yes_no")
        if answer not in get_args(AnswerKind):
            raise _fail(path, f"{cid}.answer", f"must be one of {list(get_args(AnswerKind))}")
        criteria[cid] = Criterion(
            id=cid,
            label=lang_map(item.get("label"), path, f"{cid}.label"),
            section=item["section"],
            gate=gate,
            proposal_section=item["proposal_section"],
            question=lang_map(item.get("question"), path, f"{cid}.question"),
            met=lang_map(item.get("met"), path, f"{cid}.met"),
            unmet=lang_map(item.get("unmet"), path, f"{cid}.unmet"),
            cards=tuple(cards),
            follow_up=lang_map(item.get("follow_up"), path, f"{cid}.follow_up"),
            fix=lang_map(item.get("fix"), path, f"{cid}.fix"),
            not_applicable=lang_map(na, path, f"{cid}.not_applicable") if na else None,
            check=lang_map(check, path, f"{cid}.check") if check else None,
            answer=answer,
            unmet_prior=_share(item.get("unmet_prior"), path, f"{cid}.unmet_prior"),
        )
    for key in ("people_criterion", "review_criterion"):
        if data.get(key) is not None and data[key] not in criteria:
            raise _fail(path, key, f"unknown criterion id {data[key]!r}")
    threshold = data.get("needs_info_unknown")
    if not isinstance(threshold, int) or threshold < 1:
        raise _fail(path, "needs_info_unknown", "must be a positive whole number")
    return Rubric(
        criteria=criteria, sections=sections, status_labels=status_labels, scores=scores,
        verdict_labels=verdict_labels, proposal_sections=proposal_sections,
        needs_info_unknown=threshold, people_criterion=data.get("people_criterion"),
        review_criterion=data.get("review_criterion"),
    )
