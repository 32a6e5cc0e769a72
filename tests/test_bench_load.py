"""The load benchmark runs (tiny: 2 sessions, a few seconds, 2 writers) end to end and
measures something. The real numbers are reported by `python bench/load.py`, not asserted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_bounded

pytestmark = [pytest.mark.bench, pytest.mark.browser, pytest.mark.postgres]


def test_load_bench_smoke(tmp_path: Path, built_home: Path) -> None:
    out = tmp_path / "load.json"
    stdout, _ = run_bounded(["bench/load.py", "--sessions", "2", "--seconds", "12",
                             "--think", "0.5",
                             "--writers", "2", "--writer-seconds", "2", "--seed-home",
                             str(built_home), "--out", str(out)], 600,
                            "the load bench smoke run")
    data = json.loads(out.read_text(encoding="utf-8"))
    chat, store = data["chat"], data["store"]
    assert chat["answers"] >= 2 and chat["errors"] == 0, chat["error_samples"]
    assert chat["sessions_completed"] == 2 and chat["server_alive_after"]
    assert 0 < chat["submit_to_answer_s_p50"] <= chat["submit_to_answer_s_p95"]
    assert chat["server_rss_mb_before"] > 50 and chat["server_rss_mb_after"] > 50
    assert store["acked"] > 0 and store["rows_counted"] == store["acked"]
    assert store["lost"] == 0 and store["duplicates"] == 0 and store["errors"] == 0
    assert "submit-to-answer p50 / p95" in stdout
