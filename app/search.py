"""Knowledge search for people browsing (the Knowledge page): the cards and documents that
match a query, best first, one hit each, with the title in the query's language."""

from __future__ import annotations

from dataclasses import dataclass

from app.runtime import Runtime
from app.text import detect_language


@dataclass(frozen=True)
class SearchHit:
    source_id: str
    title: str
    passage: str
    is_document: bool


def search_knowledge(query: str, runtime: Runtime, *, k: int = 8) -> tuple[str, list[SearchHit]]:
    """(the query's language, the hits): nothing when the retriever finds nothing relevant, so
    an off-topic query shows "no results" rather than the least bad cards."""
    lang = detect_language(query)
    retrieval = runtime.retriever().search(query, k=k)
    if not retrieval.relevant:
        return lang, []
    hits: list[SearchHit] = []
    seen: set[str] = set()
    for p in retrieval.passages:
        if p.card_id in seen:
            continue
        seen.add(p.card_id)
        card = runtime.knowledge.cards.get(p.card_id)
        title = (card.title_in(lang) if card is not None
                 else p.document_name if p.is_document else p.card_id)
        hits.append(SearchHit(p.card_id, title, p.text, p.is_document))
    return lang, hits
