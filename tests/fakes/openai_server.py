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

import collections
import itertools
import threading
from collections.abc import Iterable
from http.server import ThreadingHTTPServer
from typing import Any

from .openai_faults import DEFAULT_MODELS, DEFAULT_REPLY, Fault, RecordedRequest, Reply
from .openai_handler import _Handler

__all__ = ["Fault", "FakeOpenAIServer", "RecordedRequest", "Reply"]


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
