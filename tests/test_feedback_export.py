"""`mlscope feedback export` writes thumbs-down items as loadable candidate scenarios."""

from __future__ import annotations

from pathlib import Path

from app.config import Settings
from app.evaluation.scenarios import load_file
from app.store import browser_owner, get_store

from conftest import run_cli


def test_export_thumbs_down_as_scenarios(home: Path, cli_env: dict, tmp_path: Path) -> None:
    store = get_store(Settings(home=home)).for_owner(browser_owner("d" * 32))
    cid = store.create_conversation()
    store.save_feedback(cid, "message:1", kind="answer", rating=-1, reason="wrong_evidence",
                        comment="cited the wrong card\n# not yaml: [", question=
                        "ベースラインを先に測るべき理由は？", answer="...",
                        card_ids=["non-ml-benchmark", "user-abc"], mode="offline",
                        language="ja")
    store.save_feedback(cid, "assessment:1", kind="assessment", rating=-1,
                        reason="wrong_verdict", question="We route 300 tickets a day by hand.",
                        answer="...", card_ids=[], mode="offline", verdict="needs_info")
    store.save_feedback(cid, "message:2", kind="answer", rating=1, question="liked it",
                        card_ids=["non-ml-benchmark"])
    out = tmp_path / "candidates.yaml"
    result = run_cli(["feedback", "export", "--out", str(out)], cli_env)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "# review:" in text and "liked it" not in text
    from app.config import PROJECT_ROOT
    from app.knowledge import load_knowledge

    suite = load_file(out, load_knowledge(PROJECT_ROOT / "knowledge"))
    assert [(s.lang, s.expected.verdict) for s in suite.scenarios] == [("en", "needs_info")]
    assert [(q.lang, q.expected_cards) for q in suite.questions] == [
        ("ja", ["non-ml-benchmark"])]
    assert "1 scenario(s), 1 question(s)" in result.stderr
