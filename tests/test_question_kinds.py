"""The eval's question kinds: padding of questions no card answers, wrongly refused ones,
and follow-ups asked with their history."""

from __future__ import annotations

from app.backends import make_backends
from app.config import Settings
from app.evaluation.question_runner import run_questions
from app.evaluation.scenarios import Question, Suite


def test_padding_and_refusals_are_counted_per_kind(settings: Settings) -> None:
    suite = Suite(questions=[
        Question(id="p", lang="en", question="Why run a model in shadow mode before launch?",
                 expected_cards=["shadow-mode-launch"]),
        Question(id="o", lang="ja", kind="offtopic", question="月次の売上を出すSQLを書いて"),
        Question(id="f", lang="en", kind="followup", question="And where do labels come from?",
                 history=["We want to route support tickets; agents tag each ticket."],
                 expected_cards=["criterion-labels", "proxy-labels", "labelling-strategy",
                                 "automate-logged-manual-work"]),
    ])
    metrics, rows = run_questions(make_backends(settings), suite)
    assert metrics["offtopic_questions"] == 1 and metrics["offtopic_padded"] == 0
    assert metrics["ontopic_refused_rate"] == 0.0
    assert set(metrics["retrieval_by_kind"]) == {"principle", "followup"}
    by_id = {r["id"]: r for r in rows}
    assert by_id["o"]["cited"] == [] and by_id["o"]["hit@5"] is None
    assert by_id["f"]["hit@5"] == 1.0
