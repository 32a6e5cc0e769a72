"""Shared helpers for the LLM-path tests (fake OpenAI server settings, card ids in prompts)."""

from __future__ import annotations

import re
from pathlib import Path

from app.config import Settings

FAKE_KEY = "sk-test-CANARY-9f3b2c7d1e"


def llm_settings(home: Path, base_url: str, **overrides) -> Settings:
    values = {"llm_max_retries": 1, "llm_timeout_s": 3.0, **overrides}
    return Settings(home=home, OPENAI_BASE_URL=base_url, OPENAI_API_KEY=FAKE_KEY, **values)


def system_text(body: dict) -> str:
    return next(m["content"] for m in body["messages"] if m["role"] == "system")


def prompt_card_ids(body: dict) -> list[str]:
    """The card ids the answer prompt put in front of the model."""
    cards = system_text(body).split("<cards>", 1)[1]
    return re.findall(r"^\[([a-z0-9-]+)\]", cards, re.M)
