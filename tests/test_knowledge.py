"""Knowledge cards and rubric: the real ones load; broken ones fail naming file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import PROJECT_ROOT
from app.errors import KnowledgeError
from app.knowledge import (
    cached_knowledge,
    chunk_card,
    load_cards,
    load_knowledge,
    parse_card,
)

GOOD = """---
id: sample-card
title: Sample
title_ja: サンプル
tags: [test]
criteria: [labels]
sources: ["seed article"]
---
## English
Labels are the answers you want to predict.

## 日本語
ラベルは予測したい答えです。
"""

RUBRIC_IDS = cached_knowledge(PROJECT_ROOT / "knowledge").rubric.ids


def write(tmp_path: Path, text: str, name: str = "sample-card.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_real_knowledge_base_is_complete() -> None:
    kb = load_knowledge(PROJECT_ROOT / "knowledge")
    assert len(kb.cards) >= 60
    assert list(kb.criteria) == list(RUBRIC_IDS)
    # Every criterion has its own card, and every card cited by the rubric exists.
    for cid, criterion in kb.criteria.items():
        assert f"criterion-{cid.replace('_', '-')}" in kb.cards
        assert all(card in kb.cards for card in criterion.cards)
    for card in kb.cards.values():
        assert card.body["en"] and card.body["ja"]
        assert card.sources


def test_good_card_parses_and_chunks_per_language(tmp_path: Path) -> None:
    card = parse_card(write(tmp_path, GOOD))
    assert card.criteria == ("labels",)
    chunks = chunk_card(card)
    assert {c.lang for c in chunks} == {"en", "ja"}
    assert all(c.card_id == "sample-card" for c in chunks)


@pytest.mark.parametrize(
    ("broken", "field"),
    [
        (GOOD.replace("title: Sample\n", ""), "title"),
        (GOOD.replace("## 日本語\nラベルは予測したい答えです。\n", ""), "body"),
        (GOOD.replace("id: sample-card", "id: other-card"), "id"),
        (GOOD.replace("sources: [\"seed article\"]", "sources: []"), "sources"),
        (GOOD.replace("tags: [test]", "tags: [test"), "front matter"),
        (GOOD.replace("## English", "## Summary"), "body"),
    ],
)
def test_broken_card_names_file_and_field(tmp_path: Path, broken: str, field: str) -> None:
    path = write(tmp_path, broken)
    with pytest.raises(KnowledgeError) as err:
        parse_card(path)
    message = str(err.value)
    assert str(path) in message
    assert f"field '{field}'" in message


def test_duplicate_ids_across_folders_are_rejected(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    write(tmp_path / "a", GOOD)
    write(tmp_path / "b", GOOD)
    with pytest.raises(KnowledgeError, match="duplicate id 'sample-card'"):
        load_cards(tmp_path / "a", (tmp_path / "b",))


def test_rubric_with_unknown_card_is_rejected(tmp_path: Path) -> None:
    kb_dir = tmp_path / "knowledge"
    (kb_dir / "cards").mkdir(parents=True)
    write(kb_dir / "cards", GOOD)
    rubric = (PROJECT_ROOT / "knowledge" / "rubric.yaml").read_text(encoding="utf-8")
    (kb_dir / "rubric.yaml").write_text(rubric, encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"rubric.yaml: field 'outcome.cards': unknown card"):
        load_knowledge(kb_dir)


def test_card_with_unknown_criterion_fails_naming_file_and_field(tmp_path: Path) -> None:
    import shutil

    kb = tmp_path / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", kb)
    write(kb / "cards", GOOD.replace("criteria: [labels]", "criteria: [label_quality]"))
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(kb)
    assert "sample-card.md" in str(err.value) and "'criteria'" in str(err.value)
    assert "label_quality" in str(err.value)
