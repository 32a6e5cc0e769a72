"""The bilingual glossary a question is searched with (knowledge/glossary.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import PROJECT_ROOT
from app.errors import KnowledgeError
from app.glossary import load_glossary

GLOSSARY = load_glossary(PROJECT_ROOT / "knowledge")


def test_a_japanese_question_is_searched_with_the_english_terms_too() -> None:
    expanded = GLOSSARY.expand("正解データがないけど、ベースラインってどう作るの？")
    assert expanded.startswith("正解データがないけど")
    assert "labels" in expanded and "baseline" in expanded


def test_an_english_question_is_searched_with_the_japanese_terms_too() -> None:
    expanded = GLOSSARY.expand("Who is the owner of monitoring after launch?")
    assert "監視" in expanded and "オーナー" in expanded
    # A plural or an inflection is found; a word inside another word is not.
    assert "ラベル" in GLOSSARY.expand("We have no labels")
    assert GLOSSARY.terms("Our catalogue is huge", "en") == []


def test_a_question_without_glossary_terms_is_unchanged() -> None:
    assert GLOSSARY.expand("明日の東京の天気は？") == "明日の東京の天気は？"


def test_a_malformed_glossary_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "glossary.yaml").write_text("terms:\n  - [only-one]\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="glossary.yaml"):
        load_glossary(tmp_path)
