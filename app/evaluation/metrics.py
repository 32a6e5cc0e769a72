"""Eval metrics, exactly as DESIGN.md defines them. Plain Python, no network."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

KS = (1, 3, 5)


def hit_at_k(ranked: Sequence[str], relevant: Iterable[str], k: int) -> float:
    rel = set(relevant)
    return 1.0 if any(c in rel for c in ranked[:k]) else 0.0


def recall_at_k(ranked: Sequence[str], relevant: Iterable[str], k: int) -> float:
    rel = set(relevant)
    return len(rel & set(ranked[:k])) / len(rel) if rel else 0.0


def mrr_at_k(ranked: Sequence[str], relevant: Iterable[str], k: int) -> float:
    rel = set(relevant)
    for rank, card in enumerate(ranked[:k], start=1):
        if card in rel:
            return 1.0 / rank
    return 0.0


def retrieval_metrics(runs: Sequence[tuple[Sequence[str], Sequence[str]]]) -> dict[str, float]:
    """Mean hit@k, recall@k, mrr@k over (ranked card ids, expected cards) pairs."""
    n = len(runs) or 1
    out: dict[str, float] = {}
    for k in KS:
        out[f"hit@{k}"] = sum(hit_at_k(r, e, k) for r, e in runs) / n
        out[f"recall@{k}"] = sum(recall_at_k(r, e, k) for r, e in runs) / n
        out[f"mrr@{k}"] = sum(mrr_at_k(r, e, k) for r, e in runs) / n
    return {key: round(value, 4) for key, value in out.items()}


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def prf(pairs: Sequence[tuple[set[str], set[str]]]) -> dict[str, float]:
    """Micro-averaged precision/recall/F1 of predicted vs expected id sets."""
    tp = sum(len(pred & exp) for pred, exp in pairs)
    fp = sum(len(pred - exp) for pred, exp in pairs)
    fn = sum(len(exp - pred) for pred, exp in pairs)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "tp": tp, "fp": fp, "fn": fn}


def checklist(items: Sequence[tuple[str, float, str]], rendered: str
              ) -> tuple[float | None, bool, list[str]]:
    """(score clipped to [0, 1] or None without positive items, violated?, matched ids)."""
    matched = [(iid, pts) for iid, pts, pattern in items
               if re.search(pattern, rendered, flags=re.IGNORECASE)]
    positive = sum(pts for _, pts, _ in items if pts > 0)
    violated = any(pts < 0 for _, pts in matched)
    if positive <= 0:
        return None, violated, [i for i, _ in matched]
    score = sum(pts for _, pts in matched) / positive
    return max(0.0, min(1.0, score)), violated, [i for i, _ in matched]


def must_mention(patterns: Sequence[str], text: str) -> bool:
    """Every pattern ("a|b" alternatives, case-insensitive regex) occurs in `text`."""
    return all(re.search(p, text, flags=re.IGNORECASE) for p in patterns)
