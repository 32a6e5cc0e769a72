"""A scripted OpenAI-compatible HTTP server for tests (the fault-injection harness).

It speaks just enough of the OpenAI REST API for the real ``openai`` client and
``langchain-openai`` to talk to it over a real loopback socket:

* ``POST /v1/chat/completions`` -- JSON or SSE streaming, tools / tool_choice,
  response_format, ``stream_options.include_usage``;
* ``GET /v1/models``;
* ``POST /v1/embeddings`` -- deterministic hash-based unit vectors;
* the same paths without the ``/v1`` prefix.

Chat replies come from a script: a queue of replies consumed one per chat request,
then a default reply. A reply is text, a dict (structured output), a callable that
receives the request body and returns a reply, or a :class:`Fault`.

    with FakeOpenAIServer() as server:
        server.script(["Hello!", Fault.rate_limit(times=2), {"verdict": "ml_fit"}])
        client = openai.OpenAI(base_url=server.base_url, api_key="test")
        ...
        assert server.requests[0].headers["authorization"] == "Bearer test"

Only the standard library is used, so the harness adds no dependency.
"""

from __future__ import annotations

import base64
import collections
import hashlib
import itertools
import json
import math
import re
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["Fault", "FakeOpenAIServer", "RecordedRequest", "Reply"]

DEFAULT_REPLY = "This is a scripted reply from the fake OpenAI server."
DEFAULT_MODELS = ("gpt-4o-mini", "text-embedding-3-small")


@dataclass(frozen=True)
class Fault:
    """A scripted failure. Build one with the class methods, not the constructor.

    ``times`` makes the fault answer that many consecutive chat requests before the
    script moves on to its next reply (e.g. ``Fault.server_error(503, times=2)``
    followed by ``"ok"`` exercises two retries and a success).
    """

    kind: str
    status: int = 200
    seconds: float = 0.0
    retry_after: float | None = None
    abrupt: bool = False
    times: int = 1

    @classmethod
    def unauthorized(cls, *, times: int = 1) -> Fault:
        """401 with OpenAI's ``invalid_api_key`` error body."""
        return cls("unauthorized", status=401, times=times)

    @classmethod
    def rate_limit(cls, retry_after: float | None = 0, *, times: int = 1) -> Fault:
        """429 with a ``Retry-After`` header (seconds; ``None`` sends no header)."""
        return cls("rate_limit", status=429, retry_after=retry_after, times=times)

    @classmethod
    def server_error(cls, status: int = 500, *, times: int = 1) -> Fault:
        """A 5xx answer (500, 502, 503, ...) with an OpenAI-style error body."""
        if not 500 <= status <= 599:
            raise ValueError(f"server_error needs a 5xx status, got {status}")
        return cls("server_error", status=status, times=times)

    @classmethod
    def timeout(cls, seconds: float, *, times: int = 1) -> Fault:
        """Sleep ``seconds`` before answering with the default reply."""
        return cls("timeout", seconds=seconds, times=times)

    @classmethod
    def connection_drop(cls, *, times: int = 1) -> Fault:
        """Read the request, then close the socket without sending any response."""
        return cls("connection_drop", times=times)

    @classmethod
    def malformed_stream(cls, *, times: int = 1) -> Fault:
        """Two valid chunks, then a ``data:`` line that is not JSON.

        A non-streamed request gets a 200 whose body is truncated JSON.
        """
        return cls("malformed_stream", times=times)

    @classmethod
    def truncated_stream(cls, *, abrupt: bool = False, times: int = 1) -> Fault:
        """Valid content chunks, then the stream ends with no finish_reason and no [DONE].

        By default the HTTP body ends cleanly, so only the missing finish_reason and
        ``[DONE]`` tell the client the answer is incomplete. With ``abrupt=True`` the
        socket is closed mid-body (an incomplete chunked transfer), which HTTP
        clients report as a protocol error. A non-streamed request gets a 200 whose
        reply is cut in half and has ``finish_reason: "length"``.
        """
        return cls("truncated_stream", abrupt=abrupt, times=times)

    @classmethod
    def invalid_json_output(cls, *, times: int = 1) -> Fault:
        """A 200 whose structured output is not valid JSON.

        Returned as tool-call arguments when tools were requested, else as content.
        """
        return cls("invalid_json_output", times=times)


Reply = str | dict | Fault | Callable[[dict], Any]
"""What a script entry may be; a callable gets the request JSON and returns a Reply."""


@dataclass(frozen=True)
class RecordedRequest:
    """One HTTP request as the server received it (header names are lower-cased)."""

    method: str
    path: str
    headers: dict[str, str]
    json: Any
    body: bytes = field(repr=False)
    time: float

    @property
    def endpoint(self) -> str:
        """The path without query string and without the ``/v1`` prefix."""
        path = self.path.split("?", 1)[0]
        return path[3:] if path.startswith("/v1/") else path


class FakeOpenAIServer:
    """An OpenAI-compatible server on a free 127.0.0.1 port, run in a daemon thread."""

    def __init__(
        self,
        *,
        default_reply: Reply = DEFAULT_REPLY,
        embedding_dim: int = 64,
        models: Iterable[str] = DEFAULT_MODELS,
        api_key: str | None = None,
    ) -> None:
        """``api_key``, when set, makes every request without ``Bearer <api_key>`` a 401."""
        self.default_reply: Reply = default_reply
        self.embedding_dim = embedding_dim
        self.models = list(models)
        self.api_key = api_key
        self._lock = threading.Lock()
        self._queue: collections.deque[list[Any]] = collections.deque()  # [reply, remaining]
        self._embedding_faults: collections.deque[list[Any]] = collections.deque()
        self._requests: list[RecordedRequest] = []
        self._ids = itertools.count(1)
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------

    def start(self) -> FakeOpenAIServer:
        """Bind a free loopback port and serve in a daemon thread (idempotent)."""
        if self._httpd is not None:
            return self
        handler = type("_BoundHandler", (_Handler,), {"fake": self})
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        httpd.daemon_threads = True
        self._stopping.clear()
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"fake-openai-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the listening socket; sleeping handlers wake up."""
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        self._stopping.set()
        httpd.shutdown()
        httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("FakeOpenAIServer is not running; call start()")
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        """Root URL without the ``/v1`` prefix, e.g. ``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """What an OpenAI client takes as ``base_url``: ``http://127.0.0.1:PORT/v1``."""
        return f"{self.url}/v1"

    # -- scripting -------------------------------------------------------------------

    def script(self, replies: Iterable[Reply]) -> None:
        """Replace the queue of chat replies; once it is empty the default reply is used."""
        entries = [[reply, _times(reply)] for reply in replies]
        with self._lock:
            self._queue.clear()
            self._queue.extend(entries)

    def enqueue(self, *replies: Reply) -> None:
        """Append chat replies to the end of the queue."""
        with self._lock:
            self._queue.extend([reply, _times(reply)] for reply in replies)

    def script_embeddings(self, faults: Iterable[Fault]) -> None:
        """Faults to answer the next embeddings requests with, before normal vectors."""
        entries = [[fault, fault.times] for fault in faults]
        with self._lock:
            self._embedding_faults.clear()
            self._embedding_faults.extend(entries)

    @property
    def pending(self) -> int:
        """Chat replies still queued (a repeating fault counts once per repetition)."""
        with self._lock:
            return sum(remaining for _, remaining in self._queue)

    @property
    def requests(self) -> list[RecordedRequest]:
        """A snapshot of every request received so far, in arrival order."""
        with self._lock:
            return list(self._requests)

    def requests_to(self, endpoint: str) -> list[RecordedRequest]:
        """Requests for one endpoint, e.g. ``"/chat/completions"`` (with or without /v1)."""
        wanted = endpoint[3:] if endpoint.startswith("/v1/") else endpoint
        return [r for r in self.requests if r.endpoint == wanted]

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        return self.requests_to("/chat/completions")

    def reset(self) -> None:
        """Forget recorded requests and queued replies."""
        with self._lock:
            self._requests.clear()
            self._queue.clear()
            self._embedding_faults.clear()

    # -- used by the handler ---------------------------------------------------------

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def _next_reply(self) -> Reply:
        with self._lock:
            return _pop(self._queue, self.default_reply)

    def _next_embedding_fault(self) -> Fault | None:
        with self._lock:
            return _pop(self._embedding_faults, None)

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}-fake-{next(self._ids)}"

    def _sleep(self, seconds: float) -> None:
        # An Event wait, not time.sleep, so stop() is never held up by a timeout fault.
        self._stopping.wait(seconds)


def _times(reply: Reply) -> int:
    return max(1, reply.times) if isinstance(reply, Fault) else 1


def _pop(queue: collections.deque[list[Any]], default: Any) -> Any:
    if not queue:
        return default
    entry = queue[0]
    entry[1] -= 1
    if entry[1] <= 0:
        queue.popleft()
    return entry[0]


# -- content helpers -----------------------------------------------------------------


_TOKEN = re.compile(r"\s*(?:[A-Za-z0-9_']+|[^\sA-Za-z0-9_'\w]|\w{1,2})|\s+$")


def split_tokens(text: str) -> list[str]:
    """Split text into token-like pieces that join back exactly.

    A piece is leading whitespace plus a word, one punctuation mark, or up to two
    characters of other scripts (so Japanese streams in several chunks too).
    """
    pieces = _TOKEN.findall(text)
    return pieces or [""]


def _count_tokens(value: Any) -> int:
    """A rough, deterministic token count for the usage block."""
    if isinstance(value, str):
        return len(split_tokens(value)) if value else 0
    if isinstance(value, dict):
        return sum(_count_tokens(v) for v in value.values())
    if isinstance(value, list):
        return sum(_count_tokens(v) for v in value)
    return 0


def embed_text(text: str, dim: int) -> list[float]:
    """A deterministic unit vector derived from SHA-256 of the text."""
    raw = bytearray()
    for counter in itertools.count():
        if len(raw) >= 4 * dim:
            break
        raw += hashlib.sha256(f"{counter}:{text}".encode()).digest()
    ints = struct.unpack(f"<{dim}I", bytes(raw[: 4 * dim]))
    vec = [i / 2**31 - 1.0 for i in ints]
    norm = math.sqrt(sum(x * x for x in vec)) or 1.0
    return [x / norm for x in vec]


def _error_body(message: str, type_: str, code: str | None) -> dict:
    return {"error": {"message": message, "type": type_, "param": None, "code": code}}


def _requested_tool(body: dict) -> str | None:
    """The function the model should call for a dict reply, or None for plain content."""
    tools = body.get("tools") or []
    choice = body.get("tool_choice")
    if not tools or choice == "none":
        return None
    if isinstance(choice, dict):
        name = (choice.get("function") or {}).get("name")
        if name:
            return name
    first = tools[0]
    return (first.get("function") or {}).get("name") or first.get("name") or "tool"


# -- HTTP handler --------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    fake: FakeOpenAIServer  # bound per server in FakeOpenAIServer.start()
    protocol_version = "HTTP/1.1"  # keep-alive and chunked streaming, like real servers
    server_version = "FakeOpenAI/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        pass  # keep test output clean

    # dispatch -------------------------------------------------------------------------

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            payload = json.loads(raw) if raw else None
        except ValueError:
            payload = None
        request = RecordedRequest(
            method=method,
            path=self.path,
            headers={k.lower(): v for k, v in self.headers.items()},
            json=payload,
            body=raw,
            time=time.time(),
        )
        self.fake._record(request)
        try:
            self._route(request, raw)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.close_connection = True  # the client gave up (e.g. its timeout fired)

    def _route(self, request: RecordedRequest, raw: bytes) -> None:
        key = self.fake.api_key
        if key is not None and request.headers.get("authorization") != f"Bearer {key}":
            self._send_fault(Fault.unauthorized())
            return
        route = (request.method, request.endpoint)
        if route == ("GET", "/models"):
            self._models()
        elif route == ("POST", "/chat/completions") or route == ("POST", "/embeddings"):
            if not isinstance(request.json, dict):
                self._send_json(
                    400,
                    _error_body(
                        "Request body must be a JSON object.", "invalid_request_error", None
                    ),
                )
            elif route[1] == "/embeddings":
                self._embeddings(request.json)
            else:
                self._chat(request.json)
        else:
            self._send_json(
                404,
                _error_body(
                    f"Unknown path {request.method} {request.path}",
                    "invalid_request_error",
                    "unknown_url",
                ),
            )

    # plain responses -----------------------------------------------------------------

    def _send_json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        self._send_bytes(status, data, headers)

    def _send_bytes(self, status: int, data: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def _drop_connection(self) -> None:
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _send_fault(self, fault: Fault) -> bool:
        """Answer an HTTP-level fault; False when the fault is about the body instead."""
        if fault.kind == "unauthorized":
            self._send_json(
                401,
                _error_body(
                    "Incorrect API key provided (fake server).",
                    "invalid_request_error",
                    "invalid_api_key",
                ),
            )
        elif fault.kind == "rate_limit":
            headers = {}
            if fault.retry_after is not None:
                headers["Retry-After"] = f"{fault.retry_after:g}"
                headers["retry-after-ms"] = f"{fault.retry_after * 1000:g}"
            self._send_json(
                429,
                _error_body(
                    "Rate limit reached. Please try again later.", "requests", "rate_limit_exceeded"
                ),
                headers,
            )
        elif fault.kind == "server_error":
            self._send_json(
                fault.status,
                _error_body(
                    "The server had an error while processing your request.", "server_error", None
                ),
            )
        elif fault.kind == "connection_drop":
            self._drop_connection()
        else:
            return False
        return True

    def _models(self) -> None:
        created = 1_700_000_000
        data = [
            {"id": m, "object": "model", "created": created, "owned_by": "fake"}
            for m in self.fake.models
        ]
        self._send_json(200, {"object": "list", "data": data})

    def _embeddings(self, body: dict) -> None:
        fault = self.fake._next_embedding_fault()
        if fault is not None:
            if fault.kind == "timeout":
                self.fake._sleep(fault.seconds)
            elif self._send_fault(fault):
                return
        inputs = body.get("input", "")
        if isinstance(inputs, str) or (
            isinstance(inputs, list) and inputs and isinstance(inputs[0], int)
        ):
            inputs = [inputs]
        dim = int(body.get("dimensions") or self.fake.embedding_dim)
        as_base64 = body.get("encoding_format") == "base64"
        data = []
        for index, item in enumerate(inputs):
            text = item if isinstance(item, str) else json.dumps(item)
            vector = embed_text(text, dim)
            embedding: Any = vector
            if as_base64:
                embedding = base64.b64encode(struct.pack(f"<{dim}f", *vector)).decode()
            data.append({"object": "embedding", "index": index, "embedding": embedding})
        tokens = sum(_count_tokens(i) if isinstance(i, str) else len(i) for i in inputs)
        self._send_json(
            200,
            {
                "object": "list",
                "data": data,
                "model": body.get("model", "text-embedding-3-small"),
                "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
            },
        )

    # chat ----------------------------------------------------------------------------

    def _chat(self, body: dict) -> None:
        reply = self.fake._next_reply()
        while callable(reply) and not isinstance(reply, Fault):
            reply = reply(body)
        if isinstance(reply, Fault):
            if self._send_fault(reply):
                return
            if reply.kind == "timeout":
                self.fake._sleep(reply.seconds)
                reply = self.fake.default_reply
                while callable(reply) and not isinstance(reply, Fault):
                    reply = reply(body)
                if isinstance(reply, Fault):  # a faulty default after the delay
                    if self._send_fault(reply):
                        return
        completion = _Completion(self.fake, body, reply)
        if body.get("stream"):
            self._stream(completion)
        else:
            self._send_json_or_raw(completion)

    def _send_json_or_raw(self, completion: _Completion) -> None:
        if completion.fault == "malformed_stream":
            self._send_bytes(200, b'{"id": "chatcmpl-broken", "object": "chat.completion", "choi')
        else:
            self._send_json(200, completion.full())

    def _stream(self, completion: _Completion) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for event in completion.events():
            if event is _ABORT:
                self._drop_connection()
                return
            self._write_chunk(event.encode())
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _write_chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()


_ABORT = object()  # sentinel in an event stream: cut the connection here


class _Completion:
    """Builds a chat completion (whole or as SSE events) for one scripted reply."""

    def __init__(self, fake: FakeOpenAIServer, body: dict, reply: Any) -> None:
        self.body = body
        self.id = fake._new_id("chatcmpl")
        self.model = body.get("model") or "gpt-4o-mini"
        self.created = int(time.time())
        self.fault = reply.kind if isinstance(reply, Fault) else None
        self.abrupt = isinstance(reply, Fault) and reply.abrupt
        self.tool = _requested_tool(body)
        self.tool_call_id = fake._new_id("call")
        if self.fault == "invalid_json_output":
            self.text = '{"verdict": "ml_fit", "readiness": 0.5, "criteria": [oops'
            self.structured = True
        elif self.fault in ("malformed_stream", "truncated_stream"):
            # Body faults cut a normal answer short: use the default text when it is text.
            default = fake.default_reply
            self.text = default if isinstance(default, str) and default else DEFAULT_REPLY
            self.structured = False
        elif isinstance(reply, dict):
            self.text = json.dumps(reply, ensure_ascii=False)
            self.structured = True
        else:
            self.text = _as_text(reply)
            self.structured = False
        self.as_tool_call = self.structured and self.tool is not None
        self.pieces = split_tokens(self.text)
        self.prompt_tokens = _count_tokens(body.get("messages", []))

    def _usage(self, completion_tokens: int) -> dict:
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": self.prompt_tokens + completion_tokens,
        }

    def full(self) -> dict:
        text, finish = self.text, "stop"
        if self.fault == "truncated_stream":
            text, finish = text[: max(1, len(text) // 2)], "length"
        message: dict[str, Any] = {"role": "assistant", "content": text, "refusal": None}
        if self.as_tool_call and finish == "stop":
            message["content"] = None
            message["tool_calls"] = [
                {
                    "id": self.tool_call_id,
                    "type": "function",
                    "function": {"name": self.tool, "arguments": text},
                }
            ]
            finish = "tool_calls"
        return {
            "id": self.id,
            "object": "chat.completion",
            "created": self.created,
            "model": self.model,
            "system_fingerprint": "fp_fake",
            "choices": [
                {"index": 0, "message": message, "logprobs": None, "finish_reason": finish}
            ],
            "usage": self._usage(len(split_tokens(text))),
        }

    def _chunk(self, delta: dict, finish: str | None = None) -> str:
        chunk: dict[str, Any] = {
            "id": self.id,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": self.model,
            "system_fingerprint": "fp_fake",
            "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
        }
        if self._include_usage:
            chunk["usage"] = None
        return f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"

    @property
    def _include_usage(self) -> bool:
        return bool((self.body.get("stream_options") or {}).get("include_usage"))

    def _piece_delta(self, piece: str) -> dict:
        if self.as_tool_call:
            return {"tool_calls": [{"index": 0, "function": {"arguments": piece}}]}
        return {"content": piece}

    def events(self) -> Iterator[Any]:
        """SSE event strings; may yield ``_ABORT`` to cut the connection."""
        if self.as_tool_call:
            first = {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "index": 0,
                        "id": self.tool_call_id,
                        "type": "function",
                        "function": {"name": self.tool, "arguments": ""},
                    }
                ],
            }
        else:
            first = {"role": "assistant", "content": "", "refusal": None}
        yield self._chunk(first)

        if self.fault == "malformed_stream":
            for piece in self.pieces[:2]:
                yield self._chunk(self._piece_delta(piece))
            yield 'data: {"id": "chatcmpl-broken", "choices": [{"delta": {"content": "x\n\n'
            return
        if self.fault == "truncated_stream":
            for piece in self.pieces[: max(1, len(self.pieces) // 2)]:
                yield self._chunk(self._piece_delta(piece))
            if self.abrupt:
                yield _ABORT
            return

        for piece in self.pieces:
            yield self._chunk(self._piece_delta(piece))
        yield self._chunk({}, "tool_calls" if self.as_tool_call else "stop")
        if self._include_usage:
            usage_chunk = {
                "id": self.id,
                "object": "chat.completion.chunk",
                "created": self.created,
                "model": self.model,
                "system_fingerprint": "fp_fake",
                "choices": [],
                "usage": self._usage(len(self.pieces)),
            }
            yield f"data: {json.dumps(usage_chunk)}\n\n"
        yield "data: [DONE]\n\n"


def _as_text(reply: Any) -> str:
    if reply is None:
        return ""
    if isinstance(reply, str):
        return reply
    if isinstance(reply, dict):
        return json.dumps(reply, ensure_ascii=False)
    return str(reply)
