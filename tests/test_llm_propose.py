"""Proposal drafts in LLM mode: the LLM rewrites the offline draft, citations are validated,
and any failure falls back to the offline draft with a notice."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from app.assess import assess
from app.backends import make_backends
from app.config import Settings
from app.propose import propose
from app.runtime import get_runtime

from fakes import FakeOpenAIServer, Fault
from llm_helpers import FAKE_KEY, llm_settings, system_text

PROBLEM = (
    "We get about 250 support tickets a day. Agents have routed and tagged every ticket by "
    "hand for three years in Zendesk. Misroutes are 18% today. The model would suggest a "
    "team and an agent confirms every suggestion."
)
LLM_PROPOSAL = """# Support ticket routing: ML proposal

## Problem and outcome
Route tickets to the right team faster, cutting misroutes from 18% [criterion-outcome].

## Why ML, and the baseline
Keyword rules are the baseline to beat [heuristics-first] [made-up-card].

## MVP plan
Start in shadow mode, then suggest with an agent confirming [shadow-mode-launch].
"""


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer() as fake:
        yield fake


def test_llm_proposal_keeps_only_valid_citations(home, server) -> None:
    settings = llm_settings(home, server.base_url)
    rt = get_runtime(settings)
    offline = assess(PROBLEM, backends=make_backends(Settings(home=home)))
    server.default_reply = LLM_PROPOSAL
    p = propose(PROBLEM, offline, backends=make_backends(settings, rt))
    assert p.mode == "llm"
    assert "made-up-card" not in p.markdown
    body, refs = p.markdown.split("## References", 1)
    cited_in_body = set(re.findall(r"\[([a-z0-9-]+)\]", body))
    assert cited_in_body == set(p.cited_cards)
    for card in p.cited_cards:
        assert f"[{card}]" in refs
    # The model was grounded: the offline draft and the cards were in its prompt, the
    # user's text came as the user message, and the key never reached the prompt.
    body_sent = server.chat_requests[-1].json
    system = system_text(body_sent)
    assert "<draft>" in system and "[criterion-labels]" in system
    assert FAKE_KEY not in system


@pytest.mark.parametrize("reply", [Fault.server_error(status=500, times=5), "too short"])
def test_llm_proposal_failure_falls_back_to_the_offline_draft(home, server, reply) -> None:
    settings = llm_settings(home, server.base_url, llm_max_retries=0)
    rt = get_runtime(settings)
    offline = assess(PROBLEM, backends=make_backends(Settings(home=home)))
    server.default_reply = reply
    p = propose(PROBLEM, offline, backends=make_backends(settings, rt))
    assert p.mode == "offline"
    assert p.notices and "offline draft" in p.notices[-1]
    assert "## 5. MVP plan" in p.markdown and "## References" in p.markdown
    assert FAKE_KEY not in " ".join(p.notices)
