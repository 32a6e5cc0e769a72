"""Calibrate the "nothing relevant" gate: top dense similarity and top BM25 score of the
eval questions (in scope) against bench/offtopic.yaml (out of scope). Prints, asserts nothing."""

from __future__ import annotations

import statistics
from pathlib import Path

import yaml

from app.config import Settings
from app.evaluation.scenarios import load_suite
from app.retrieval import is_relevant
from app.runtime import get_runtime

HERE = Path(__file__).parent


def main() -> None:
    settings = Settings()
    rt = get_runtime(settings)
    retriever = rt.retriever()
    questions = [q.question for q in load_suite([settings.scenarios_dir]).questions]
    offtopic = yaml.safe_load((HERE / "offtopic.yaml").read_text(encoding="utf-8"))["offtopic"]
    for label, texts in (("in scope", questions), ("off topic", offtopic)):
        hits = [retriever.search(t, k=5) for t in texts]
        sims = [h.top_similarity for h in hits]
        bm25 = [h.top_bm25 for h in hits]
        kept = sum(is_relevant(h.top_similarity, h.top_bm25) for h in hits)
        print(f"{label:9s} n={len(texts):3d} similarity min/median/max "
              f"{min(sims):.3f}/{statistics.median(sims):.3f}/{max(sims):.3f}  "
              f"bm25 min/median/max {min(bm25):.1f}/{statistics.median(bm25):.1f}/"
              f"{max(bm25):.1f}  judged relevant {kept}/{len(texts)}")


if __name__ == "__main__":
    main()
