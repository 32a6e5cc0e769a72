"""Streaming: generation that can fail cleanly, citation checking that never lets an invented
card id through (even mid-stream), and chunked streaming of text composed offline.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.config import Settings
from app.errors import LLMError
from app.providers import ChatProvider

if TYPE_CHECKING:
    # Types only: importing langchain-core's language models pulls in langsmith (~1.5 s of a
    # cold `mlscope ask`), which an offline answer never uses.
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

log = logging.getLogger(__name__)

OnToken = Callable[[str], None]

# A citation looks like [card-id] or [id-a, id-b]: lowercase ids, no spaces inside an id.
_ID = r"[a-z0-9][a-z0-9_-]*"
_CITATION = re.compile(rf"\[\s*({_ID}(?:\s*[,、;]\s*{_ID})*)\s*\](?!\()")
_MAX_PENDING = 80


class CitationFilter:
    """Passes streamed text through, holding back a `[...]` until it can judge it.

    A bracket whose contents are card ids keeps only the ids in `allowed` (and vanishes with
    its leading space if none is); anything else (Markdown links, prose) passes unchanged.
    """

    def __init__(self, allowed: Iterable[str], emit: OnToken | None = None) -> None:
        self.allowed = set(allowed)
        self.emit = emit
        self.cited: list[str] = []
        self.dropped: list[str] = []
        self._out: list[str] = []
        self._pending = ""
        self._space = ""

    @property
    def text(self) -> str:
        return "".join(self._out)

    def feed(self, piece: str) -> None:
        """Take one streamed piece; emit what is settled as one token."""
        mark = len(self._out)
        self._feed(piece)
        self._emit(mark)

    def _feed(self, piece: str) -> None:
        for ch in piece:
            if self._pending:
                self._pending += ch
                if ch == "]":
                    self._resolve()
                elif ch == "\n" or len(self._pending) > _MAX_PENDING:
                    self._release()
            elif ch == "[":
                self._pending = ch
            elif ch == " ":
                self._space += ch  # held back: a dropped citation takes its space with it
            else:
                self._flush(self._space + ch)
                self._space = ""

    def close(self) -> str:
        """Settle whatever is held back; the filtered text."""
        mark = len(self._out)
        self._release()
        self._flush(self._space)
        self._space = ""
        self._emit(mark)
        return self.text

    def _emit(self, mark: int) -> None:
        settled = "".join(self._out[mark:])
        if self.emit and settled:
            self.emit(settled)

    def _release(self) -> None:
        self._flush(self._space + self._pending)
        self._space = self._pending = ""

    def _resolve(self) -> None:
        match = _CITATION.fullmatch(self._pending)
        if not match:
            self._release()
            return
        ids = [i.strip() for i in re.split(r"[,、;]", match.group(1))]
        kept = [i for i in ids if i in self.allowed]
        self.dropped += [i for i in ids if i not in self.allowed]
        for i in kept:
            if i not in self.cited:
                self.cited.append(i)
        self._flush(self._space + "[" + ", ".join(kept) + "]" if kept else "")
        self._space = self._pending = ""

    def _flush(self, text: str) -> None:
        if text:
            self._out.append(text)


def clean_citations(text: str, allowed: Iterable[str]) -> tuple[str, list[str], list[str]]:
    """(text without invented citations, cited ids in order, dropped ids) for a whole text."""
    f = CitationFilter(allowed)
    f.feed(text)
    out = f.close()
    return out, f.cited, f.dropped


@dataclass(frozen=True)
class Generation:
    text: str
    finish_reason: str | None
    chunks: int


def stream_pieces(text: str, on_token: OnToken | None, size: int = 24) -> None:
    """Hand composed text to a streaming surface in small pieces, as a model would."""
    if on_token:
        for i in range(0, len(text), size):
            on_token(text[i : i + size])


def stream_text(model: BaseChatModel, messages: Sequence[BaseMessage], on_piece: OnToken,
                provider: ChatProvider, settings: Settings) -> Generation:
    """Stream a reply, handing each piece to `on_piece`; any failure becomes `LLMError`.

    A stream that ends without a finish_reason was cut off (truncated) and counts as failed.
    """
    parts: list[str] = []
    finish: str | None = None
    chunks = 0
    try:
        for chunk in model.stream(list(messages)):
            chunks += 1
            finish = provider.finish_reason(chunk) or finish
            piece = chunk.content if isinstance(chunk.content, str) else ""
            if piece:
                parts.append(piece)
                on_piece(piece)
    except LLMError:
        raise  # raised by `on_piece` (e.g. the leak guard): already a user-facing reason
    except Exception as exc:  # the client's errors, broken JSON in the stream, ...
        log.warning("LLM stream failed: %s", exc.__class__.__name__)
        raise LLMError(provider.describe_error(exc, settings)) from None
    if finish is None:
        raise LLMError("LLM endpoint ended the answer stream early (no finish reason): "
                       "check the server's logs.")
    return Generation("".join(parts), finish, chunks)


def invoke_text(model: BaseChatModel, messages: Sequence[BaseMessage],
                provider: ChatProvider, settings: Settings) -> str:
    """A short non-streamed completion (e.g. condensing a follow-up); errors → `LLMError`."""
    try:
        result = model.invoke(list(messages))
    except Exception as exc:
        log.warning("LLM call failed: %s", exc.__class__.__name__)
        raise LLMError(provider.describe_error(exc, settings)) from None
    return result.content if isinstance(result.content, str) else ""
