"""What the fake OpenAI server sends: token counts, embeddings, error bodies and chat completions
(whole or as server-sent events) for one scripted reply."""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import re
import struct
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .openai_faults import DEFAULT_REPLY, Fault

if TYPE_CHECKING:
    from .openai_server import FakeOpenAIServer

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
