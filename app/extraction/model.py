"""`extract_statuses`: one Finding per rubric criterion from a free-text problem description.

The text is split into clauses (app.extraction.clauses). Two sources vote per clause: the
bilingual cue rules (app.extraction.rules, with negation scope and volumes parsed from
numbers) and the learned layer (app.extraction.learned: calibrated per-criterion
classifiers over the clause's n-grams and cues, trained on the statement banks). They are
fused per criterion with abstention thresholds (app.extraction.decide), the rubric's
cross-criterion inferences are applied, and finally the scope rules
(app.extraction.scope): when `fairness` / `data_rights` do not apply, and the safety rules
that hold whatever the learned layer reads.

The trained model is built by `mlscope index` (or on first use) and cached in the home's
cache folder under a hash of the statement banks, so the first assessment does not train.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from app.extraction import learned
from app.extraction.clauses import Clause, split_clauses
from app.extraction.decide import Finding, Params, combine, infer
from app.extraction.features import FEATURES_VERSION, clause_features
from app.extraction.guards import guard
from app.extraction.rules import Hit, rule_hits
from app.extraction.scope import apply_scope
from app.extraction.statements import banks_digest, load_statements
from app.rubric import Rubric
from app.yaml_data import load_yaml

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

log = logging.getLogger(__name__)

PARAMS_PATH = Path(__file__).parent / "data" / "extractor.yaml"
HOLDOUT_MOD = 5  # every 5th statement (by hash) calibrates the temperatures


# The shipped variants of the learned layer: whether the cues' verdicts are features too.
# (bench/extraction_models.py also measures e5-vector variants; see data/extractor.yaml.)
VARIANTS = {"ngrams": False, "ngrams+cues": True}


def load_params(path: Path = PARAMS_PATH) -> tuple[Params, str]:
    raw = (load_yaml(path.read_text(encoding="utf-8")) if path.exists() else None) or {}
    fields = dict(raw.get("params") or {})
    for name in ("never_unmet_alone", "model_unmet_trusted"):
        if fields.get(name) is not None:
            fields[name] = tuple(fields[name])
    variant = raw.get("variant", "ngrams")
    if variant not in VARIANTS:
        raise ValueError(f"{path}: variant {variant!r} is not one of {list(VARIANTS)}")
    return Params(**fields), variant


_PARAMS: tuple[Params, str] | None = None


def params() -> Params:
    return _config()[0]


def cue_features() -> bool:
    return VARIANTS[_config()[1]]


def _config() -> tuple[Params, str]:
    global _PARAMS
    if _PARAMS is None:
        _PARAMS = load_params()
    return _PARAMS


def extract_statuses(
    text: str,
    lang: str,
    embeddings: Embeddings | None,
    cache_dir: Path | None,
    rubric: Rubric,
    *,
    use_model: bool = True,
) -> dict[str, Finding]:
    """A Finding for every criterion of the rubric, in its order (`unknown` where the
    extractor has no data for a criterion).

    `lang` and `embeddings` are accepted for the interface: the cues and n-grams are
    bilingual and run on every clause (descriptions often mix Japanese and English), and the
    learned layer needs no vectors (bench/extraction_models.py measured e5 vectors against
    n-grams; see data/extractor.yaml).
    """
    text = text or ""
    clauses = split_clauses(text)
    raw_hits = rule_hits(clauses)
    model = extractor_model(cache_dir) if use_model and clauses else None
    probs = predict(model, clauses, raw_hits) if model is not None else None
    return read(text, clauses, raw_hits, probs, model.heads if model else {}, params(), rubric)


def read(text: str, clauses: Sequence[Clause], raw_hits: list[Hit], probs, heads,
         p: Params, rubric: Rubric) -> dict[str, Finding]:
    """The findings, given the clauses, their cue hits and the learned probabilities."""
    findings = combine(rubric.ids, clauses, guard(raw_hits, text), probs, heads, p)
    findings = infer(findings, text)
    return apply_scope(findings, text, clauses, rubric) if p.use_scope else findings


def predict(model: learned.Model, clauses: Sequence[Clause], hits: list[Hit]):
    by_clause: dict[int, list[Hit]] = defaultdict(list)
    for hit in hits:
        by_clause[id(hit.clause)].append(hit)
    cues = cue_features()
    feats = [clause_features(c, by_clause.get(id(c), []) if cues else None) for c in clauses]
    return model.probabilities(learned.encode(feats, model.vocab))


# -- the trained model: built once per statement banks, cached on disk and in memory -------

_MODELS: dict[str, learned.Model] = {}
_LOCK = threading.Lock()


def model_key() -> str:
    return f"{banks_digest()}-{FEATURES_VERSION}-{learned.VERSION}-{_config()[1]}"


def model_path(cache_dir: Path, key: str | None = None) -> Path:
    return cache_dir / f"extraction-model-{key or model_key()}.npz"


def extractor_model(cache_dir: Path | None, progress: learned.Progress | None = None
                    ) -> learned.Model:
    """The trained model: from memory, else from `cache_dir`, else trained (and saved)."""
    key = model_key()
    cached = model_path(cache_dir, key) if cache_dir else None
    with _LOCK:
        model = _MODELS.get(key)
        if model is None and cached is not None and cached.exists():
            try:
                model = learned.Model.load(cached)
            except (OSError, ValueError, KeyError) as exc:
                log.warning("rebuilding the extraction model (%s)", exc.__class__.__name__)
                model = None
        if model is None:
            model = train_model(progress)
        if cached is not None and not cached.exists():
            try:
                model.save(cached)  # every home keeps its own copy
            except OSError as exc:  # a read-only cache is not fatal
                log.warning("could not cache the extraction model: %s", exc)
        _MODELS[key] = model
        return model


def train_model(progress: learned.Progress | None = None) -> learned.Model:
    """Train on every statement bank; temperatures come from a fit on 4/5 of them,
    calibrated on the held-out fifth."""
    st = load_statements()
    cues = cue_features()
    feats = [clause_features(_as_clause(t), rule_hits([_as_clause(t)]) if cues else None)
             for t in st.texts]
    criteria = sorted({c for c in st.criteria if c != learned.NONE})
    held = [learned.stable_fold(t, HOLDOUT_MOD) == 0 for t in st.texts]
    fit_idx = [i for i, h in enumerate(held) if not h]
    cal_idx = [i for i, h in enumerate(held) if h]

    def steps(offset: int, share: float):
        if progress is None:
            return None
        return lambda done, total: progress(offset + int(done * share), 100)

    probe = learned.train([feats[i] for i in fit_idx], learned.subset(st, fit_idx), criteria,
                          progress=steps(0, 40 / max(1, learned.total_steps(len(fit_idx)))))
    temps = learned.calibrate(probe, [feats[i] for i in cal_idx], learned.subset(st, cal_idx))
    model = learned.train(feats, st, criteria,
                          progress=steps(40, 60 / max(1, learned.total_steps(len(st)))))
    model.temperature = temps
    if progress:
        progress(100, 100)
    return model


def _as_clause(text: str) -> Clause:
    return Clause(0, len(text), text, text, 0)
