"""The Knowledge page's search: one hit per card or document, titled in the query's language,
and nothing at all for a query no card is about."""

from __future__ import annotations

from app.documents import add_document
from app.runtime import get_runtime
from app.search import search_knowledge


def test_hits_are_titled_in_the_query_language_one_per_card(settings) -> None:
    rt = get_runtime(settings)
    lang, hits = search_knowledge("ラベルがないときはどうすればいい？", rt)
    assert lang == "ja" and hits
    assert len({h.source_id for h in hits}) == len(hits)
    first = rt.knowledge.cards[hits[0].source_id]
    assert hits[0].title == first.title_in("ja") != first.title_in("en")


def test_offtopic_query_finds_nothing(settings) -> None:
    _, hits = search_knowledge("What's the weather in Osaka tomorrow?", get_runtime(settings))
    assert hits == []


def test_a_document_is_found_under_its_name(settings) -> None:
    rt = get_runtime(settings)
    add_document(rt, "kitakyushu-warehouse-notes.md",
                 "Warehouse returns: pickers scan every returned parcel and tag the reason "
                 "code (damaged, wrong item, late) on the handheld before restocking.")
    _, hits = search_knowledge("returned parcel reason codes tagged by pickers", rt)
    docs = [h for h in hits if h.is_document]
    assert docs and docs[0].title == "kitakyushu-warehouse-notes.md"
