"""The learned layer: one calibrated softmax per criterion over sparse clause features.

Each criterion gets its own classes — `none` (the clause says nothing about it) and the
statuses its statements carry (met, partial, unmet, n/a) — and all criteria are trained
together on every statement bank with numpy (Adam, mini-batches, L2): a statement labelled
(labels, met) is a `labels/met` example and a `none` example for every other criterion.
Each criterion's softmax is then calibrated with one temperature fitted on held-out
statements, so its probabilities can be compared with an abstention threshold.

Optionally, e5 clause vectors are appended as dense features (bench/extraction_models.py
measures both; the shipped model is whichever won on held-out data).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.extraction.statements import NONE, Statements

log = logging.getLogger(__name__)

VERSION = "1"  # bump when training changes, so cached models are rebuilt
MIN_DF = 2
EPOCHS = 30
BATCH = 256
LR = 0.05
L2 = 1e-6
SEED = 7
Progress = Callable[[int, int], None]


@dataclass
class Sparse:
    """Rows of feature indices (binary features, each row scaled to unit length)."""

    indptr: np.ndarray
    indices: np.ndarray
    values: np.ndarray

    @property
    def rows(self) -> int:
        return len(self.indptr) - 1

    def take(self, rows: np.ndarray) -> Sparse:
        starts, ends = self.indptr[rows], self.indptr[rows + 1]
        lengths = ends - starts
        indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        idx = np.concatenate([np.arange(s, e) for s, e in zip(starts, ends, strict=True)]
                             ) if len(rows) else np.zeros(0, np.int64)
        idx = idx.astype(np.int64)
        return Sparse(indptr, self.indices[idx], self.values[idx])

    def dot(self, w: np.ndarray) -> np.ndarray:
        out = np.zeros((self.rows, w.shape[1]), dtype=np.float32)
        if len(self.indices) == 0:
            return out
        contrib = w[self.indices] * self.values[:, None]
        nonempty = np.diff(self.indptr) > 0
        sums = np.add.reduceat(contrib, self.indptr[:-1][nonempty], axis=0)
        out[nonempty] = sums
        return out

    def tdot(self, g: np.ndarray, n_features: int) -> tuple[np.ndarray, np.ndarray]:
        """(feature ids, X[:, ids].T @ g) for the features present in these rows."""
        if len(self.indices) == 0:
            return np.zeros(0, np.int64), np.zeros((0, g.shape[1]), np.float32)
        rows = np.repeat(np.arange(self.rows), np.diff(self.indptr))
        order = np.argsort(self.indices, kind="stable")
        cols = self.indices[order]
        contrib = g[rows[order]] * self.values[order][:, None]
        starts = np.flatnonzero(np.concatenate([[True], cols[1:] != cols[:-1]]))
        return cols[starts], np.add.reduceat(contrib, starts, axis=0)


def encode(features: Sequence[Sequence[str]], vocab: dict[str, int]) -> Sparse:
    indptr = [0]
    indices: list[int] = []
    values: list[float] = []
    for feats in features:
        ids = sorted({vocab[f] for f in feats if f in vocab})
        indices += ids
        if ids:
            values += [1.0 / np.sqrt(len(ids))] * len(ids)
        indptr.append(len(indices))
    return Sparse(np.array(indptr, np.int64), np.array(indices, np.int64),
                  np.array(values, np.float32))


@dataclass
class Model:
    """Weights for every criterion's classes side by side, and each criterion's slice."""

    vocab: dict[str, int]
    heads: dict[str, list[str]]  # criterion -> classes (first is `none`)
    weights: np.ndarray  # (n_features + dense_dim, n_outputs)
    bias: np.ndarray
    temperature: dict[str, float]
    dense_dim: int = 0

    def offsets(self) -> dict[str, tuple[int, int]]:
        out, pos = {}, 0
        for cid, classes in self.heads.items():
            out[cid] = (pos, pos + len(classes))
            pos += len(classes)
        return out

    def logits(self, x: Sparse, dense: np.ndarray | None = None) -> np.ndarray:
        n_sparse = len(self.vocab)
        z = x.dot(self.weights[:n_sparse]) + self.bias
        if self.dense_dim and dense is not None:
            z += dense @ self.weights[n_sparse:]
        return z

    def probabilities(self, x: Sparse, dense: np.ndarray | None = None
                      ) -> dict[str, np.ndarray]:
        """criterion -> (rows, classes) calibrated probabilities."""
        z = self.logits(x, dense)
        out = {}
        for cid, (a, b) in self.offsets().items():
            out[cid] = _softmax(z[:, a:b] / self.temperature.get(cid, 1.0))
        return out

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        meta = {"vocab": sorted(self.vocab, key=self.vocab.get), "heads": self.heads,
                "temperature": self.temperature, "dense_dim": self.dense_dim}
        np.savez(tmp, weights=self.weights.astype(np.float16), bias=self.bias,
                 meta=np.array(json.dumps(meta, ensure_ascii=False)))
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> Model:
        data = np.load(path)
        meta = json.loads(str(data["meta"]))
        vocab = {f: i for i, f in enumerate(meta["vocab"])}
        return cls(vocab, meta["heads"], data["weights"].astype(np.float32), data["bias"],
                   meta["temperature"], int(meta["dense_dim"]))


def stable_fold(text: str, folds: int) -> int:
    """A statement's fold, stable across runs and machines (a hash of its text)."""
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:8], 16) % folds


def subset(st: Statements, rows: Sequence[int]) -> Statements:
    return Statements(*(tuple(getattr(st, f)[i] for i in rows)
                        for f in ("criteria", "statuses", "texts", "sources")))


def total_steps(n: int, epochs: int = EPOCHS) -> int:
    return epochs * ((n + BATCH - 1) // BATCH)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def heads_for(st: Statements, criteria: Sequence[str]) -> dict[str, list[str]]:
    """The classes of each criterion that has statements: `none` first, then its statuses."""
    seen: dict[str, set[str]] = {}
    for c, s in zip(st.criteria, st.statuses, strict=True):
        seen.setdefault(c, set()).add(s)
    return {cid: [NONE, *sorted(seen[cid])] for cid in criteria if cid in seen}


def build_vocab(features: Sequence[Sequence[str]], min_df: int = MIN_DF) -> dict[str, int]:
    df = Counter(f for feats in features for f in set(feats))
    return {f: i for i, f in enumerate(sorted(f for f, n in df.items() if n >= min_df))}


def targets(st: Statements, heads: dict[str, list[str]]) -> np.ndarray:
    """(statements, criteria) class index of each statement under each head."""
    cids = list(heads)
    y = np.zeros((len(st), len(cids)), dtype=np.int64)
    for i, (c, s) in enumerate(zip(st.criteria, st.statuses, strict=True)):
        if c in heads:
            y[i, cids.index(c)] = heads[c].index(s)
    return y


def train(features: Sequence[Sequence[str]], st: Statements, criteria: Sequence[str],
          dense: np.ndarray | None = None, progress: Progress | None = None,
          epochs: int = EPOCHS) -> Model:
    """Fit every head at once; temperatures are 1 until `calibrate`."""
    heads = heads_for(st, criteria)
    vocab = build_vocab(features)
    x = encode(features, vocab)
    y = targets(st, heads)
    offsets = []
    pos = 0
    for classes in heads.values():
        offsets.append((pos, pos + len(classes)))
        pos += len(classes)
    n_sparse = len(vocab)
    dense_dim = 0 if dense is None else dense.shape[1]
    rng = np.random.default_rng(SEED)
    w = np.zeros((n_sparse + dense_dim, pos), dtype=np.float32)
    b = np.zeros(pos, dtype=np.float32)
    # Class weights per head: the statuses share half the weight, `none` the other half,
    # so a criterion's few statements are not drowned by everyone else's.
    sample_w = np.zeros(y.shape, dtype=np.float32)
    for h, classes in enumerate(heads.values()):
        counts = np.bincount(y[:, h], minlength=len(classes)).astype(np.float32)
        per_class = np.where(counts > 0, 1.0 / np.maximum(counts, 1), 0.0)
        per_class[0] *= (len(classes) - 1)  # none weighs as much as all statuses together
        sample_w[:, h] = per_class[y[:, h]]
    sample_w *= len(y) / sample_w.sum(axis=0, keepdims=True).clip(1e-9)
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    mb = np.zeros_like(b)
    vb = np.zeros_like(b)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    step = 0
    n = len(y)
    total = total_steps(n, epochs)
    for _epoch in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, BATCH):
            rows = order[start:start + BATCH]
            xb = x.take(rows)
            z = xb.dot(w[:n_sparse]) + b
            if dense_dim:
                z += dense[rows] @ w[n_sparse:]
            g = np.zeros_like(z)
            for h, (a, e) in enumerate(offsets):
                p = _softmax(z[:, a:e])
                p[np.arange(len(rows)), y[rows, h]] -= 1.0
                g[:, a:e] = p * sample_w[rows, h][:, None]
            g /= len(rows)
            grad = L2 * w
            cols, gs = xb.tdot(g, n_sparse)
            grad[cols] += gs
            if dense_dim:
                grad[n_sparse:] += dense[rows].T @ g
            gb = g.sum(axis=0)
            step += 1
            m = beta1 * m + (1 - beta1) * grad
            v = beta2 * v + (1 - beta2) * grad * grad
            mb = beta1 * mb + (1 - beta1) * gb
            vb = beta2 * vb + (1 - beta2) * gb * gb
            corr = np.sqrt(1 - beta2 ** step) / (1 - beta1 ** step)
            w -= LR * corr * m / (np.sqrt(v) + eps)
            b -= LR * corr * mb / (np.sqrt(vb) + eps)
            if progress and step % 10 == 0:
                progress(step, total)
    log.info("trained the extraction model: %d statements, %d features", n, n_sparse)
    return Model(vocab, heads, w, b, {cid: 1.0 for cid in heads}, dense_dim)


def calibrate(model: Model, features: Sequence[Sequence[str]], st: Statements,
              dense: np.ndarray | None = None) -> dict[str, float]:
    """One temperature per head minimising the held-out log loss (a grid search)."""
    x = encode(features, model.vocab)
    z = model.logits(x, dense)
    y = targets(st, model.heads)
    out = {}
    for h, (cid, (a, e)) in enumerate(model.offsets().items()):
        best = (np.inf, 1.0)
        for t in np.exp(np.linspace(np.log(0.3), np.log(6.0), 40)):
            p = _softmax(z[:, a:e] / t)
            loss = -np.mean(np.log(p[np.arange(len(y)), y[:, h]] + 1e-9))
            best = min(best, (loss, float(t)))
        out[cid] = round(best[1], 4)
    return out
