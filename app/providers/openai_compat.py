"""OpenAI and OpenAI-compatible endpoints (OpenAI, Ollama, vLLM, llama.cpp's server).

Everything specific to them lives here: the client settings, the end-of-stream marker,
the structured-output method, the error messages, model listing and redaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.config import Settings
from app.errors import ConfigError
from app.redaction import redact_secrets

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessageChunk

OPENAI_EMBEDDING_MODEL = "text-embedding-3-small"


def normalise_base_url(url: str | None) -> str | None:
    """Accept a server root or its `/v1` path: both reach the same API."""
    if not url:
        return None
    url = url.rstrip("/")
    return url if url.endswith("/v1") else url + "/v1"


def _api_key(settings: Settings) -> str:
    # A local server needs no real key, but the client insists on one.
    if settings.openai_api_key and settings.openai_api_key.get_secret_value():
        return settings.openai_api_key.get_secret_value()
    return "not-needed"


def make_chat_model(settings: Settings, *, streaming: bool = True,
                    max_tokens: int | None = 700) -> BaseChatModel:
    """`ChatOpenAI` for the configured endpoint.

    The openai client retries 408/409/429/5xx, timeouts and refused connections with
    exponential backoff (honouring Retry-After) up to `llm_max_retries` times; never a 401.
    """
    from langchain_openai import ChatOpenAI  # heavy: imported only in LLM mode

    base_url = normalise_base_url(settings.openai_base_url)
    # langchain-openai sends the cap as `max_completion_tokens`, which OpenAI-compatible
    # servers such as llama.cpp ignore; they get the classic `max_tokens` instead.
    compatible = bool(base_url) and "api.openai.com" not in base_url
    return ChatOpenAI(
        model=settings.chat_model,
        api_key=_api_key(settings),
        base_url=base_url,
        timeout=settings.llm_timeout_s,
        max_retries=settings.llm_max_retries,
        temperature=0,
        max_tokens=None if compatible else max_tokens,
        extra_body={"max_tokens": max_tokens} if compatible and max_tokens else None,
        streaming=streaming,
    )


def describe_llm_error(exc: BaseException, settings: Settings) -> str:
    """One line saying what went wrong with the endpoint and how to fix it; never the key."""
    import openai

    where = normalise_base_url(settings.openai_base_url) or "api.openai.com"
    retries = settings.llm_max_retries
    after = f" after {retries} retr{'y' if retries == 1 else 'ies'}" if retries else ""
    status = getattr(exc, "status_code", None)
    if isinstance(exc, openai.AuthenticationError):
        why = "LLM endpoint rejected the API key (401): check OPENAI_API_KEY."
    elif isinstance(exc, openai.PermissionDeniedError):
        why = "LLM endpoint refused access (403): check the key's project and permissions."
    elif isinstance(exc, openai.NotFoundError):
        why = (f"LLM endpoint does not know model {settings.chat_model!r} (404): "
               "set MLSCOPE_CHAT_MODEL to a model it serves (see `mlscope doctor`).")
    elif isinstance(exc, openai.RateLimitError):
        why = f"LLM endpoint is rate-limiting requests (429){after}: wait and retry, or " \
              "check the account's quota."
    elif isinstance(exc, openai.APITimeoutError):
        why = (f"LLM endpoint did not answer within {settings.llm_timeout_s:g} s{after}: "
               "check the server, or raise MLSCOPE_LLM_TIMEOUT_S.")
    elif isinstance(exc, openai.APIConnectionError):
        why = (f"Cannot connect to the LLM endpoint at {where}{after}: check that the server "
               "is running and OPENAI_BASE_URL is right.")
    elif isinstance(exc, openai.InternalServerError) or (status and status >= 500):
        why = f"LLM endpoint had a server error ({status}){after}: try again later."
    elif isinstance(exc, openai.BadRequestError):
        why = (f"LLM endpoint rejected the request (400): check that {settings.chat_model!r} "
               "supports chat completions.")
    elif isinstance(exc, openai.APIStatusError):
        why = f"LLM endpoint answered with HTTP {status}: check the server and its logs."
    elif isinstance(exc, openai.APIError | ValueError):
        why = "LLM endpoint sent a malformed response stream: check the server."
    else:
        why = f"LLM call failed ({exc.__class__.__name__}): run `mlscope doctor`."
    return redact_secrets(why, settings)


def list_models(settings: Settings, timeout: float = 5.0) -> list[str]:
    """Model ids the chat endpoint serves (GET /models); raises the client's error."""
    import openai

    client = openai.OpenAI(api_key=_api_key(settings),
                           base_url=normalise_base_url(settings.openai_base_url),
                           timeout=timeout, max_retries=0)
    return [m.id for m in client.models.list()]


class OpenAIChatProvider:
    """The chat provider for any OpenAI-compatible endpoint."""

    name = "openai"

    def chat_model(self, settings: Settings, *, streaming: bool,
                   max_tokens: int | None) -> BaseChatModel:
        return make_chat_model(settings, streaming=streaming, max_tokens=max_tokens)

    def finish_reason(self, chunk: BaseMessageChunk) -> str | None:
        return chunk.response_metadata.get("finish_reason")

    def structured(self, model: BaseChatModel, schema: type) -> Any:
        # llama.cpp's server rejects `json_schema`; function calling works everywhere.
        return model.with_structured_output(schema, method="function_calling")

    def describe_error(self, exc: BaseException, settings: Settings) -> str:
        return describe_llm_error(exc, settings)

    def is_endpoint_error(self, exc: BaseException) -> bool:
        import openai

        return isinstance(exc, openai.APIError) or exc.__class__.__module__.split(".")[0] in (
            "openai", "httpx")

    def list_models(self, settings: Settings, timeout: float) -> list[str]:
        return list_models(settings, timeout)

    def endpoint(self, settings: Settings) -> str:
        return normalise_base_url(settings.openai_base_url) or "https://api.openai.com/v1"

    def redact(self, text: str, settings: Settings) -> str:
        return redact_secrets(text, settings)


class OpenAIEmbeddingProvider:
    """OpenAI's text-embedding-3-small (or the same name on a compatible server)."""

    name = "openai"

    def model_id(self, settings: Settings) -> str:
        return f"openai-{OPENAI_EMBEDDING_MODEL}"

    def embeddings(self, settings: Settings) -> Embeddings:
        from langchain_openai import OpenAIEmbeddings  # heavy: imported only when chosen

        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else ""
        if not key and not settings.openai_base_url:
            raise ConfigError(
                "MLSCOPE_EMBEDDINGS=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL); "
                "set one, or use MLSCOPE_EMBEDDINGS=e5-local.")
        return OpenAIEmbeddings(
            model=OPENAI_EMBEDDING_MODEL,
            api_key=_api_key(settings),
            base_url=normalise_base_url(settings.openai_base_url),
            timeout=settings.llm_timeout_s,
            max_retries=settings.llm_max_retries,
            check_embedding_ctx_length=False,
        )
