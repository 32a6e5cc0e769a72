"""The eval suite: scenario validation, metrics by hand, reports, the gate and compare."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.config import PROJECT_ROOT
from app.errors import KnowledgeError
from app.evaluation import metrics
from app.evaluation.scenarios import load_file
from app.knowledge import cached_knowledge

from conftest import run_cli

SCENARIO = """scenarios:
  - id: tiny-tax
    lang: en
    problem: |
      We issue about 15 invoices a month and the tax rate is fixed by law.
    expected:
      verdict: not_ml
      unmet: [ml_needed]
      approach: rules
      checklist:
        - {id: rule, points: 2, match: "rule"}
        - {id: promise, points: -3, match: "\\\\d{2} ?% accuracy"}
questions:
  - id: labels-q
    lang: en
    question: What is a proxy label?
    expected_cards: [proxy-labels]
"""


def test_bad_scenarios_name_file_id_and_field(tmp_path: Path) -> None:
    bad_verdict = tmp_path / "bad.yaml"
    bad_verdict.write_text(SCENARIO.replace("verdict: not_ml", "verdict: maybe"))
    with pytest.raises(KnowledgeError) as err:
        load_file(bad_verdict)
    assert "bad.yaml" in str(err.value) and "'tiny-tax'" in str(err.value)
    assert "expected.verdict" in str(err.value)

    bad_criterion = tmp_path / "crit.yaml"
    bad_criterion.write_text(SCENARIO.replace("[ml_needed]", "[ml_required]"))
    with pytest.raises(KnowledgeError, match=r"crit.yaml: scenario 'tiny-tax': field "
                                             r"'expected.unmet'.*ml_required"):
        load_file(bad_criterion, KNOWLEDGE)

    bad_card = tmp_path / "card.yaml"
    bad_card.write_text(SCENARIO.replace("[proxy-labels]", "[no-such-card]"))
    with pytest.raises(KnowledgeError, match="question 'labels-q'.*expected_cards"):
        load_file(bad_card, KNOWLEDGE)


KNOWLEDGE = cached_knowledge(PROJECT_ROOT / "knowledge")


def test_metrics_by_hand() -> None:
    ranked = ["a", "b", "c", "d", "e"]
    assert metrics.hit_at_k(ranked, ["c"], 1) == 0 and metrics.hit_at_k(ranked, ["c"], 3) == 1
    assert metrics.mrr_at_k(ranked, ["c", "z"], 5) == pytest.approx(1 / 3)
    assert metrics.recall_at_k(ranked, ["a", "z"], 5) == 0.5
    prf = metrics.prf([({"x", "y"}, {"x"}), (set(), {"z"})])
    assert (prf["precision"], prf["recall"]) == (0.5, 0.5)
    score, violated, _ = metrics.checklist([("a", 2, "rule"), ("b", -3, "guarantee")],
                                           "a rule and a guarantee")
    assert score == 0 and violated  # (2 - 3) / 2 clipped to 0
    assert metrics.percentile([1, 2, 3, 4, 100], 50) == 3


def test_eval_cli_writes_reports_gates_and_compares(cli_env, tmp_path: Path) -> None:
    suite = tmp_path / "suite.yaml"
    suite.write_text(SCENARIO)
    report = tmp_path / "report"
    proc = run_cli(["eval", "--scenarios", str(suite), "--report", str(report), "--json"],
                   cli_env)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["metrics"]["scenarios"] == 1 and data["metrics"]["questions"] == 1
    assert data["scenarios"][0]["verdict"] == "not_ml"
    # Every scenario's proposal is drafted and checked; the approach is scored.
    prop = data["metrics"]["proposal"]
    assert prop["checks_pass_rate"] == 1.0 and set(prop["per_check"]) == {
        "plan_matches_verdict", "quotes_intact", "citations_valid", "length", "language"}
    assert prop["length"]["en"]["median"] <= prop["length"]["en"]["budget"]
    assert data["metrics"]["approach_accuracy"] == 1.0
    assert data["scenarios"][0]["proposal"]["approach"] == "rules"
    assert "proposal_checks_pass_rate" in (report / "report.md").read_text()
    for name in ("report.json", "report.md", "junit.xml", "report.html"):
        assert (report / name).stat().st_size > 0
    html = (report / "report.html").read_text()
    assert "<svg" in html and "http" not in html.replace("http://www.w3.org/2000/svg", "")

    # A scenario the assessor gets wrong drops verdict accuracy below the gate's floor.
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(SCENARIO.replace("verdict: not_ml", "verdict: ml_fit")
                     .replace("unmet: [ml_needed]", "unmet: []"))
    gated = run_cli(["eval", "--scenarios", str(wrong), "--gate", "--report",
                     str(tmp_path / "r2")], cli_env)
    assert gated.returncode == 1 and "gate failed" in gated.stderr

    cmp = run_cli(["eval", "--compare", str(report / "report.json"),
                   str(tmp_path / "r2" / "report.json")], cli_env)
    assert cmp.returncode == 0
    assert "scenario tiny-tax: not_ml (pass) -> not_ml (fail)" in cmp.stdout
