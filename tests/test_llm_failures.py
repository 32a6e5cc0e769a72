"""Every LLM failure ends in the offline answer with a one-line notice, after a bounded
number of requests, and the API key never shows up anywhere."""

from __future__ import annotations

import json
import time

import pytest

from app.backends import make_backends
from app.backends.llm_answer import STREAM_BREAK
from app.chat import answer

from conftest import free_port, run_cli
from fakes import FakeOpenAIServer, Fault
from llm_helpers import FAKE_KEY, llm_settings

QUESTION = "Why should we try a rule-based baseline before machine learning?"


@pytest.fixture
def server():
    with FakeOpenAIServer() as fake:
        yield fake


@pytest.mark.parametrize(
    ("fault", "requests", "says"),
    [
        (Fault.unauthorized(times=5), 1, "rejected the API key (401): check OPENAI_API_KEY"),
        (Fault.rate_limit(times=5), 2, "rate-limiting requests (429) after 1 retry"),
        (Fault.server_error(503, times=5), 2, "server error (503) after 1 retry"),
        (Fault.timeout(5, times=5), 2, "did not answer within 0.5 s after 1 retry"),
        (Fault.connection_drop(times=5), 2, "Cannot connect to the LLM endpoint"),
        (Fault.truncated_stream(), 1, "ended the answer stream early"),
        (Fault.truncated_stream(abrupt=True), 1, ""),
        (Fault.malformed_stream(), 1, "malformed response stream"),
    ],
    ids=["401", "429", "503", "timeout", "drop", "truncated", "abrupt", "malformed"],
)
def test_failure_falls_back_to_offline_with_notice(home, server, caplog, fault, requests,
                                                     says) -> None:
    server.script([fault])
    tokens: list[str] = []
    settings = llm_settings(home, server.base_url, llm_timeout_s=0.5)
    started = time.monotonic()
    result = answer(QUESTION, backends=make_backends(settings), on_token=tokens.append)
    assert time.monotonic() - started < 30
    assert result.mode == "offline" and result.model is None
    assert result.citations and result.grounding == "cards"  # the real offline answer
    (notice,) = result.notices
    assert says in notice and notice.endswith("Showing the offline answer.")
    assert "\n" not in notice
    assert len(server.chat_requests) == requests
    streamed = "".join(tokens)
    if STREAM_BREAK in streamed:
        # Half an LLM answer was shown: a separator and the notice come before the offline one.
        partial, rest = streamed.split(STREAM_BREAK, 1)
        assert partial and notice in rest and rest.endswith(result.text)
    else:
        assert streamed == result.text
    everything = streamed + result.text + json.dumps(result.as_dict()) + caplog.text
    assert FAKE_KEY not in everything


def test_stream_that_fails_midway_shows_a_separator(home) -> None:
    long_reply = "Measure the current process first and keep it as the baseline. " * 4
    with FakeOpenAIServer(default_reply=long_reply) as server:
        server.script([Fault.truncated_stream(abrupt=True)])
        tokens: list[str] = []
        result = answer(QUESTION, backends=make_backends(llm_settings(home, server.base_url)),
                        on_token=tokens.append)
    streamed = "".join(tokens)
    partial, rest = streamed.split(STREAM_BREAK, 1)
    assert partial.startswith("Measure the current process")
    assert rest.startswith("⚠ " + result.notices[0]) and rest.endswith(result.text)
    assert result.mode == "offline" and "Measure the current" not in result.text


def test_connection_refused_is_bounded(home) -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    started = time.monotonic()
    result = answer(QUESTION, backends=make_backends(llm_settings(home, url)))
    assert time.monotonic() - started < 20
    assert result.mode == "offline"
    assert "Cannot connect to the LLM endpoint at http://127.0.0.1" in result.notices[0]


def test_base_url_without_v1_works(home, server) -> None:
    server.script(["Root URL works."])
    result = answer(QUESTION, backends=make_backends(llm_settings(home, server.url)))
    assert result.mode == "llm" and server.chat_requests[0].path == "/v1/chat/completions"


def test_cli_ask_json_never_leaks_the_key(home, cli_env) -> None:
    with FakeOpenAIServer(api_key="sk-the-right-key") as server:  # so ours gets a 401
        env = {**cli_env, "OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": FAKE_KEY,
               "MLSCOPE_LLM_MAX_RETRIES": "1", "MLSCOPE_LLM_TIMEOUT_S": "2"}
        proc = run_cli(["ask", QUESTION, "--json"], env)
        text_proc = run_cli(["ask", QUESTION], env)
        requests = len(server.chat_requests)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["mode"] == "offline" and "401" in out["notice"]
    assert "Traceback" not in proc.stderr + text_proc.stderr
    assert requests == 2  # one per command: a 401 is never retried
    leaked = [proc.stdout, proc.stderr, text_proc.stdout, text_proc.stderr]
    for path in home.rglob("*"):
        if path.is_file() and path.stat().st_size < 50_000_000:
            leaked.append(path.read_bytes().decode("utf-8", "replace"))
    assert not any(FAKE_KEY in chunk for chunk in leaked)


def test_cli_ask_json_llm_mode(home, cli_env) -> None:
    with FakeOpenAIServer() as server:
        server.script(["A streamed answer from the endpoint."])
        env = {**cli_env, "OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": FAKE_KEY}
        proc = run_cli(["ask", QUESTION, "--json"], env)
    out = json.loads(proc.stdout)
    assert out["mode"] == "llm" and out["answer"] == "A streamed answer from the endpoint."
    assert FAKE_KEY not in proc.stdout + proc.stderr
