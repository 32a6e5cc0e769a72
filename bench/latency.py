"""Assessment latency: the first assessment in a fresh home after `mlscope index`, and warm
assessments of 8,000-character inputs.

1. Fresh home: copy the card index of --seed-home (embedding the cards takes minutes and is
   not what is measured), run `mlscope index` (it trains the problem reader and caches it),
   then time the first assessment: in a process that has already imported mlscope and built
   its backends, as the UI has when its page is open (`first_assess_s`, the target), and the
   wall time of a whole `mlscope assess` process (interpreter and imports included).
2. Warm: in one process, after one assessment, assess distinct 8,000-character texts (blind
   and bundled scenarios joined until 8,000 characters) and report p50 / p95.

    python bench/latency.py --seed-home DIR [--runs 40] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
for _var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "MLSCOPE_CHROMA_URL", "MLSCOPE_DB_URL",
             "MLSCOPE_HOME"):
    os.environ.pop(_var, None)

TARGETS = {"first_assess_s": 2.0, "warm_p50_ms": 150.0, "warm_p95_ms": 400.0}


def texts_of(n: int, size: int = 8000) -> list[str]:
    from app.evaluation.scenarios import load_suite

    files = [ROOT / "eval" / "blind" / "blind_r1.yaml",
             *sorted((ROOT / "eval" / "scenarios").glob("scoping*.yaml"))]
    problems = [s.problem for s in load_suite(files).scenarios]
    out = []
    for k in range(n):
        parts, total, j = [], 0, k
        while total < size:
            p = problems[j % len(problems)]
            parts.append(p)
            total += len(p) + 2
            j += 7
        out.append("\n\n".join(parts)[:size])
    return out


def fresh_home(seed: Path) -> dict:
    home = Path(tempfile.mkdtemp(prefix="mlscope-latency-"))
    shutil.copytree(seed / "chroma", home / "chroma")
    env = {**os.environ, "MLSCOPE_HOME": str(home), "NO_COLOR": "1"}
    cli = [sys.executable, "-m", "app.cli"]
    start = time.perf_counter()
    subprocess.run([*cli, "index"], env=env, check=True, capture_output=True, cwd=ROOT)
    index_s = time.perf_counter() - start
    problem = texts_of(1, 1500)[0]
    start = time.perf_counter()
    proc = subprocess.run([*cli, "assess", "-", "--json"], env=env, input=problem, text=True,
                          capture_output=True, check=True, cwd=ROOT)
    wall = time.perf_counter() - start
    out = json.loads(proc.stdout)
    # The first click in the UI: a process that has imported mlscope and built its backends
    # (as the UI does when the page opens) runs its first assessment in this fresh home.
    probe = ("import json, sys, time\n"
             "from app.assess import assess\n"
             "from app.backends import make_backends\n"
             "from app.config import Settings\n"
             "b = make_backends(Settings())\n"
             "t = time.perf_counter()\n"
             "assess(sys.stdin.read(), backends=b)\n"
             "print(json.dumps(time.perf_counter() - t))\n")
    first = json.loads(subprocess.run([sys.executable, "-c", probe], env=env, input=problem,
                                      text=True, capture_output=True, check=True,
                                      cwd=ROOT).stdout)
    shutil.rmtree(home, ignore_errors=True)
    return {"index_s": round(index_s, 1), "first_assess_cli_wall_s": round(wall, 2),
            "first_assess_cli_latency_ms": out.get("latency_ms"),
            "first_assess_s": round(first, 3)}


def warm(seed: Path, runs: int) -> dict:
    from app.assess import assess
    from app.backends import make_backends
    from app.config import Settings

    home = Path(tempfile.mkdtemp(prefix="mlscope-latency-warm-"))
    shutil.copytree(seed / "chroma", home / "chroma")
    backends = make_backends(Settings(home=home))
    backends.runtime.extractor()
    texts = texts_of(runs + 1)
    assess(texts[0], backends=backends)
    times = []
    for text in texts[1:]:
        start = time.perf_counter()
        assess(text, backends=backends)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    shutil.rmtree(home, ignore_errors=True)
    return {"runs": len(times), "chars": 8000,
            "warm_p50_ms": round(statistics.median(times), 1),
            "warm_p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
            "warm_max_ms": round(times[-1], 1)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed-home", type=Path, required=True, help="a home with a card index")
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--out", type=Path, default=BENCH / "latency_results.json")
    args = ap.parse_args()
    result = {"fresh": fresh_home(args.seed_home), "warm": warm(args.seed_home, args.runs),
              "load_average": os.getloadavg(), "targets": TARGETS}
    verdicts = {}
    for key, target in TARGETS.items():
        value = result["fresh"].get(key, result["warm"].get(key))
        verdicts[key] = "pass" if value is not None and value <= target else "miss"
    result["verdicts"] = verdicts
    args.out.write_text(json.dumps(result, indent=1))
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
