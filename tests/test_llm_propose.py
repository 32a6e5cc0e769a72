"""Proposal drafts in LLM mode: the LLM rewrites the offline draft, citations are validated,
the rewrite must pass the same consistency checks as the offline draft, and any failure
falls back to the offline draft with a notice."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from app.assess import assess
from app.backends import make_backends
from app.config import Settings
from app.proposal.checks import check_proposal
from app.propose import propose, split_references
from app.runtime import get_runtime

from fakes import FakeOpenAIServer, Fault
from llm_helpers import FAKE_KEY, llm_settings, system_text

PROBLEM = (
    "We get about 250 support tickets a day. Agents have routed and tagged every ticket by "
    "hand for three years in Zendesk. Misroutes are 18% today. The model would suggest a "
    "team and an agent confirms every suggestion."
)


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer() as fake:
        yield fake


def _offline(home):
    backends = make_backends(Settings(home=home))
    a = assess(PROBLEM, backends=backends)
    return a, propose(PROBLEM, a, backends=backends)


def test_llm_rewrite_keeps_only_valid_citations_and_passes_the_checks(home, server) -> None:
    settings = llm_settings(home, server.base_url)
    rt = get_runtime(settings)
    a, offline = _offline(home)
    # A rewrite in the model's own words, with one invented citation.
    body = split_references(offline.markdown, "en")
    server.default_reply = (body.replace("## Summary", "## Summary\n\nIn short: this is worth "
                                         "a pilot [made-up-card].", 1)
                            .replace("**Recommendation.**", "**What we recommend.**"))
    p = propose(PROBLEM, a, backends=make_backends(settings, rt))
    assert p.mode == "llm" and "What we recommend." in p.markdown
    assert "made-up-card" not in p.markdown
    head, refs = p.markdown.split("## References", 1)
    assert set(re.findall(r"\[([a-z0-9-]+)\]", head)) == set(p.cited_cards)
    for card in p.cited_cards:
        assert f"[{card}]" in refs
    assert all(c.passed for c in check_proposal(
        p.markdown, problem=a.problem, verdict=a.verdict, lang="en",
        supplied=p.supplied_cards, cited=p.cited_cards))
    # The model was grounded: the offline draft and the cards were in its prompt, the
    # user's text came as the user message, and the key never reached the prompt.
    system = system_text(server.chat_requests[-1].json)
    assert "<draft>" in system and "## Plan" in system and "[build-vs-buy]" in system
    assert "900 words" in system and FAKE_KEY not in system


def test_llm_rewrite_that_breaks_a_check_keeps_the_offline_draft(home, server) -> None:
    settings = llm_settings(home, server.base_url)
    rt = get_runtime(settings)
    a, offline = _offline(home)
    body = split_references(offline.markdown, "en")
    # The model "improves" a number inside the user's quote.
    server.default_reply = body.replace("250 support tickets a day", "25 0 support tickets")
    server.default_reply = server.default_reply.replace(
        "> We get about 250", "> We get about 2. 50")
    p = propose(PROBLEM, a, backends=make_backends(settings, rt))
    assert p.mode == "offline" and p.markdown == offline.markdown
    assert p.notices and "quotes_intact" in p.notices[-1] and "offline draft" in p.notices[-1]


@pytest.mark.parametrize("reply", [Fault.server_error(status=500, times=5), "too short"])
def test_llm_proposal_failure_falls_back_to_the_offline_draft(home, server, reply) -> None:
    settings = llm_settings(home, server.base_url, llm_max_retries=0)
    rt = get_runtime(settings)
    offline = assess(PROBLEM, backends=make_backends(Settings(home=home)))
    server.default_reply = reply
    p = propose(PROBLEM, offline, backends=make_backends(settings, rt))
    assert p.mode == "offline"
    assert p.notices and "offline draft" in p.notices[-1]
    assert "## Plan" in p.markdown and "## References" in p.markdown
    assert FAKE_KEY not in " ".join(p.notices)
