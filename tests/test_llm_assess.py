"""LLM assessment through structured output; the verdict stays rule-based; bad output or a
failing endpoint falls back to the offline extractor with a notice."""

from __future__ import annotations

import pytest

from app.assess import assess
from app.backends import make_backends
from app.config import PROJECT_ROOT
from app.knowledge import cached_knowledge

from fakes import FakeOpenAIServer, Fault
from llm_helpers import FAKE_KEY, llm_settings

PROBLEM = ("We get about 250 support tickets a day and three agents route them by hand. "
           "We log every ticket and the team it finally went to. "
           "We want to route them automatically to cut the waiting time.")

RUBRIC = cached_knowledge(PROJECT_ROOT / "knowledge").rubric
RUBRIC_IDS = RUBRIC.ids


@pytest.fixture
def server():
    with FakeOpenAIServer() as fake:
        yield fake


def judgement(**statuses: tuple[str, str]) -> dict:
    out = {cid: {"status": "unknown", "evidence": ""} for cid in RUBRIC_IDS}
    for cid, (status, evidence) in statuses.items():
        out[cid] = {"status": status, "evidence": evidence}
    return out


def test_llm_fills_statuses_and_rules_decide_the_verdict(home, server) -> None:
    server.script([judgement(
        data_logged=("met", "We log every ticket and the team it finally went to."),
        labels=("met", "the team it finally went to"),
        ml_needed=("unmet", "three agents route them by hand"),
        action=("met", "This sentence was never written by the user."),
    )])
    result = assess(PROBLEM, backends=make_backends(llm_settings(home, server.base_url)))
    assert result.mode == "llm"
    assert result.notices == ["1 of the LLM's statuses had no supporting quote from your text, "
                              "so they are marked unknown."]
    statuses = {c.id: c.status for c in result.criteria}
    assert result.verdict == RUBRIC.decide_verdict(statuses) == "not_ml"
    assert result.criterion("labels").evidence == "the team it finally went to"
    # Invented evidence is blanked, and a status without evidence is not trusted.
    assert (result.criterion("action").status, result.criterion("action").evidence) == (
        "unknown", "")
    request = server.chat_requests[0].json
    assert request["tool_choice"]["function"]["name"] == "ScopingJudgement"
    assert "<problem>" in request["messages"][-1]["content"]
    assert PROBLEM not in request["messages"][0]["content"]  # the problem is data, not system


@pytest.mark.parametrize(
    ("reply", "says"),
    [
        (Fault.invalid_json_output(), "invalid structured assessment"),
        ({"outcome": {"status": "maybe", "evidence": ""}}, "invalid structured assessment"),
        (judgement(**{c: ("met", "not in the text") for c in RUBRIC_IDS}), "not grounded"),
        (Fault.unauthorized(), "401"),
        (Fault.server_error(500, times=5), "server error (500)"),
    ],
    ids=["bad-json", "bad-schema", "ungrounded", "401", "500"],
)
def test_invalid_output_or_failure_falls_back_to_offline(home, server, caplog, reply,
                                                         says) -> None:
    server.script([reply])
    settings = llm_settings(home, server.base_url)
    result = assess(PROBLEM, backends=make_backends(settings))
    from app.config import Settings

    offline = assess(PROBLEM, backends=make_backends(Settings(home=home)))
    assert result.mode == "offline"
    assert [c.status for c in result.criteria] == [c.status for c in offline.criteria]
    (notice,) = result.notices
    assert says in notice and "offline extractor" in notice
    assert len(server.chat_requests) <= 1 + settings.llm_max_retries
    assert FAKE_KEY not in notice + caplog.text + str(result.as_dict())


def test_offline_assessment_unchanged_without_endpoint(settings) -> None:
    result = assess(PROBLEM, backends=make_backends(settings))
    assert result.mode == "offline" and not result.notices
