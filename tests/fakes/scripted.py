"""A scripted chat provider: an in-process langchain-core chat model, no HTTP.

Registered exactly like the real providers (`register_chat`), so tests select it with
`Settings(provider="scripted")` and exercise the LLM backends end to end.
"""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.messages import BaseMessageChunk

from app.config import Settings
from app.providers import register_chat

SCRIPT: list[str] = []  # replies, in order; tests set it


class ScriptedProvider:
    name = "scripted"

    def chat_model(self, settings: Settings, *, streaming: bool,
                   max_tokens: int | None) -> BaseChatModel:
        return FakeListChatModel(responses=list(SCRIPT) or ["(empty script)"])

    def finish_reason(self, chunk: BaseMessageChunk) -> str | None:
        return "stop"  # an in-process model never truncates

    def structured(self, model: BaseChatModel, schema: type):
        raise NotImplementedError("the scripted model has no structured output")

    def describe_error(self, exc: BaseException, settings: Settings) -> str:
        return f"scripted model failed ({exc.__class__.__name__})"

    def is_endpoint_error(self, exc: BaseException) -> bool:
        return False

    def list_models(self, settings: Settings, timeout: float) -> list[str]:
        return ["scripted"]

    def endpoint(self, settings: Settings) -> str:
        return "in-process"

    def redact(self, text: str, settings: Settings) -> str:
        return text


register_chat("scripted", ScriptedProvider)
