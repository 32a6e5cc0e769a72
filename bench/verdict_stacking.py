"""Would a learned verdict beat the rubric's rule at first contact? An experiment, not shipped.

Input: eval/blind/first_contact_statuses.json, the statuses the offline extractor read on
blind rounds 3-7 with the code tagged at each round's start (so every text was new to the
code that read it). For each round in turn, a softmax regression from the gate criteria's
statuses (one-hot, plus the share unknown) to the expected verdict is trained on the other
rounds and scored on that round; the rubric's rule on the same statuses is the comparison.
Printed per round: accuracy of both, and the learned model's ml_fit calls on cases whose
expected verdict is not_ml or not_yet (which the rule's safety layer exists to prevent).

    python bench/verdict_stacking.py [--c 1.0]

Measured 2026-12-02 (C=1.0): rule .667/.591/.568/.636/.705 (mean .633), learned
.646/.659/.727/.727/.818 (mean .715); but the learned model calls 4, 2, 3, 4 and 2 of the
not_ml / not_yet cases ml_fit, where the rule called 0-2. Not shipped: a verdict that
disagrees with the statuses it shows would need the safety rules on top and a way to
explain itself.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT)]

from app.knowledge import load_knowledge  # noqa: E402

STATUSES = ("met", "partial", "unmet", "unknown", "n/a")
STEPS = 2000
LEARNING_RATE = 0.5


def features(statuses: dict[str, str], gates: list[str]) -> list[float]:
    row = [1.0 if statuses.get(c) == s else 0.0 for c in gates for s in STATUSES]
    row.append(sum(statuses.get(c) == "unknown" for c in gates) / len(gates))
    return row


def fit(x: np.ndarray, y: list[str], c: float) -> tuple[list[str], np.ndarray]:
    """Softmax regression with an L2 penalty of 1/C, by plain gradient descent."""
    classes = sorted(set(y))
    target = np.array([[1.0 if v == k else 0.0 for k in classes] for v in y])
    x = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros((x.shape[1], len(classes)))
    for _ in range(STEPS):
        z = x @ w
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        w -= LEARNING_RATE * (x.T @ (p - target) / len(x) + w / (c * len(x)))
    return classes, w


def predict(model: tuple[list[str], np.ndarray], x: np.ndarray) -> list[str]:
    classes, w = model
    x = np.hstack([x, np.ones((len(x), 1))])
    return [classes[i] for i in (x @ w).argmax(axis=1)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--c", type=float, default=1.0)
    args = ap.parse_args()
    rubric = load_knowledge(ROOT / "knowledge").rubric
    gates = list(rubric.gates())
    rounds = json.loads((ROOT / "eval" / "blind" / "first_contact_statuses.json").read_text(
        encoding="utf-8"))["rounds"]
    for held_out, rows in rounds.items():
        train = [r for name, rs in rounds.items() if name != held_out for r in rs]
        model = fit(np.array([features(r["statuses"], gates) for r in train]),
                    [r["expected"] for r in train], args.c)
        learned = predict(model, np.array([features(r["statuses"], gates) for r in rows]))
        rule = [rubric.decide_verdict({**{c: "unknown" for c in rubric.ids}, **r["statuses"]})
                for r in rows]
        truth = [r["expected"] for r in rows]
        dangerous = sum(p == "ml_fit" and t in ("not_ml", "not_yet")
                        for p, t in zip(learned, truth, strict=True))
        rule_acc = np.mean([a == b for a, b in zip(rule, truth, strict=True)])
        learned_acc = np.mean([a == b for a, b in zip(learned, truth, strict=True)])
        print(f"{held_out}: rule {rule_acc:.3f}  learned {learned_acc:.3f}  "
              f"learned ml_fit on not_ml/not_yet: {dangerous}")


if __name__ == "__main__":
    main()
