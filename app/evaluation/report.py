"""Write eval reports: report.json, report.md, junit.xml, report.html; gates and compare."""

from __future__ import annotations

import html
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import yaml

from app.errors import KnowledgeError
from app.evaluation.runner import EvalResult
from app.rubric import VERDICTS


def write_reports(result: EvalResult, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    data = result.as_dict()
    paths = {
        "report.json": json.dumps(data, ensure_ascii=False, indent=2),
        "report.md": render_markdown(data),
        "junit.xml": render_junit(data),
        "report.html": render_html(data),
    }
    written = []
    for name, text in paths.items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def summary_rows(data: dict) -> list[tuple[str, str]]:
    m = data["metrics"]
    rows: list[tuple[str, str]] = []
    for key in ("verdict_accuracy", "verdict_accuracy_lenient", "met_recall",
                "checklist_score", "violation_rate", "citation_validity", "must_mention_rate"):
        if m.get(key) is not None:
            rows.append((key, f"{m[key]:.3f}"))
    if "unmet" in m:
        for key in ("precision", "recall", "f1"):
            rows.append((f"unmet_{key}", f"{m['unmet'][key]:.3f}"))
    if m.get("offtopic_questions"):
        rows.append(("offtopic_padded", f"{m['offtopic_padded']} of {m['offtopic_questions']}"))
    if m.get("ontopic_refused_rate") is not None:
        rows.append(("ontopic_refused_rate", f"{m['ontopic_refused_rate']:.3f}"))
    prop = m.get("proposal")
    if prop:
        rows.append(("proposal_checks_pass_rate", f"{prop['checks_pass_rate']:.3f}"))
        for name, rate in prop["per_check"].items():
            rows.append((f"proposal {name}", f"{rate:.3f}"))
        for lang, ln in prop["length"].items():
            rows.append((f"proposal length {lang} median / p95 ({ln['unit']}, budget "
                         f"{ln['budget']})", f"{ln['median']:.0f} / {ln['p95']:.0f}"))
        for split, rate in prop["by_file"].items():
            rows.append((f"proposal_checks_pass_rate ({split})", f"{rate:.3f}"))
    if m.get("approach_accuracy") is not None:
        rows.append((f"approach_accuracy ({m['approach_scenarios']} scenarios)",
                     f"{m['approach_accuracy']:.3f}"))
    for split, sm in (m.get("by_file") or {}).items():
        rows.append((f"verdict_accuracy ({split})", f"{sm['verdict_accuracy']:.3f}"))
        rows.append((f"unmet_f1 ({split})", f"{sm['unmet_f1']:.3f}"))
    for cmd, lat in (m.get("latency_ms") or {}).items():
        rows.append((f"latency_ms {cmd} p50 / p95", f"{lat['p50']:.0f} / {lat['p95']:.0f}"))
    return rows


def render_markdown(data: dict) -> str:
    meta, m = data["meta"], data["metrics"]
    lines = [
        "# mlscope eval report", "",
        f"git `{meta.get('git_sha') or '-'}` · mode `{meta['mode']}` · embeddings "
        f"`{meta['embedding_model']}` · knowledge `{meta['knowledge_version']}` · "
        f"{meta['seconds']} s", "",
        "| metric | value |", "|---|---|",
    ]
    lines += [f"| {k} | {v} |" for k, v in summary_rows(data)]
    if "retrieval" in m:
        lines += ["", "## Retrieval", "", "| method | hit@1 | hit@3 | hit@5 | recall@5 | mrr@5 |",
                  "|---|---|---|---|---|---|"]
        for method, r in m["retrieval"].items():
            lines.append(f"| {method} | {r['hit@1']:.3f} | {r['hit@3']:.3f} | {r['hit@5']:.3f} "
                         f"| {r['recall@5']:.3f} | {r['mrr@5']:.3f} |")
    if "confusion" in m:
        lines += ["", "## Confusion matrix (rows: expected, columns: predicted)", "",
                  "| | " + " | ".join(VERDICTS) + " |", "|---" * (len(VERDICTS) + 1) + "|"]
        for exp in VERDICTS:
            lines.append(f"| {exp} | " + " | ".join(str(m["confusion"][exp][p]) for p in VERDICTS)
                         + " |")
    failing = [s for s in data["scenarios"] if not s["passed"]]
    if failing:
        lines += ["", "## Failing scenarios", ""]
        for s in failing:
            lines.append(f"- **{s['id']}** ({s['source']}, {s['lang']}): expected "
                         f"`{s['expected_verdict']}`, got `{s['verdict']}`; missed unmet "
                         f"{s['missed_unmet'] or '-'}, extra unmet {s['extra_unmet'] or '-'}")
            for cid, ev in list(s.get("evidence", {}).items())[:4]:
                lines.append(f"  - {cid}: “{ev}”")
    bad = [s for s in data["scenarios"] if s.get("proposal") and not s["proposal"]["passed"]]
    if bad:
        lines += ["", "## Proposals failing a check", ""]
        for s in bad:
            lines.append(f"- **{s['id']}** ({s['source']}, {s['lang']}, `{s['verdict']}`): "
                         + "; ".join(s["proposal"]["failures"]))
    wrong = [s for s in data["scenarios"] if s.get("proposal")
             and s["proposal"]["approach_correct"] is False]
    if wrong:
        lines += ["", "## Approach different from expected", ""]
        lines += [f"- **{s['id']}**: expected `{s['proposal']['expected_approach']}`, got "
                  f"`{s['proposal']['approach']}` (verdict `{s['verdict']}`)" for s in wrong]
    missed = [q for q in data["questions"] if not q["hit@5"]]
    if missed:
        lines += ["", "## Questions whose cards were not in the hybrid top 5", ""]
        lines += [f"- **{q['id']}**: expected {q['expected_cards']}, got "
                  f"{q['ranked']['hybrid']}" for q in missed]
    return "\n".join(lines) + "\n"


def render_junit(data: dict) -> str:
    suite = ET.Element("testsuite", name="mlscope-eval")
    failures = 0
    for s in data["scenarios"]:
        case = ET.SubElement(suite, "testcase", classname=f"scenarios.{s['source']}",
                             name=s["id"], time=f"{s['latency_ms'] / 1000:.3f}")
        if not s["passed"]:
            failures += 1
            ET.SubElement(case, "failure", message=(
                f"expected {s['expected_verdict']}, got {s['verdict']}; missed unmet "
                f"{s['missed_unmet']}, extra unmet {s['extra_unmet']}"))
        prop = s.get("proposal")
        if prop:
            pcase = ET.SubElement(suite, "testcase", classname=f"proposals.{s['source']}",
                                  name=s["id"], time=f"{prop['latency_ms'] / 1000:.3f}")
            if not prop["passed"]:
                failures += 1
                ET.SubElement(pcase, "failure", message="; ".join(prop["failures"]))
    for q in data["questions"]:
        case = ET.SubElement(suite, "testcase", classname=f"questions.{q['source']}",
                             name=q["id"], time=f"{q['latency_ms'] / 1000:.3f}")
        if not q["hit@5"]:
            failures += 1
            ET.SubElement(case, "failure", message=f"expected {q['expected_cards']} in top 5, "
                                                   f"got {q['ranked']['hybrid']}")
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(failures))
    return ET.tostring(suite, encoding="unicode", xml_declaration=True)


def _bar_chart(items: list[tuple[str, float]], width: int = 420) -> str:
    rows = []
    for n, (label, value) in enumerate(items):
        y = n * 22
        w = max(0.0, min(1.0, value)) * width
        rows.append(f'<text x="0" y="{y + 14}" font-size="12">{html.escape(label)}</text>'
                    f'<rect x="150" y="{y + 3}" width="{w:.0f}" height="15" fill="#4f7cac"/>'
                    f'<text x="{155 + w:.0f}" y="{y + 15}" font-size="11">{value:.2f}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width + 200}" '
            f'height="{len(items) * 22 + 6}">{"".join(rows)}</svg>')


def _confusion_svg(conf: dict) -> str:
    size, pad = 70, 90
    peak = max([conf[e][p] for e in VERDICTS for p in VERDICTS] + [1])
    cells = []
    for i, exp in enumerate(VERDICTS):
        cells.append(f'<text x="0" y="{pad + i * size + 40}" font-size="12">{exp}</text>')
        for j, pred in enumerate(VERDICTS):
            v = conf[exp][pred]
            shade = int(245 - 180 * v / peak)
            color = f"rgb({shade},{shade + 5 if shade < 250 else 250},255)"
            cells.append(f'<rect x="{pad + j * size}" y="{pad + i * size}" width="{size - 2}" '
                         f'height="{size - 2}" fill="{color}"/><text x="{pad + j * size + 28}" '
                         f'y="{pad + i * size + 40}" font-size="14">{v}</text>')
    heads = "".join(f'<text x="{pad + j * size + 4}" y="{pad - 8}" font-size="11">{p}</text>'
                    for j, p in enumerate(VERDICTS))
    dim = pad + size * len(VERDICTS) + 10
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{dim}" height="{dim}">'
            f'{heads}{"".join(cells)}</svg>')


def render_html(data: dict) -> str:
    m = data["metrics"]
    parts = ["<!doctype html><html><head><meta charset='utf-8'><title>mlscope eval</title>",
             "<style>body{font-family:sans-serif;max-width:960px;margin:2em auto}"
             "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}"
             ".fail{color:#b00}</style></head><body><h1>mlscope eval report</h1>",
             f"<p>mode {html.escape(data['meta']['mode'])} · git "
             f"{html.escape(data['meta'].get('git_sha') or '-')} · {data['meta']['seconds']} s"
             "</p><table><tr><th>metric</th><th>value</th></tr>"]
    parts += [f"<tr><td>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>"
              for k, v in summary_rows(data)]
    parts.append("</table>")
    if "confusion" in m:
        parts += ["<h2>Confusion matrix</h2><p>rows: expected · columns: predicted</p>",
                  _confusion_svg(m["confusion"])]
    if "per_criterion" in m:
        parts += ["<h2>Per-criterion status agreement</h2>",
                  _bar_chart([(c, v["f1"]) for c, v in m["per_criterion"].items()])]
    if "retrieval" in m:
        parts += ["<h2>Retrieval hit@5 / MRR@5</h2>",
                  _bar_chart([(f"{meth} hit@5", r["hit@5"]) for meth, r in m["retrieval"].items()]
                             + [(f"{meth} mrr@5", r["mrr@5"]) for meth, r in
                                m["retrieval"].items()])]
    failing = [s for s in data["scenarios"] if not s["passed"]]
    if failing:
        parts.append("<h2>Failing scenarios</h2><ul>")
        parts += [f"<li class='fail'>{html.escape(s['id'])}: expected "
                  f"{html.escape(s['expected_verdict'])}, got {html.escape(s['verdict'])}</li>"
                  for s in failing]
        parts.append("</ul>")
    parts.append("</body></html>")
    return "".join(parts)


def _lookup(metrics: dict, dotted: str):
    value = metrics
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def check_gates(metrics: dict, gates_path: Path) -> list[str]:
    """Floors from gates.yaml that the metrics miss (an empty list passes)."""
    try:
        gates = yaml.safe_load(gates_path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        raise KnowledgeError(f"{gates_path}: cannot read the gates file") from None
    failures = []
    for name, floor in (gates.get("floors") or {}).items():
        value = _lookup(metrics, name)
        if value is None:
            continue  # the metric was not computed in this run (e.g. no scenarios given)
        if value < floor:
            failures.append(f"{name} = {value:.3f} < floor {floor}")
    for name, ceiling in (gates.get("ceilings") or {}).items():
        value = _lookup(metrics, name)
        if value is not None and value > ceiling:
            failures.append(f"{name} = {value:.3f} > ceiling {ceiling}")
    return failures


def compare(old: dict, new: dict) -> list[str]:
    """Metrics and scenarios that changed between two report.json files."""
    lines = []

    def flat(d: dict, prefix: str = "") -> dict[str, float]:
        out = {}
        for k, v in d.items():
            key = f"{prefix}{k}"
            if isinstance(v, dict):
                out.update(flat(v, key + "."))
            elif isinstance(v, int | float) and not isinstance(v, bool):
                out[key] = v
        return out

    fo, fn = flat(old.get("metrics", {})), flat(new.get("metrics", {}))
    for key in sorted(set(fo) | set(fn)):
        if key.startswith("latency_ms"):
            continue  # timings always move; compare them with the benchmark instead
        a, b = fo.get(key), fn.get(key)
        if a != b:
            lines.append(f"metric {key}: {a} -> {b}")
    so = {s["id"]: s for s in old.get("scenarios", [])}
    sn = {s["id"]: s for s in new.get("scenarios", [])}
    for sid in sorted(set(so) | set(sn)):
        a, b = so.get(sid), sn.get(sid)
        if a is None or b is None:
            lines.append(f"scenario {sid}: {'added' if a is None else 'removed'}")
        elif (a["verdict"], a["passed"]) != (b["verdict"], b["passed"]):
            lines.append(f"scenario {sid}: {a['verdict']} ({'pass' if a['passed'] else 'fail'})"
                         f" -> {b['verdict']} ({'pass' if b['passed'] else 'fail'})")
        elif (a.get("proposal") or {}).get("passed") != (b.get("proposal") or {}).get("passed"):
            was, now = ((x.get("proposal") or {}).get("passed") for x in (a, b))
            lines.append(f"scenario {sid}: proposal checks {was} -> {now}")
    qo = {q["id"]: q for q in old.get("questions", [])}
    qn = {q["id"]: q for q in new.get("questions", [])}
    for qid in sorted(set(qo) & set(qn)):
        if qo[qid]["hit@5"] != qn[qid]["hit@5"]:
            lines.append(f"question {qid}: hit@5 {qo[qid]['hit@5']} -> {qn[qid]['hit@5']}")
    return lines
