"""Hybrid retrieval finds the right cards in Japanese and English, and across them."""

from __future__ import annotations

import pytest

from app.config import Settings
from app.retrieval import Retriever, fuse
from app.runtime import get_runtime


@pytest.fixture
def runtime(settings: Settings):
    return get_runtime(settings)


@pytest.mark.parametrize(
    ("question", "card"),
    [
        ("機械学習の前にルールベースを試すべき理由は？",
         {"heuristics-first", "solve-without-ml-first", "non-ml-benchmark"}),
        ("Our model is great in the notebook but nobody uses it. Why?", {"model-needs-a-system"}),
        ("正解ラベルの代わりにクリック数を使うと何が問題？", {"proxy-labels"}),
        ("What are the seven monitoring tests of the ML Test Score?",
         {"ml-test-score-monitoring"}),
        ("Wizard of Oz で MVP を作るとは？", {"wizard-of-oz-mvp"}),
        ("How does 仕事ではじめる機械学習 describe the project flow?", {"ml-at-work-project-flow"}),
    ],
)
def test_hybrid_finds_the_card(runtime, question: str, card: set[str]) -> None:
    top = runtime.retriever().search(question, k=3).card_ids()
    assert card & set(top), top


def test_japanese_question_finds_english_only_text(runtime) -> None:
    """With only the English halves of the cards indexed, a Japanese question still lands."""
    rt = runtime
    english = [c for c in rt.knowledge.chunks if c.lang == "en"]
    retriever = Retriever(english, rt.embeddings, [rt.card_index()], where={"lang": "en"})
    question = "プライバシーや規制の面で、このデータを学習に使ってよいか"
    result = retriever.search(question, k=5, method="dense")
    assert "criterion-data-rights" in result.card_ids()


def test_english_question_finds_japanese_only_text(runtime) -> None:
    rt = runtime
    japanese = [c for c in rt.knowledge.chunks if c.lang == "ja"]
    retriever = Retriever(japanese, rt.embeddings, [rt.card_index()], where={"lang": "ja"})
    result = retriever.search("Should one team own the model from design to on-call support?",
                              k=5)
    assert {"full-cycle-ownership", "full-cycle-developers", "criterion-ownership"} & set(
        result.card_ids())


def test_off_topic_question_is_not_padded_with_cards(runtime) -> None:
    result = runtime.retriever().search("What is a good banana bread recipe?", k=5)
    assert not result.relevant


def test_passages_carry_card_chunk_and_score(runtime) -> None:
    result = runtime.retriever().search("human in the loop", k=5)
    assert result.relevant
    assert len(result.card_ids()) <= 5
    scores = [p.score for p in result.passages]
    assert scores == sorted(scores, reverse=True)
    assert all(p.chunk_id.startswith(p.card_id + "#") for p in result.passages)


def test_rrf_rewards_agreement() -> None:
    fused = fuse([[("a", 0.9), ("b", 0.8)], [("b", 9.0), ("c", 5.0)]])
    assert [cid for cid, _ in fused][0] == "b"
