"""Japanese-aware tokens for BM25: morphological (janome) or character bigrams."""

from __future__ import annotations

import re
import threading
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9fー]+")
_KANA_ONLY = re.compile(r"^[\u3040-\u309f]+$")

EN_STOP = frozenset(
    """a an and are as at be been but by can could did do does for from had has have how i if in
    into is it its me my no not of on or our so than that the their them then there these they
    this to us was we were what when where which who why will with would you your should
    about also any just more most much only other some such very""".split()
)
JA_STOP_POS = ("助詞", "助動詞", "記号", "接続詞", "フィラー")
JA_STOP = frozenset("する ある いる なる こと もの よう ため それ これ ない れる られる".split())


def _stem(word: str) -> str:
    # A light English stemmer: enough to match "labels"/"label", "logging"/"logged"/"log".
    for suffix, min_len in (("ies", 5), ("ing", 6), ("ed", 5), ("es", 5), ("s", 4)):
        if word.endswith(suffix) and len(word) >= min_len:
            stem = word[: -len(suffix)]
            if suffix == "ies":
                return stem + "y"
            if suffix in ("ing", "ed") and len(stem) > 2 and stem[-1] == stem[-2]:
                stem = stem[:-1]  # logging -> log
            return stem
    return word


def latin_tokens(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in EN_STOP]


def bigram_tokens(text: str) -> list[str]:
    """English words plus overlapping character bigrams of each Japanese run."""
    out = latin_tokens(text)
    for run in _CJK_RUN.findall(text):
        if len(run) == 1:
            out.append(run)
        else:
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


_janome_lock = threading.Lock()


@lru_cache(maxsize=1)
def _janome():
    from janome.tokenizer import Tokenizer

    return Tokenizer()


def janome_tokens(text: str) -> list[str]:
    """English words plus janome content words (base forms) of Japanese runs."""
    out = latin_tokens(text)
    runs = _CJK_RUN.findall(text)
    if not runs:
        return out
    tokenizer = _janome()
    with _janome_lock:  # janome's tokenizer is not thread-safe
        for run in runs:
            for tok in tokenizer.tokenize(run):
                pos = tok.part_of_speech.split(",", 1)[0]
                base = tok.base_form if tok.base_form != "*" else tok.surface
                if pos in JA_STOP_POS or base in JA_STOP:
                    continue
                if len(base) == 1 and _KANA_ONLY.match(base):
                    continue
                out.append(base)
    return out


TOKENIZERS = {"janome": janome_tokens, "bigram": bigram_tokens}


def tokenize(text: str, kind: str = "janome") -> list[str]:
    return TOKENIZERS[kind](text)
