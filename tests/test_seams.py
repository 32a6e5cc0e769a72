"""The seams: a provider is one module plus a registry line; a criterion is data only."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from app.assess import assess
from app.backends import make_backends
from app.chat import answer
from app.config import PROJECT_ROOT, Settings
from app.knowledge import cached_knowledge

import fakes.scripted as scripted
from conftest import run_cli

QUESTION = "Why should we try a rule-based baseline before machine learning?"


def test_a_registered_provider_drives_every_llm_role(home: Path) -> None:
    settings = Settings(home=home, provider="scripted", chat_model="scripted-1")
    scripted.SCRIPT[:] = ["Measure a simple rule first [heuristics-first] [made-up-card]."]
    backends = make_backends(settings)
    assert backends.mode == "llm" and backends.label == "llm: scripted-1"
    tokens: list[str] = []
    result = answer(QUESTION, backends=backends, on_token=tokens.append)
    assert result.mode == "llm" and result.model == "scripted-1"
    assert "[made-up-card]" not in result.text  # a card that was not retrieved is dropped
    assert [c.id for c in result.citations] == ["heuristics-first"]
    assert "".join(tokens).strip() == result.text
    # The scripted model has no structured output: the filler falls back, with a notice.
    a = assess("We get 300 tickets a day and agents tag each one when they close it.",
               backends=backends)
    assert a.mode == "offline" and a.notices


def _with_a_new_criterion(tmp_path: Path) -> Path:
    kb = tmp_path / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", kb)
    (kb / "cards" / "criterion-carbon-cost.md").write_text(
        "---\nid: criterion-carbon-cost\ntitle: Carbon cost is known\n"
        "title_ja: 炭素コストが分かっている\ntags: [criterion]\ncriteria: [carbon_cost]\n"
        "sources: [\"test fixture\"]\n---\n## English\nEstimate the energy of training and "
        "serving.\n\n## 日本語\n学習と推論のエネルギーを見積もります。\n", encoding="utf-8")
    rubric = yaml.safe_load((kb / "rubric.yaml").read_text(encoding="utf-8"))
    both = {"en": "Is the carbon cost known?", "ja": "炭素コストは分かっていますか？"}
    rubric["criteria"].append({
        "id": "carbon_cost", "label": {"en": "Carbon cost", "ja": "炭素コスト"},
        "section": "operations", "proposal_section": "ops", "question": both, "met": both,
        "unmet": both, "cards": ["criterion-carbon-cost"], "follow_up": both, "fix": both})
    (kb / "rubric.yaml").write_text(yaml.safe_dump(rubric, allow_unicode=True),
                                    encoding="utf-8")
    return kb


def test_a_new_criterion_is_data_only(tmp_path: Path, cli_env: dict[str, str]) -> None:
    kb = _with_a_new_criterion(tmp_path)
    env = {**cli_env, "MLSCOPE_KNOWLEDGE_DIR": str(kb)}
    proc = run_cli(["assess", "-", "--json"], env, stdin=(
        "We get 250 support tickets a day; agents have tagged every ticket by hand for three "
        "years, and the model would suggest a team that an agent confirms."))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    ids = [c["id"] for c in out["criteria"]]
    base = cached_knowledge(PROJECT_ROOT / "knowledge").rubric.ids
    assert ids == [*base, "carbon_cost"]
    assert out["criteria"][-1]["status"] == "unknown"  # no extractor data for it yet
    assert "Is the carbon cost known?" in out["follow_up_questions"]
    assert out["coverage"]["applicable"] >= len(base) - 1
