"""Faults, replies and recorded requests of the fake OpenAI server
(tests/fakes/openai_server.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

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
