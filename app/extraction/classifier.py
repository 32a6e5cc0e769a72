"""A trained layer over the statement bank: softmax regression on e5 clause vectors.

The kNN layer (app.extraction.knn) votes only when a clause is nearly a paraphrase of a
statement. This layer generalises further: a multinomial logistic regression over the
(criterion, status) classes of every statement bank, plus `none`, trained with numpy at first
use and cached next to the statement vectors. It only fills criteria that the rules and the
kNN layer left `unknown` (see model.extract_statuses), with a confidence below the rules'.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.extraction.clauses import Clause
from app.extraction.knn import NONE, _Bank
from app.extraction.rules import Hit

log = logging.getLogger(__name__)

EPOCHS = 300
LEARNING_RATE = 1.0
L2 = 1e-2
# A clause votes on a criterion when the classes of that criterion hold this much probability,
MIN_CRITERION_PROB = 0.25
# and its status is the heaviest one with at least this share of the criterion's probability.
MIN_STATUS_SHARE = 0.45
# An `unmet` vote from this layer needs more certainty; on these criteria it never votes unmet
# (an unmet ml_needed/impact ends the assessment as not_ml, outcome needs an explicit cue).
MIN_UNMET_PROB = 0.8
NEVER_UNMET = {"ml_needed", "impact", "outcome"}
CONF = 0.45  # below every strong rule; enough to clear model.MIN_CONFIDENCE


@dataclass
class Model:
    classes: list[tuple[str, str]]
    weights: np.ndarray  # (dim, n_classes)
    bias: np.ndarray  # (n_classes,)


_MODELS: dict[str, Model] = {}
_LOCK = threading.Lock()


def _key(b: _Bank) -> str:
    h = hashlib.sha256(b.matrix.tobytes())
    h.update("\0".join(f"{c}/{s}" for c, s in zip(b.statements.criteria,
                                                  b.statements.statuses, strict=True)).encode())
    h.update(f"{EPOCHS}/{LEARNING_RATE}/{L2}".encode())
    return h.hexdigest()[:20]


def train(x: np.ndarray, y: np.ndarray, n_classes: int) -> tuple[np.ndarray, np.ndarray]:
    """Full-batch gradient descent on the softmax cross-entropy, classes weighted equally.

    e5 vectors share a large common direction, so the features are standardised per dimension
    first; the standardisation is folded into the returned weights and bias.
    """
    n, dim = x.shape
    mu = x.mean(axis=0)
    sd = x.std(axis=0) + 1e-6
    z = ((x - mu) / sd).astype(np.float32)
    counts = np.bincount(y, minlength=n_classes).astype(np.float32)
    sample_w = (1.0 / np.maximum(counts, 1.0))[y]
    sample_w = (sample_w / sample_w.sum()).astype(np.float32)
    onehot = np.zeros((n, n_classes), dtype=np.float32)
    onehot[np.arange(n), y] = 1.0
    w = np.zeros((dim, n_classes), dtype=np.float32)
    b = np.zeros(n_classes, dtype=np.float32)
    for _ in range(EPOCHS):
        logits = z @ w + b
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - onehot) * sample_w[:, None]
        w -= LEARNING_RATE * (z.T @ g + L2 * w)
        b -= LEARNING_RATE * g.sum(axis=0)
    w_raw = w / sd[:, None]
    return w_raw.astype(np.float32), (b - (mu / sd) @ w).astype(np.float32)


_BY_BANK: dict[tuple[int, Path | None], tuple[_Bank, Model]] = {}


def model_for(b: _Bank, cache_dir: Path | None) -> Model:
    memo = _BY_BANK.get((id(b), cache_dir))
    if memo is not None and memo[0] is b:  # hashing the bank on every call costs milliseconds
        return memo[1]
    key = _key(b)
    cached = cache_dir / f"extraction-classifier-{key}.npz" if cache_dir else None
    with _LOCK:
        if key in _MODELS:
            if cached is not None and not cached.exists():
                _save(cached, _MODELS[key])  # every home keeps its own cache
            _BY_BANK[(id(b), cache_dir)] = (b, _MODELS[key])
            return _MODELS[key]
        pairs = list(zip(b.statements.criteria, b.statements.statuses, strict=True))
        classes = sorted(set(pairs))
        index = {c: i for i, c in enumerate(classes)}
        model = None
        if cached is not None and cached.exists():
            try:
                data = np.load(cached)
                if data["weights"].shape == (b.matrix.shape[1], len(classes)):
                    model = Model(classes, data["weights"], data["bias"])
            except (OSError, ValueError, KeyError):
                model = None
        if model is None:
            y = np.array([index[p] for p in pairs])
            w, bias = train(b.matrix.astype(np.float32), y, len(classes))
            model = Model(classes, w, bias)
            if cached is not None:
                _save(cached, model)
        _MODELS[key] = model
        _BY_BANK[(id(b), cache_dir)] = (b, model)
        return model


def _save(path: Path, model: Model) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        np.savez(tmp, weights=model.weights, bias=model.bias)
        tmp.replace(path)
    except OSError as exc:  # a read-only cache is not fatal
        log.warning("could not cache the extraction classifier: %s", exc)


def probabilities(model: Model, vectors: np.ndarray) -> np.ndarray:
    logits = vectors @ model.weights + model.bias
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    return p / p.sum(axis=1, keepdims=True)


def votes(model: Model, probs: np.ndarray) -> list[tuple[str, str, float]]:
    """(criterion, status, confidence) for one clause's class probabilities."""
    by_criterion: dict[str, dict[str, float]] = {}
    for (criterion, status), p in zip(model.classes, probs, strict=True):
        by_criterion.setdefault(criterion, {})[status] = float(p)
    out: list[tuple[str, str, float]] = []
    for criterion, by_status in by_criterion.items():
        mass = sum(by_status.values())
        if criterion == NONE or mass < MIN_CRITERION_PROB:
            continue
        status, p = max(by_status.items(), key=lambda kv: kv[1])
        if p / mass < MIN_STATUS_SHARE:
            continue
        if status == "unmet" and (criterion in NEVER_UNMET or p < MIN_UNMET_PROB):
            continue
        out.append((criterion, status, round(CONF * min(1.0, 0.5 + mass / 2), 3)))
    return out


def classifier_hits(clauses: list[Clause], vectors: np.ndarray, b: _Bank,
                    cache_dir: Path | None) -> list[Hit]:
    if not clauses:
        return []
    model = model_for(b, cache_dir)
    probs = probabilities(model, vectors)
    hits: list[Hit] = []
    for clause, row in zip(clauses, probs, strict=True):
        for criterion, status, conf in votes(model, row):
            hits.append(Hit(criterion, status, conf, clause, "clf"))
    return hits
