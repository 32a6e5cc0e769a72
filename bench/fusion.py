"""Retrieval quality of bm25 / dense / hybrid, the LangChain baselines, and design variants.

Variants change one module constant of `app.retrieval` (or the vectors a card is scored by)
for the length of one evaluation, so every variant is the real `Retriever.search`, not a
re-implementation. Each question is asked with its conversation's topic when it is a short
follow-up, as the answerer asks it.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from langchain_core.embeddings import Embeddings

import app.retrieval as retrieval
from app.backends import Turn
from app.evaluation import metrics
from app.evaluation.scenarios import Question
from app.retrieval import METHODS, Retriever, conversation_topic

DEFAULT_VARIANT = "default"
# name -> (module constants to override, Retriever keyword arguments)
VARIANTS: dict[str, tuple[dict[str, float], dict]] = {
    DEFAULT_VARIANT: ({}, {}),
    "chunks only (no summary/question vectors)": ({}, {"views": ("chunk",)}),
    "chunks + questions": ({}, {"views": ("chunk", "question")}),
    "card score = max of views": ({"CARD_MIX": 0.0}, {}),
    "bm25 weight 0 (dense only + fields)": ({"BM25_WEIGHT": 0.0}, {}),
    "bm25 weight 1": ({"BM25_WEIGHT": 1.0}, {}),
    "bm25 weight 2 (before)": ({"BM25_WEIGHT": 2.0}, {}),
    "no focus sentence": ({"FOCUS_WEIGHT": 0.0}, {}),
    "no follow-up context": ({"CONTEXT_WEIGHT": 0.0}, {}),
}


class MemoEmbeddings(Embeddings):
    """Remembers query vectors, so comparing variants on one question embeds it once."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner
        self._memo: dict[str, list[float]] = {}

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        if text not in self._memo:
            self._memo[text] = self.inner.embed_query(text)
        return self._memo[text]


@contextmanager
def overridden(values: dict[str, float]) -> Iterator[None]:
    old = {name: getattr(retrieval, name) for name in values}
    try:
        for name, value in values.items():
            setattr(retrieval, name, value)
        yield
    finally:
        for name, value in old.items():
            setattr(retrieval, name, value)


def topic_of(q: Question) -> str | None:
    history = [t for h in q.history for t in (Turn("user", h), Turn("assistant", ""))]
    return conversation_topic(q.question, q.lang, history)


def score(questions: Sequence[Question], search: Callable[[Question], list[str]]) -> dict:
    runs = [(search(q), q.expected_cards) for q in questions if q.answerable]
    return metrics.retrieval_metrics(runs)


def warm_latency(questions: Sequence[Question], search: Callable[[Question], list[str]],
                 clear: Callable[[], None] = lambda: None) -> float:
    """Median milliseconds of one search, query embedding included (after one warm-up)."""
    search(questions[0])
    times = []
    for q in questions:
        clear()
        start = time.perf_counter()
        search(q)
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def evaluate(sets: dict[str, Sequence[Question]], base: Retriever,
             make: Callable[..., Retriever],
             baselines: dict[str, Callable[[str], list[str]]]) -> dict:
    """Per question set: metrics and warm latency of bm25 / dense / hybrid and the
    baselines, and metrics of every variant."""
    out: dict = {}
    for name, questions in sets.items():
        row: dict = {"questions": sum(q.answerable for q in questions), "methods": {}}
        for method in METHODS:
            def run(q: Question, m: str = method) -> list[str]:
                # Stripped as the app's edge strips a message (YAML blocks end in a newline).
                return base.search(q.question.strip(), k=5, method=m,
                                   context=topic_of(q)).card_ids()
            row["methods"][method] = {**score(questions, run),
                                      "warm_ms": warm_latency(questions, run,
                                                              base.forget_queries)}
        for bname, search in baselines.items():
            def run_b(q: Question, s=search) -> list[str]:
                return s(q.question.strip())
            row["methods"][bname] = {**score(questions, run_b),
                                     "warm_ms": warm_latency(questions, run_b)}
        row["by_language"] = {
            lang: score([q for q in questions if q.lang == lang], lambda q: base.search(
                q.question.strip(), k=5, context=topic_of(q)).card_ids())
            for lang in ("en", "ja")}
        row["variants"] = {}
        for vname, (consts, kwargs) in VARIANTS.items():
            retriever = make(**kwargs) if kwargs else base
            with overridden(consts):
                row["variants"][vname] = score(questions, lambda q, r=retriever: r.search(
                    q.question.strip(), k=5, context=topic_of(q)).card_ids())
        out[name] = row
    return out


def cross_language(questions: Sequence[Question], make: Callable[..., Retriever]) -> dict:
    """hit@1 / mrr@5 with only the question's language of the cards indexed, and with only
    the other language: a Japanese question must find English-only text nearly as well."""
    same = {lang: make(where={"lang": lang}) for lang in ("en", "ja")}
    other = {"en": same["ja"], "ja": same["en"]}
    res = {}
    for label, pick in (("same_language", same), ("cross_language", other)):
        res[label] = score(questions, lambda q, p=pick: p[q.lang].search(
            q.question.strip(), k=5, context=topic_of(q)).card_ids())
    res["hit@1_gap"] = round(res["same_language"]["hit@1"] - res["cross_language"]["hit@1"], 4)
    res["mrr@5_gap"] = round(res["same_language"]["mrr@5"] - res["cross_language"]["mrr@5"], 4)
    return res
