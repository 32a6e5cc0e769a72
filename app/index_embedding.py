"""Our langchain `Embeddings` as a Chroma embedding function, so Chroma never loads its
default model (which would download one)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.embeddings import Embeddings


class ChromaEmbeddingFunction:
    """Adapts our langchain `Embeddings` to Chroma's embedding-function protocol."""

    def __init__(self, embeddings: Embeddings, model_id: str) -> None:
        self._embeddings = embeddings
        self._model_id = model_id

    def __call__(self, input: Sequence[str]) -> list[list[float]]:  # noqa: A002 (Chroma's name)
        return self._embeddings.embed_documents(list(input))

    def embed_query(self, input: Sequence[str]) -> list[list[float]]:  # noqa: A002
        return [self._embeddings.embed_query(text) for text in input]

    @staticmethod
    def name() -> str:
        return "mlscope"

    def get_config(self) -> dict[str, Any]:
        return {"model_id": self._model_id}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ChromaEmbeddingFunction:
        raise NotImplementedError("mlscope always passes its embedding function explicitly")

    def is_legacy(self) -> bool:
        return False

    def default_space(self) -> str:
        return "cosine"

    def supported_spaces(self) -> list[str]:
        return ["cosine"]
