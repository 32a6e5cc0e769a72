"""The `mlscope` command line. Turns `AppError` into a one-line reason and an exit code."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from app.cli_docs import docs_app
from app.cli_edge import run_cli
from app.cli_feedback import feedback_app
from app.config import Settings, get_settings
from app.errors import AppError, InputError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="mlscope: is this business problem a fit for machine learning?")
out = Console()
err = Console(stderr=True, soft_wrap=True)


def _settings() -> Settings:
    return get_settings()


def _backends(label: str = "Preparing (first run)", *, reader: bool = True,
              retriever: bool = True):
    """The backends for this process, with (when `retriever`) the index built first, with a
    progress bar, and (when `reader`) the problem reader's trained model ready."""
    # Imported here, not at the top: `mlscope --help` and `doctor` must start fast.
    from app.backends import make_backends

    backends = make_backends(_settings())
    if retriever:
        with _progress(label) as progress:
            backends.runtime.retriever(progress)
    if reader:
        with _progress("Preparing the problem reader (first run)") as progress:
            backends.runtime.extractor(progress)
    return backends


@contextmanager
def _progress(label: str):
    """A rich progress bar on a terminal; silent otherwise (pipes, CI, --json)."""
    if not err.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress(f"[bold]{label}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or 1)

        yield update


def _emit_json(payload: dict) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")


def _read_text(source: str | None) -> str:
    if source in (None, "-"):
        if sys.stdin.isatty():
            raise InputError("Give a file, or pipe the problem text on stdin (`-`).")
        return sys.stdin.read()
    path = Path(source)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: file not found.") from None
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.__class__.__name__
        raise InputError(f"{path}: cannot read it as UTF-8 text ({why}).") from None


@app.command()
def index(rebuild: Annotated[bool, typer.Option("--rebuild", help="Re-embed everything.")] = False
          ) -> None:
    """Build or update the knowledge index (only changed cards are re-embedded)."""
    from app.runtime import get_runtime

    rt = get_runtime(_settings())
    with _progress("Indexing knowledge cards") as progress:
        stats = rt.build_index(rebuild=rebuild, progress=progress)
    with _progress("Training the problem reader") as progress:
        rt.extractor(progress)
    err.print(
        f"Index {'rebuilt' if stats.rebuilt else 'updated'}: {stats.added} added, "
        f"{stats.updated} updated, {stats.removed} removed, {stats.unchanged} unchanged "
        f"({len(rt.knowledge.cards)} cards, {stats.seconds:.1f} s)."
    )


@app.command()
def ask(question: Annotated[str, typer.Argument(help="Your question; `-` reads stdin.")],
        as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
        k: Annotated[int, typer.Option("--k", min=1, max=20, help="Cards to retrieve.")] = 5,
        ) -> None:
    """Answer a question about scoping principles, citing knowledge cards."""
    from app.chat import answer

    text = _read_text("-") if question == "-" else question
    backends = _backends("Building the index (first run)", reader=False)
    if as_json:
        result = answer(text, backends=backends, k=k)
        _emit_json(result.as_dict())
        return
    result = answer(text, backends=backends, k=k,
                    on_token=lambda t: out.print(t, end="", markup=False, highlight=False))
    out.print()
    _print_footer(result)


def _print_footer(result) -> None:
    for notice in result.notices:
        err.print(f"[yellow]notice:[/] {notice}", markup=True, highlight=False)
    err.print(f"[dim]mode: {result.mode} · grounding: {result.grounding} · "
              f"{result.latency_ms:.0f} ms[/]", highlight=False)


@app.command()
def chat() -> None:
    """Interactive chat: questions, problem assessments and proposals (Ctrl-D or 'exit')."""
    from app.chat import Turn
    from app.conversation import reply

    backends = _backends("Building the index (first run)")
    err.print(f"mlscope chat ({backends.label}) — ask about scoping principles, describe "
              "your business problem for an assessment, or ask for a proposal draft. "
              "'exit' or Ctrl-D quits. / 質問・業務課題・「提案書を書いて」をどうぞ。",
              highlight=False)
    history: list[Turn] = []
    last_problem: str | None = None
    while True:
        try:
            message = input("\n> ")
        except (EOFError, KeyboardInterrupt):
            err.print()
            return
        if message.strip().lower() in ("exit", "quit", ":q"):
            return
        if not message.strip():
            continue
        try:
            result = reply(message, history, backends=backends, last_problem=last_problem,
                           on_token=lambda t: out.print(t, end="", markup=False,
                                                        highlight=False))
        except AppError as exc:
            err.print(f"[red]{exc}[/]", highlight=False)
            continue
        out.print()
        _print_reply_footer(result)
        last_problem = result.problem or last_problem
        history += [Turn("user", result.question), Turn("assistant", result.text)]


def _print_reply_footer(result) -> None:
    for notice in result.notices:
        err.print(f"[yellow]notice:[/] {notice}", markup=True, highlight=False)
    extra = ""
    if result.answer is not None:
        extra = f" · grounding: {result.answer.grounding} · {result.answer.latency_ms:.0f} ms"
    elif result.assessment is not None:
        extra = f" · verdict: {result.assessment.verdict}"
    err.print(f"[dim]{result.route} · mode: {result.mode}{extra}[/]", highlight=False)


@app.command()
def doctor(as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")]
           = False) -> None:
    """Check the chat and embedding endpoints, the index and the database."""
    from app.doctor import run_checks

    checks = run_checks(_settings())
    ok = all(c.ok for c in checks)
    if as_json:
        _emit_json({"ok": ok, "checks": [c.as_dict() for c in checks]})
    else:
        for c in checks:
            mark = "[green]ok[/]  " if c.ok else "[red]FAIL[/]"
            out.print(f"{mark} [bold]{c.name}[/]: ", end="", highlight=False)
            out.print(c.detail, markup=False, highlight=False)
    if not ok:
        raise typer.Exit(1)


@app.command()
def assess(
    source: Annotated[str | None, typer.Argument(help="Problem text file, or `-` for stdin.")
                      ] = None,
    answers: Annotated[Path | None, typer.Option(
        "--answers", help="YAML/JSON file: {criterion_id: status or free text}.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Assess whether a business problem suits ML: verdict, red flags, questions, next steps."""
    from app.assess import assess as run_assess
    from app.render import render_markdown

    text = _read_text(source)
    parsed = _read_answers(answers) if answers else None
    # An assessment reads the text and the rubric: it needs no card retrieval.
    backends = _backends(retriever=False)
    result = run_assess(text, parsed, backends=backends)
    if as_json:
        _emit_json(result.as_dict())
        return
    from rich.markdown import Markdown

    out.print(Markdown(render_markdown(result, backends.knowledge)))
    for notice in result.notices:
        err.print(f"notice: {notice}", markup=False, highlight=False)
    err.print(f"mode: {result.mode} · {result.latency_ms:.0f} ms", markup=False,
              highlight=False)


def _read_answers(path: Path) -> dict[str, str]:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))  # JSON is valid YAML
    except FileNotFoundError:
        raise InputError(f"{path}: file not found.") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: not a readable YAML/JSON file ({exc.__class__.__name__})."
                         ) from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: answers must be a mapping of criterion id to answer.")
    return {str(k): str(v) for k, v in data.items() if v is not None}


@app.command()
def propose(
    source: Annotated[str | None, typer.Argument(help="Problem text file, or `-` for stdin.")
                      ] = None,
    out_path: Annotated[Path | None, typer.Option(
        "--out", help="Write it here: a path ending .docx writes Word, else Markdown.")
                        ] = None,
) -> None:
    """Draft an ML project proposal (Markdown, or Word with --out x.docx)."""
    from app.propose import propose as run_propose

    text = _read_text(source)
    proposal = run_propose(text, backends=_backends())
    for notice in proposal.notices:
        err.print(f"notice: {notice}", markup=False, highlight=False)
    if out_path:
        if out_path.suffix.lower() == ".docx":
            from app.proposal.docx import to_docx

            data = to_docx(proposal.markdown, proposal.language)
        else:
            data = proposal.markdown.encode("utf-8")
        try:
            out_path.write_bytes(data)
        except OSError as exc:
            raise InputError(f"{out_path}: cannot write ({exc.__class__.__name__}).") from None
        err.print(f"wrote {out_path}", highlight=False)
    else:
        sys.stdout.write(proposal.markdown)


@app.command("eval")
def eval_(
    scenarios: Annotated[list[Path] | None, typer.Option(
        "--scenarios", help="Scenario file or folder (repeatable). Default: eval/scenarios/.")
    ] = None,
    report: Annotated[Path | None, typer.Option("--report", help="Write reports here.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print report.json to stdout.")] = False,
    gate: Annotated[bool, typer.Option("--gate", help="Exit 1 below eval/gates.yaml.")] = False,
    compare_: Annotated[tuple[Path, Path] | None, typer.Option(
        "--compare", help="OLD.json NEW.json: list what changed.")] = None,
) -> None:
    """Score mlscope on the scenario suite: retrieval, answers and assessments."""
    from app.evaluation.report import check_gates, compare, summary_rows, write_reports
    from app.evaluation.runner import run_eval

    if compare_:
        old, new = (_load_json(p) for p in compare_)
        changes = compare(old, new)
        if as_json:
            _emit_json({"changes": changes})
        else:
            out.print("\n".join(changes) if changes else "No changes.", markup=False)
        return
    settings = _settings()
    with _progress("Evaluating") as progress:
        result = run_eval(settings, list(scenarios) if scenarios else None, progress)
    if report:
        for path in write_reports(result, report):
            err.print(f"wrote {path}", highlight=False)
    failures = check_gates(result.metrics, settings.gates_path) if gate else []
    if as_json:
        _emit_json({**result.as_dict(), "gate_failures": failures})
    else:
        from rich.table import Table

        table = Table("metric", "value", title="mlscope eval")
        for key, value in summary_rows(result.as_dict()):
            table.add_row(key, value)
        for method, r in result.metrics.get("retrieval", {}).items():
            table.add_row(f"retrieval {method} hit@1/3/5 · mrr@5",
                          f"{r['hit@1']:.2f}/{r['hit@3']:.2f}/{r['hit@5']:.2f} · {r['mrr@5']:.2f}")
        out.print(table)
        for failure in failures:
            err.print(f"[red]gate failed:[/] {failure}", highlight=False)
    if failures:
        raise typer.Exit(1)


@app.command()
def ui(port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to serve on.")
                       ] = 8501) -> None:
    """Open the web UI (Streamlit): chat, assess, proposal, knowledge, eval."""
    from app.config import PROJECT_ROOT
    from app.store import Store

    # Open (and migrate) the database first: a bad MLSCOPE_DB_URL is one line here, not an
    # error page later. The UI process opens its own pool.
    Store(_settings().database_url).dispose()
    script = PROJECT_ROOT / "app" / "ui" / "main.py"
    err.print(f"mlscope UI on http://localhost:{port}  (Ctrl-C stops it)", highlight=False)
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
           "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    from app.supervise import supervise

    # From the repository root, so Streamlit reads .streamlit/config.toml.
    code = supervise(cmd, cwd=PROJECT_ROOT)
    if code:
        raise typer.Exit(code)


app.add_typer(feedback_app, name="feedback")
app.add_typer(docs_app, name="docs")


def _load_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: file not found.") from None
    except (OSError, ValueError) as exc:
        why = exc.__class__.__name__
        raise InputError(f"{path}: not a readable report.json ({why}).") from None


def main() -> None:
    """Console entry point: no traceback ever reaches the user."""
    run_cli(app, err, _settings)


if __name__ == "__main__":
    main()
