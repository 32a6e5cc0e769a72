"""Scoping-adjacent topics the cards do not cover (`knowledge/uncovered.yaml`).

A question about one of them ("does our diagnostic AI need PMDA approval?") is in scope, so
the scope gate lets it through, and the nearest cards would answer something else. Each topic
has example questions, embedded like the out-of-scope examples; a question nearer to a
topic's examples than to every card question gets `reply` and no citations (the retriever
decides, before any model is asked, in both modes).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from app.errors import KnowledgeError
from app.rubric import LANGS
from app.yaml_data import load_yaml

UNCOVERED_FILE = "uncovered.yaml"
TOPIC_PREFIX = "_uncovered:"  # card_id of a topic's examples: never a citation

REPLY = {
    "en": ("My knowledge cards do not cover {label}, so I will not guess at it. mlscope helps "
           "you decide whether a business problem suits machine learning and how to scope it "
           "(data, labels, metrics, MVPs, risks, privacy, LLM features); for {label}, check "
           "with a specialist or the official source."),
    "ja": ("{label}については mlscope のナレッジカードが扱っていないため、推測ではお答えしません。"
           "mlscope が扱うのは、業務課題が機械学習に向いているか、どう範囲を決めるか（データ、"
           "正解ラベル、指標、MVP、リスク、個人情報、LLM機能など）です。{label}については、"
           "専門家や公式の情報源に確認してください。"),
}


@dataclass(frozen=True)
class Topic:
    id: str
    label: dict[str, str]
    examples: dict[str, tuple[str, ...]]


def _fail(path: Path, where: str, why: str) -> KnowledgeError:
    return KnowledgeError(f"{path}: {where}: {why}")


@lru_cache(maxsize=4)
def load_topics(knowledge_dir: Path) -> dict[str, Topic]:
    """The topics of `knowledge/uncovered.yaml` (none if the file is absent)."""
    path = knowledge_dir / UNCOVERED_FILE
    if not path.exists():
        return {}
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"{path}: not readable YAML ({exc.__class__.__name__})") from None
    topics: dict[str, Topic] = {}
    for n, raw in enumerate(data.get("topics") or []):
        where = f"topic {n + 1}"
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            raise _fail(path, where, "needs an 'id'")
        tid = raw["id"]
        if tid in topics:
            raise _fail(path, where, f"duplicate id '{tid}'")
        label, examples = raw.get("label") or {}, raw.get("examples") or {}
        for lang in LANGS:
            if not isinstance(label.get(lang), str) or not label[lang].strip():
                raise _fail(path, f"{where} ({tid})", f"'label.{lang}' must be a non-empty string")
            items = examples.get(lang)
            if not isinstance(items, list) or not items or not all(
                    isinstance(t, str) and t.strip() for t in items):
                raise _fail(path, f"{where} ({tid})",
                            f"'examples.{lang}' must be a non-empty list of strings")
        topics[tid] = Topic(tid, {lang: label[lang].strip() for lang in LANGS},
                            {lang: tuple(t.strip() for t in examples[lang]) for lang in LANGS})
    return topics


def reply(topic_id: str, lang: str, knowledge_dir: Path) -> str:
    """"My cards do not cover <topic>", what mlscope does cover, and where to look instead."""
    lang = "ja" if lang == "ja" else "en"
    topic = load_topics(knowledge_dir).get(topic_id)
    label = topic.label[lang] if topic else topic_id
    return REPLY[lang].format(label=label)
