"""Eval page: run the bundled scenario suite and show metrics, charts and failures."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app.evaluation.report import _bar_chart, _confusion_svg, summary_rows
from app.evaluation.runner import run_eval
from app.ui.i18n import STRINGS
from app.ui.state import Context

RESULT_KEY = "eval-result"


def render(ctx: Context) -> None:
    st.header(ctx.t("page_eval"))
    st.caption(ctx.t("eval_intro"))
    if st.button(ctx.t("run_eval"), type="primary", key="run-eval"):
        bar = st.progress(0.0, text=ctx.t("evaluating", done=0, total="?"))

        def progress(done: int, total: int) -> None:
            bar.progress(done / max(total, 1), text=ctx.t("evaluating", done=done, total=total))

        with st.spinner(ctx.t("eval_running")):
            st.session_state[RESULT_KEY] = run_eval(ctx.settings, progress=progress).as_dict()
        bar.empty()
    data = st.session_state.get(RESULT_KEY)
    if data:
        _show(ctx, data)


def metric_name(ctx: Context, raw: str) -> str:
    """A plain-language name for one of summary_rows' raw metric keys."""
    if raw.startswith("latency_ms "):
        return ctx.t("m_latency", cmd=raw.split()[1])
    key, _, split = raw.partition(" (")
    name = ctx.t("m_" + key) if "m_" + key in STRINGS else key
    return f"{name} ({split}" if split else name


def _svg(svg: str) -> None:
    st.html(f'<div class="mlscope-chart">{svg}</div>')


def _show(ctx: Context, data: dict) -> None:
    m = data["metrics"]
    cols = st.columns(4)
    headline = [("m_verdict_accuracy", m.get("verdict_accuracy")),
                ("m_unmet_f1", (m.get("unmet") or {}).get("f1")),
                ("m_citation_validity", m.get("citation_validity")),
                ("hybrid_hit5", (m.get("retrieval") or {}).get("hybrid", {}).get("hit@5"))]
    for col, (key, value) in zip(cols, headline, strict=True):
        col.metric(ctx.t(key), "-" if value is None else f"{value:.2f}")
    st.subheader(ctx.t("summary"))
    rows = [(metric_name(ctx, k), v.replace(" of ", f" {ctx.t('of')} "))
            for k, v in summary_rows(data)]
    st.dataframe(pd.DataFrame(rows, columns=[ctx.t("metric"), ctx.t("value")]), hide_index=True)
    rubric = ctx.runtime.knowledge.rubric
    verdict = {v: labels[ctx.lang] for v, labels in rubric.verdict_labels.items()}
    if "confusion" in m:
        st.subheader(ctx.t("confusion"))
        _svg(_confusion_svg(m["confusion"], verdict))
    names = {cid: c.label[ctx.lang] for cid, c in rubric.criteria.items()}
    if m.get("per_criterion"):
        st.subheader(ctx.t("per_criterion"))
        _svg(_bar_chart([(names.get(c, c), v["f1"]) for c, v in m["per_criterion"].items()]))
    if m.get("retrieval"):
        st.subheader(ctx.t("retrieval_chart"))
        _svg(_bar_chart([(meth, r["hit@5"]) for meth, r in m["retrieval"].items()]))
    st.subheader(ctx.t("failing"))
    failing = [s for s in data["scenarios"] if not s["passed"]]
    if not failing:
        st.success(ctx.t("all_pass"))
        return
    st.dataframe(pd.DataFrame([{
        ctx.t("col_id"): s["id"], ctx.t("col_file"): s["source"], ctx.t("col_lang"): s["lang"],
        ctx.t("col_expected"): verdict.get(s["expected_verdict"], s["expected_verdict"]),
        ctx.t("col_got"): verdict.get(s["verdict"], s["verdict"]),
        ctx.t("col_missed"): ", ".join(names.get(c, c) for c in s["missed_unmet"]),
        ctx.t("col_extra"): ", ".join(names.get(c, c) for c in s["extra_unmet"]),
    } for s in failing]), hide_index=True)
