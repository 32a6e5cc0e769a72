"""Eval page: run the bundled scenario suite and show metrics, confusion matrix, failures."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app.evaluation.report import summary_rows
from app.evaluation.runner import run_eval
from app.rubric import VERDICTS
from app.ui.state import Context

RESULT_KEY = "eval-result"


def render(ctx: Context) -> None:
    st.header(ctx.t("page_eval"))
    st.caption(ctx.t("eval_intro"))
    if st.button(ctx.t("run_eval"), type="primary", key="run-eval"):
        bar = st.progress(0.0, text=ctx.t("evaluating", done=0, total="?"))

        def progress(done: int, total: int) -> None:
            bar.progress(done / max(total, 1), text=ctx.t("evaluating", done=done, total=total))

        st.session_state[RESULT_KEY] = run_eval(ctx.settings, progress=progress).as_dict()
        bar.empty()
    data = st.session_state.get(RESULT_KEY)
    if data:
        _show(ctx, data)


def _show(ctx: Context, data: dict) -> None:
    m = data["metrics"]
    cols = st.columns(4)
    headline = [("verdict_accuracy", m.get("verdict_accuracy")),
                ("unmet_f1", (m.get("unmet") or {}).get("f1")),
                ("citation_validity", m.get("citation_validity")),
                ("hybrid_hit5", (m.get("retrieval") or {}).get("hybrid", {}).get("hit@5"))]
    for col, (key, value) in zip(cols, headline, strict=True):
        col.metric(ctx.t(key), "-" if value is None else f"{value:.2f}")
    st.subheader(ctx.t("summary"))
    st.dataframe(pd.DataFrame(summary_rows(data), columns=[ctx.t("metric"), ctx.t("value")]),
                 hide_index=True)
    if "confusion" in m:
        st.subheader(ctx.t("confusion"))
        matrix = pd.DataFrame([[m["confusion"][e][p] for p in VERDICTS] for e in VERDICTS],
                              index=list(VERDICTS), columns=list(VERDICTS))
        st.dataframe(matrix)
    st.subheader(ctx.t("failing"))
    failing = [s for s in data["scenarios"] if not s["passed"]]
    if not failing:
        st.success(ctx.t("all_pass"))
        return
    st.dataframe(pd.DataFrame([{
        "id": s["id"], "file": s["source"], "lang": s["lang"],
        "expected": s["expected_verdict"], "got": s["verdict"],
        "missed unmet": ", ".join(s["missed_unmet"]),
        "extra unmet": ", ".join(s["extra_unmet"]),
    } for s in failing]), hide_index=True)
