"""The interview a user goes through: what is asked first, how to answer it, what changed."""

from __future__ import annotations

import json

import pytest
import yaml

from app.assess import assess
from app.backends import make_backends
from app.config import PROJECT_ROOT, Settings
from app.extraction import Finding
from app.interview import questions
from app.knowledge import cached_knowledge
from app.render import render_markdown
from app.runtime import get_runtime

from conftest import run_cli

RUBRIC = cached_knowledge(PROJECT_ROOT / "knowledge").rubric


@pytest.fixture
def backends(settings: Settings):
    return make_backends(settings, get_runtime(settings))


def _decided(**statuses: str) -> dict[str, tuple[Finding, str]]:
    out = {}
    for cid in RUBRIC.ids:
        status = statuses.get(cid, "unknown")
        conf = 0.9 if status != "unknown" else 0.0
        out[cid] = (Finding(status, "the user's words" if status != "unknown" else "", conf),
                    "text")
    return out


def test_unknown_gates_that_could_change_the_verdict_come_first() -> None:
    qs = questions(RUBRIC, _decided(outcome="met", drift="met"), "en")
    first = [q.id for q in qs[:len(RUBRIC.gates())]]
    assert set(first) == set(RUBRIC.gates())  # only gates can change this verdict
    assert all(q.kind == "ask" for q in qs)
    # the gate most likely to turn out unmet (a blocker) is asked first
    prior = {c: RUBRIC.criteria[c].unmet_prior or 0.0 for c in RUBRIC.gates()}
    assert prior[first[0]] == max(prior.values())
    assert [prior[c] for c in first] == sorted(prior.values(), reverse=True)


def test_a_misread_unmet_is_offered_for_correction_first() -> None:
    statuses = dict.fromkeys(RUBRIC.gates(), "met")
    statuses["labels"] = "unmet"
    decided = _decided(**statuses)
    decided["labels"] = (Finding("unmet", "we have no labels", 0.55), "text")
    qs = questions(RUBRIC, decided, "en")
    assert qs[0].id == "labels" and qs[0].kind == "confirm"
    assert qs[0].text.startswith("Did I read this right?")
    assert qs[0].replies[0] == "unmet"  # "yes, that's right" keeps what was read
    # a met reading is not questioned; an answered criterion is not asked again
    assert "data_logged" not in {q.id for q in qs}
    assert "labels" not in {q.id for q in questions(RUBRIC, decided, "en", {"labels"})}


def test_quick_replies_only_under_yes_no_questions() -> None:
    qs = {q.id: q for q in questions(RUBRIC, _decided(), "ja")}
    impact = qs["impact"]
    assert impact.answer == "number" and impact.replies == []
    assert impact.text == RUBRIC.criteria["impact"].follow_up["ja"]
    labels = qs["labels"]
    assert labels.answer == "yes_no" and labels.text.endswith("？")
    assert labels.replies[:3] == ["met", "partial", "unmet"]
    assert "n/a" in qs["fairness"].replies and "n/a" not in labels.replies


def test_each_answer_shows_what_changed(backends) -> None:
    text = ("We get 250 support tickets a day and agents route them by hand. The model would "
            "suggest a team and an agent confirms every suggestion.")
    a0 = assess(text, backends=backends)
    answers = {"labels": "yes", "data_logged": "yes", "impact": "about 7,500 tickets a month"}
    a = assess(text, answers, backends=backends)
    assert [c.criterion for c in a.changes] == list(answers)
    first = a.changes[0]
    assert first.status == (a0.criterion("labels").status, "met")
    assert first.verdict[0] == a0.verdict and first.readiness[0] == a0.readiness
    assert a.changes[-1].verdict[1] == a.verdict and a.changes[-1].readiness[1] == a.readiness
    assert a.criterion("impact").status in ("met", "partial")
    # the evidence is the user's answer, never a status code or a button label
    assert a.criterion("labels").evidence.startswith("Answered “yes” to:")
    assert a.criterion("impact").evidence == "about 7,500 tickets a month"
    md = render_markdown(a, backends.knowledge)
    assert "What your answers changed" in md and "→" in md


def test_japanese_answers_change_the_verdict(backends) -> None:
    text = "問い合わせの振り分けをAIでやりたい。"
    answers = {c: "はい" for c in RUBRIC.gates()}
    answers["impact"] = "月に約4,000件あり、1件あたり20分ほどかかっています。"
    answers["fairness"] = "対象外"
    a = assess(text, answers, backends=backends)
    assert a.verdict == "ml_fit", a.statuses
    assert a.changes[-1].verdict[1] == "ml_fit"
    assert a.criterion("labels").evidence.startswith("「")
    assert "回答で変わったこと" in render_markdown(a, backends.knowledge)


def test_cli_answers_file_reports_changes(cli_env, tmp_path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump({"ml_needed": "no"}), encoding="utf-8")
    proc = run_cli(["assess", "-", "--answers", str(answers), "--json"], cli_env,
                   stdin="We want ML to predict which invoices are late, 5,000 a month.")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["verdict"] == "not_ml"
    change = out["changes"][0]
    assert change["criterion"] == "ml_needed" and change["status"][1] == "unmet"
    assert change["verdict"][1] == "not_ml"
    assert out["interview"] and all(q["id"] != "ml_needed" for q in out["interview"])


def test_a_shaky_met_reading_of_a_gate_is_offered_for_correction() -> None:
    # Every gate read as met: "ML fits". A misread "met" (say, labels from a sentence that
    # only mentions the data) would stand for good unless the user is asked to check it.
    gates = {c: "met" for c in RUBRIC.ids if RUBRIC.criteria[c].gate}
    decided = _decided(**gates)
    assert RUBRIC.decide_verdict({c: decided[c][0].status for c in RUBRIC.ids}) == "ml_fit"
    decided["labels"] = (Finding("met", "we keep the tickets", 0.55), "text")
    qs = questions(RUBRIC, decided, "en")
    confirm = [q for q in qs if q.kind == "confirm"]
    assert [q.id for q in confirm] == ["labels"]  # only the shaky one, not the sure ones
    assert confirm[0].text.startswith("Did I read this right?")
    assert confirm[0].replies[0] == "met"  # "yes, that's right" first
