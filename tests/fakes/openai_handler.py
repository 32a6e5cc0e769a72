"""The fake OpenAI server's HTTP handler: routing, faults, JSON and streamed replies."""

from __future__ import annotations

import base64
import json
import socket
import struct
import time
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any

from .openai_completion import _ABORT, _Completion, _count_tokens, _error_body, embed_text
from .openai_faults import Fault, RecordedRequest

if TYPE_CHECKING:
    from .openai_server import FakeOpenAIServer


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
