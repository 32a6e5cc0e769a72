"""The Chroma client factory: a server when MLSCOPE_CHROMA_URL is set, else embedded."""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from urllib.parse import urlparse

import app.index_env  # noqa: F401  (telemetry off before chromadb is imported)
from app.config import Settings
from app.errors import ConfigError


def collection_name(base: str, model_id: str) -> str:
    """`<base>-<model id>`: vectors of two embedding models never share a collection."""
    slug = re.sub(r"[^a-zA-Z0-9._-]+", "-", model_id).strip("-._")
    return f"{base}-{slug}"[:500]


@lru_cache(maxsize=64)
def _chroma_settings(where: str):
    """One Chroma settings object per path or server (building one reads the environment
    and .env files: ~20 ms each, and a cold command opens several indexes). Per `where`,
    because Chroma's client factories write the path or host into the object they get."""
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def make_client(settings: Settings):
    """`HttpClient` when MLSCOPE_CHROMA_URL is set, else an embedded `PersistentClient`."""
    import chromadb

    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ConfigError(
                f"MLSCOPE_CHROMA_URL={settings.chroma_url!r} is not an http(s)://host:port URL."
            )
        try:
            return chromadb.HttpClient(
                host=url.hostname,
                port=url.port or (443 if url.scheme == "https" else 80),
                ssl=url.scheme == "https",
                settings=_chroma_settings(settings.chroma_url),
            )
        except Exception as exc:  # chromadb raises plain Exceptions for connection errors
            raise ConfigError(
                f"Cannot reach the Chroma server at {settings.chroma_url} "
                f"({exc.__class__.__name__}). Start it with `chroma run` or unset "
                "MLSCOPE_CHROMA_URL to use the embedded index."
            ) from None
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    # Chroma keeps one system per path and starts it lazily: two threads opening the same
    # path at once (the UI's warm-up and the first request) can see it half started.
    with _CLIENT_LOCK:
        return chromadb.PersistentClient(path=str(settings.chroma_path),
                                         settings=_chroma_settings(str(settings.chroma_path)))


_CLIENT_LOCK = threading.Lock()
