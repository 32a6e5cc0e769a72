"""Lexical features of a clause, for the learned layer: words and word pairs (English, with
negation scope marked), character pairs and triples (Japanese), and the cues that fire.

A linear model over plain n-grams cannot tell "labels are not recorded" from "labels are
recorded", so English tokens inside a negation's scope carry a `~` prefix (Japanese
negation follows its verb, and the character n-grams see 「していない」 directly). The cue
table's verdicts (with their own negation handling) are features too: the model learns how
far to trust each cue from the statements.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from app.extraction.clauses import Clause, is_uncertain
from app.extraction.rules import Hit

FEATURES_VERSION = "1"  # bump when features change, so cached models are rebuilt

_WORD = re.compile(r"[a-z][a-z0-9]*(?:['’][a-z]+)?|\d+(?:[.,]\d+)*")
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f々ー]+")
_NEGATORS = {"no", "not", "never", "nothing", "none", "nobody", "noone", "neither", "nor",
             "without", "cannot", "lack", "lacks", "lacking", "zero", "hardly", "barely"}
_NEG_SUFFIX = ("n't", "n’t")
# Scope ends at punctuation or a contrast; "or not" / "whether or not" negate nothing.
_SCOPE_END = re.compile(
    r"[,.;:!?()\[\]、。！？（）]|\b(?:but|however|although|though|and|so|because)\b")
_NOT_NEGATION = re.compile(r"\b(?:or not|whether or not|not only|not just|no matter|no doubt"
                           r"|no problem|no issues?|not bad|nothing but|no later than"
                           r"|no more than|no less than|no (?:new |further |additional |extra "
                           r"|separate )?(?:consent|approval|permission)s? (?:is |are )?(?:needed"
                           r"|required|necessary))\b")
_SCOPE = 4  # words after a negator that it governs


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _english(text: str) -> list[str]:
    text = _NOT_NEGATION.sub(lambda m: m.group(0).replace(" ", ""), text)
    out: list[str] = []
    for piece in _SCOPE_END.split(text):
        if not piece:
            continue
        toks = [t for t in _WORD.findall(piece) if len(t) > 1 or t.isdigit()]
        toks = ["0" if t[0].isdigit() else t for t in toks]
        marked: list[str] = []
        scope = 0
        for tok in toks:
            if tok in _NEGATORS or tok.endswith(_NEG_SUFFIX):
                scope = _SCOPE
                marked.append(tok)
                continue
            marked.append("~" + tok if scope > 0 else tok)
            scope = max(0, scope - 1)
        out += ["w:" + t for t in marked]
        out += [f"b:{a}_{b}" for a, b in zip(marked, marked[1:], strict=False)]
    return out


def _japanese(text: str) -> list[str]:
    out: list[str] = []
    for run in _CJK_RUN.findall(text):
        out += ["c2:" + run[i:i + 2] for i in range(len(run) - 1)]
        out += ["c3:" + run[i:i + 3] for i in range(len(run) - 2)]
        if len(run) == 1:
            out.append("c1:" + run)
    return out


def lexical(text: str) -> list[str]:
    """The n-gram features of one clause (both languages: texts mix them)."""
    norm = normalise(text)
    return _english(norm) + _japanese(norm)


def cue_features(clause: Clause, hits: Sequence[Hit]) -> list[str]:
    """The cues that fired on the clause, with the status they imply there."""
    out = [f"r:{hit.criterion}:{hit.status}" for hit in hits]
    if is_uncertain(clause.text):
        out.append("u:uncertain")
    return out


def clause_features(clause: Clause, hits: Sequence[Hit] | None = None) -> list[str]:
    """n-grams, plus the cues in `hits` (None: n-grams only)."""
    feats = lexical(clause.text)
    if hits is not None:
        feats += cue_features(clause, hits)
    return sorted(set(feats))
