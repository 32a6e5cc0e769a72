"""The fake OpenAI server behaves like the real API for the real clients we use.

Every test talks to a running server over loopback with the real ``openai`` client,
``langchain-openai`` or plain ``http.client``; nothing is patched.
"""

from __future__ import annotations

import http.client
import json
import math
import time
from collections.abc import Iterator

import openai
import pytest
from langchain_openai import ChatOpenAI
from pydantic import BaseModel

from fakes import FakeOpenAIServer, Fault

MESSAGES = [
    {"role": "system", "content": "Cite the cards."},
    {"role": "user", "content": "Card no-data-no-ml: No logged data, no ML. Does this suit ML?"},
]


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer() as fake:
        yield fake


def client_for(server: FakeOpenAIServer, **kwargs: object) -> openai.OpenAI:
    options: dict = {"base_url": server.base_url, "api_key": "test", "max_retries": 0}
    options.update(kwargs)
    return openai.OpenAI(**options)


def raw_request(
    server: FakeOpenAIServer, method: str, path: str, body: dict | None = None
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        payload = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json"} if payload else {}
        conn.request(method, path, body=payload, headers=headers)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def sse_payloads(raw: bytes) -> list[str]:
    return [line[6:] for line in raw.decode().splitlines() if line.startswith("data: ")]


# -- lifecycle -------------------------------------------------------------------------


def test_base_url_is_loopback_with_v1_and_stop_closes_the_port() -> None:
    fake = FakeOpenAIServer().start()
    port = fake.port
    assert fake.base_url == f"http://127.0.0.1:{port}/v1"
    fake.stop()
    fake.stop()  # idempotent
    with pytest.raises(OSError):
        http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()


# -- chat: normal replies ----------------------------------------------------------------


def test_non_streamed_reply_returns_scripted_text_and_echoes_model(
    server: FakeOpenAIServer,
) -> None:
    server.script(["First answer.", "Second answer."])
    client = client_for(server)

    first = client.chat.completions.create(model="my-model", messages=MESSAGES)
    second = client.chat.completions.create(model="my-model", messages=MESSAGES)
    third = client.chat.completions.create(model="my-model", messages=MESSAGES)

    assert first.choices[0].message.content == "First answer."
    assert first.choices[0].finish_reason == "stop"
    assert first.model == "my-model"
    assert first.usage is not None and first.usage.completion_tokens > 0
    assert second.choices[0].message.content == "Second answer."
    assert third.choices[0].message.content == server.default_reply


def test_streamed_reply_arrives_in_several_chunks_and_assembles(
    server: FakeOpenAIServer,
) -> None:
    text = "Start with a heuristic baseline. まずはルールで試しましょう。"
    server.script([text])
    stream = client_for(server).chat.completions.create(
        model="gpt-4o-mini",
        messages=MESSAGES,
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)

    content = [c.choices[0].delta.content for c in chunks if c.choices]
    assert "".join(x or "" for x in content) == text
    assert sum(1 for x in content if x) >= 5
    assert all(c.object == "chat.completion.chunk" for c in chunks)
    finishes = [c.choices[0].finish_reason for c in chunks if c.choices]
    assert finishes[-1] == "stop" and set(finishes[:-1]) == {None}
    assert chunks[-1].choices == [] and chunks[-1].usage.completion_tokens > 0


def test_raw_stream_ends_with_done_and_has_no_usage_unless_asked(
    server: FakeOpenAIServer,
) -> None:
    status, headers, raw = raw_request(
        server,
        "POST",
        "/v1/chat/completions",
        {"model": "m", "messages": MESSAGES, "stream": True},
    )
    payloads = sse_payloads(raw)
    assert status == 200
    assert headers["Content-Type"].startswith("text/event-stream")
    assert payloads[-1] == "[DONE]"
    assert all("usage" not in json.loads(p) for p in payloads[:-1])


def test_callable_reply_sees_the_request(server: FakeOpenAIServer) -> None:
    server.script([lambda body: f"you sent {len(body['messages'])} messages"])
    reply = client_for(server).chat.completions.create(model="m", messages=MESSAGES)
    assert reply.choices[0].message.content == "you sent 2 messages"


# -- chat: structured output ---------------------------------------------------------------

TOOL = {
    "type": "function",
    "function": {
        "name": "record_assessment",
        "parameters": {"type": "object", "properties": {"verdict": {"type": "string"}}},
    },
}
VERDICT = {"verdict": "not_yet", "readiness": 0.25, "note": "ラベルがない"}


def test_dict_reply_becomes_a_tool_call_when_tools_are_requested(
    server: FakeOpenAIServer,
) -> None:
    server.script([VERDICT])
    reply = client_for(server).chat.completions.create(
        model="m", messages=MESSAGES, tools=[TOOL], tool_choice="required"
    )
    choice = reply.choices[0]
    assert choice.finish_reason == "tool_calls"
    (call,) = choice.message.tool_calls
    assert call.function.name == "record_assessment"
    assert json.loads(call.function.arguments) == VERDICT


def test_streamed_tool_call_arguments_assemble_to_json(server: FakeOpenAIServer) -> None:
    server.script([VERDICT])
    chunks = list(
        client_for(server).chat.completions.create(
            model="m", messages=MESSAGES, tools=[TOOL], stream=True
        )
    )
    calls = [tc for c in chunks for tc in (c.choices[0].delta.tool_calls or [])]
    assert calls[0].function.name == "record_assessment"
    assert json.loads("".join(tc.function.arguments or "" for tc in calls)) == VERDICT
    assert chunks[-1].choices[0].finish_reason == "tool_calls"


def test_dict_reply_is_json_content_for_response_format(server: FakeOpenAIServer) -> None:
    server.script([VERDICT])
    reply = client_for(server).chat.completions.create(
        model="m",
        messages=MESSAGES,
        response_format={
            "type": "json_schema",
            "json_schema": {"name": "a", "schema": {"type": "object"}},
        },
    )
    assert json.loads(reply.choices[0].message.content) == VERDICT


def test_invalid_json_output_is_not_parseable(server: FakeOpenAIServer) -> None:
    server.script([Fault.invalid_json_output(), Fault.invalid_json_output()])
    client = client_for(server)
    as_tool = client.chat.completions.create(model="m", messages=MESSAGES, tools=[TOOL])
    as_text = client.chat.completions.create(
        model="m", messages=MESSAGES, response_format={"type": "json_object"}
    )
    with pytest.raises(json.JSONDecodeError):
        json.loads(as_tool.choices[0].message.tool_calls[0].function.arguments)
    with pytest.raises(json.JSONDecodeError):
        json.loads(as_text.choices[0].message.content)


# -- chat: faults --------------------------------------------------------------------------


def test_unauthorized_raises_authentication_error(server: FakeOpenAIServer) -> None:
    server.script([Fault.unauthorized()])
    with pytest.raises(openai.AuthenticationError) as info:
        client_for(server).chat.completions.create(model="m", messages=MESSAGES)
    assert info.value.status_code == 401
    assert info.value.code == "invalid_api_key"


def test_configured_api_key_rejects_other_keys() -> None:
    with FakeOpenAIServer(api_key="sk-right") as fake:
        with pytest.raises(openai.AuthenticationError):
            client_for(fake, api_key="sk-wrong").models.list()
        assert [m.id for m in client_for(fake, api_key="sk-right").models.list()]


def test_rate_limit_raises_rate_limit_error_with_retry_after(server: FakeOpenAIServer) -> None:
    server.script([Fault.rate_limit(retry_after=0)])
    with pytest.raises(openai.RateLimitError) as info:
        client_for(server).chat.completions.create(model="m", messages=MESSAGES)
    assert info.value.response.headers["retry-after"] == "0"
    assert len(server.chat_requests) == 1


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_raise_internal_server_error(server: FakeOpenAIServer, status: int) -> None:
    server.script([Fault.server_error(status)])
    with pytest.raises(openai.InternalServerError) as info:
        client_for(server).chat.completions.create(model="m", messages=MESSAGES)
    assert info.value.status_code == status


def test_repeated_fault_then_queue_continues_and_retries_are_recorded(
    server: FakeOpenAIServer,
) -> None:
    server.script([Fault.rate_limit(retry_after=0.01, times=2), "recovered"])
    assert server.pending == 3
    client = client_for(server, max_retries=2)
    reply = client.chat.completions.create(model="m", messages=MESSAGES)
    assert reply.choices[0].message.content == "recovered"
    assert len(server.chat_requests) == 3  # two 429s, then the success
    assert server.pending == 0


def test_timeout_raises_api_timeout_error_and_server_keeps_serving(
    server: FakeOpenAIServer,
) -> None:
    server.script([Fault.timeout(2.0), "after the stall"])
    client = client_for(server, timeout=0.3)
    started = time.monotonic()
    with pytest.raises(openai.APITimeoutError):
        client.chat.completions.create(model="m", messages=MESSAGES)
    assert time.monotonic() - started < 1.5
    reply = client.chat.completions.create(model="m", messages=MESSAGES)
    assert reply.choices[0].message.content == "after the stall"


def test_timeout_fault_answers_after_the_delay_when_client_waits(
    server: FakeOpenAIServer,
) -> None:
    server.script([Fault.timeout(0.2)])
    started = time.monotonic()
    reply = client_for(server, timeout=5).chat.completions.create(model="m", messages=MESSAGES)
    assert time.monotonic() - started >= 0.2
    assert reply.choices[0].message.content == server.default_reply


def test_stop_does_not_wait_for_a_sleeping_timeout_fault() -> None:
    fake = FakeOpenAIServer().start()
    fake.script([Fault.timeout(30)])
    with pytest.raises(openai.APITimeoutError):
        client_for(fake, timeout=0.2).chat.completions.create(model="m", messages=MESSAGES)
    started = time.monotonic()
    fake.stop()
    assert time.monotonic() - started < 2


def test_connection_drop_raises_api_connection_error(server: FakeOpenAIServer) -> None:
    server.script([Fault.connection_drop()])
    with pytest.raises(openai.APIConnectionError) as info:
        client_for(server).chat.completions.create(model="m", messages=MESSAGES)
    assert not isinstance(info.value, openai.APITimeoutError)
    assert len(server.chat_requests) == 1


def test_malformed_stream_sends_valid_chunks_then_invalid_json(
    server: FakeOpenAIServer,
) -> None:
    server.script([Fault.malformed_stream(), Fault.malformed_stream()])
    _, _, raw = raw_request(
        server, "POST", "/v1/chat/completions", {"model": "m", "messages": [], "stream": True}
    )
    payloads = sse_payloads(raw)
    for good in payloads[:-1]:
        assert json.loads(good)["object"] == "chat.completion.chunk"
    with pytest.raises(json.JSONDecodeError):
        json.loads(payloads[-1])

    received = []
    with pytest.raises((ValueError, openai.APIError)):
        stream = client_for(server).chat.completions.create(
            model="m", messages=MESSAGES, stream=True
        )
        for chunk in stream:
            received.append(chunk.choices[0].delta.content)
    assert "".join(x or "" for x in received)  # some text arrived before the breakage


def test_truncated_stream_has_no_done_and_no_finish_reason(server: FakeOpenAIServer) -> None:
    server.script([Fault.truncated_stream(), Fault.truncated_stream()])
    _, _, raw = raw_request(
        server, "POST", "/v1/chat/completions", {"model": "m", "messages": [], "stream": True}
    )
    payloads = sse_payloads(raw)
    assert payloads and "[DONE]" not in payloads
    assert all(json.loads(p)["choices"][0]["finish_reason"] is None for p in payloads)

    chunks = list(
        client_for(server).chat.completions.create(model="m", messages=MESSAGES, stream=True)
    )
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert text and server.default_reply.startswith(text) and text != server.default_reply


def test_abrupt_truncated_stream_raises_connection_error(server: FakeOpenAIServer) -> None:
    server.script([Fault.truncated_stream(abrupt=True)])
    with pytest.raises(openai.APIConnectionError):
        for _ in client_for(server).chat.completions.create(
            model="m", messages=MESSAGES, stream=True
        ):
            pass


# -- other endpoints -------------------------------------------------------------------------


def test_embeddings_are_deterministic_unit_vectors(server: FakeOpenAIServer) -> None:
    client = client_for(server)
    texts = ["データがなければ", "no data, no ML"]
    first = client.embeddings.create(model="text-embedding-3-small", input=texts)  # base64
    again = client.embeddings.create(
        model="text-embedding-3-small", input=texts, encoding_format="float"
    )
    assert [len(d.embedding) for d in first.data] == [64, 64]
    for a, b in zip(first.data, again.data, strict=True):
        assert a.embedding == pytest.approx(b.embedding, abs=1e-6)
        assert math.isclose(math.fsum(x * x for x in b.embedding), 1.0, rel_tol=1e-6)
    assert first.data[0].embedding != pytest.approx(first.data[1].embedding, abs=1e-3)

    sized = client.embeddings.create(model="e", input="x", dimensions=8, encoding_format="float")
    assert len(sized.data[0].embedding) == 8
    with FakeOpenAIServer(embedding_dim=384) as wide:
        assert (
            len(client_for(wide).embeddings.create(model="e", input="x").data[0].embedding) == 384
        )


def test_embedding_faults_are_scriptable(server: FakeOpenAIServer) -> None:
    server.script_embeddings([Fault.server_error(503)])
    client = client_for(server)
    with pytest.raises(openai.InternalServerError):
        client.embeddings.create(model="e", input="x")
    assert len(client.embeddings.create(model="e", input="x").data) == 1


def test_models_lists_configured_models(server: FakeOpenAIServer) -> None:
    ids = [m.id for m in client_for(server).models.list()]
    assert ids == list(server.models)


def test_paths_without_v1_prefix_work_for_raw_http(server: FakeOpenAIServer) -> None:
    server.script(["raw reply"])
    status, _, raw = raw_request(
        server, "POST", "/chat/completions", {"model": "m", "messages": MESSAGES}
    )
    assert status == 200
    assert json.loads(raw)["choices"][0]["message"]["content"] == "raw reply"

    status, _, raw = raw_request(server, "GET", "/models")
    assert status == 200 and json.loads(raw)["object"] == "list"
    status, _, raw = raw_request(server, "POST", "/embeddings", {"input": "a", "model": "e"})
    assert status == 200 and len(json.loads(raw)["data"]) == 1


def test_unknown_path_is_404_with_openai_error(server: FakeOpenAIServer) -> None:
    status, _, raw = raw_request(server, "POST", "/v1/completions/nope", {})
    assert status == 404
    assert "error" in json.loads(raw)


# -- recording -----------------------------------------------------------------------------


def test_requests_are_recorded_with_headers_model_and_messages(
    server: FakeOpenAIServer,
) -> None:
    client_for(server, api_key="sk-recorded").chat.completions.create(
        model="gpt-4o-mini", messages=MESSAGES, temperature=0
    )
    client_for(server).embeddings.create(model="e", input="x")

    chat, embed = server.requests
    assert (chat.method, chat.path, chat.endpoint) == (
        "POST",
        "/v1/chat/completions",
        "/chat/completions",
    )
    assert chat.headers["authorization"] == "Bearer sk-recorded"
    assert chat.json["model"] == "gpt-4o-mini"
    assert chat.json["temperature"] == 0
    assert "no-data-no-ml" in chat.json["messages"][1]["content"]
    assert embed.endpoint == "/embeddings"
    assert server.chat_requests == [chat]

    server.reset()
    assert server.requests == []


# -- langchain-openai ----------------------------------------------------------------------


class Verdict(BaseModel):
    verdict: str
    readiness: float


def test_langchain_chat_openai_invoke_stream_and_structured_output(
    server: FakeOpenAIServer,
) -> None:
    server.script(
        [
            "Invoked answer.",
            "A streamed answer in pieces.",
            {"verdict": "ml_fit", "readiness": 0.75},
        ]
    )
    llm = ChatOpenAI(
        base_url=server.base_url, api_key="test", max_retries=0, model="gpt-4o-mini", timeout=5
    )

    assert llm.invoke("Does this suit ML?").content == "Invoked answer."
    pieces = [chunk.content for chunk in llm.stream("Stream it")]
    assert "".join(pieces) == "A streamed answer in pieces."
    assert sum(1 for p in pieces if p) >= 3
    structured = llm.with_structured_output(Verdict, method="function_calling").invoke("Assess")
    assert structured == Verdict(verdict="ml_fit", readiness=0.75)

    invoked, streamed, assessed = server.chat_requests
    assert invoked.json["messages"] == [{"role": "user", "content": "Does this suit ML?"}]
    assert streamed.json["stream"] is True
    assert assessed.json["tool_choice"]["function"]["name"] == "Verdict"


def test_langchain_surfaces_faults_as_openai_errors(server: FakeOpenAIServer) -> None:
    server.script([Fault.unauthorized(), Fault.server_error(502)])
    llm = ChatOpenAI(base_url=server.base_url, api_key="test", max_retries=0, timeout=5)
    with pytest.raises(openai.AuthenticationError):
        llm.invoke("hi")
    with pytest.raises(openai.InternalServerError):
        list(llm.stream("hi"))
