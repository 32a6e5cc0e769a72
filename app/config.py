"""Settings, read once from the environment or `.env` and injected where needed."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """mlscope configuration; every field is documented in `.env.example`."""

    model_config = SettingsConfigDict(
        env_prefix="MLSCOPE_", env_file=".env", extra="ignore", populate_by_name=True
    )

    home: Path = Path(".mlscope")
    chroma_url: str | None = None
    embeddings: str = "e5-local"
    chat_model: str = "gpt-4o-mini"
    # A registered chat provider (app.providers); unset: `openai` when OPENAI_API_KEY or
    # OPENAI_BASE_URL is set, else offline.
    provider: str | None = None
    db_url: str | None = None
    knowledge_dir: Path = PROJECT_ROOT / "knowledge"
    scenarios_dir: Path = PROJECT_ROOT / "eval" / "scenarios"
    llm_timeout_s: float = 30.0
    llm_max_retries: int = 2
    # The OpenAI variables keep their conventional names, without our prefix.
    openai_api_key: SecretStr | None = Field(default=None, alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(default=None, alias="OPENAI_BASE_URL")

    @property
    def database_url(self) -> str:
        return self.db_url or f"sqlite:///{(self.home / 'mlscope.db').resolve()}"

    @property
    def chroma_path(self) -> Path:
        return self.home / "chroma"

    @property
    def cache_dir(self) -> Path:
        """Statement vectors, trained classifiers, BM25 tokens: rebuilt when missing."""
        return self.home / "cache"

    @property
    def gates_path(self) -> Path:
        return PROJECT_ROOT / "eval" / "gates.yaml"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings; tests build their own `Settings(...)` instead."""
    return Settings()
