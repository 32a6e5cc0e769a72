"""The store benchmark runs (briefly) against a real PostgreSQL and loses nothing. The numbers
are reported by `make bench-store`, not asserted here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import PROJECT_ROOT


@pytest.mark.bench
@pytest.mark.postgres
def test_concurrent_writers_lose_nothing(pg_server, tmp_path: Path) -> None:
    out = tmp_path / "store_writers.json"
    result = subprocess.run(
        [sys.executable, "bench/store_writers.py", "--seconds", "2", "--baseline-seconds", "1",
         "--writers", "4", "--db-url", pg_server.create_database(), "--out", str(out)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["acked"] > 0 and data["rows_per_s"] > 0
    assert data["lost"] == 0 and data["duplicates"] == 0 and data["errors"] == 0, data
    assert data["rows_counted"] == data["acked"]
    assert set(data["per_replica_acked"]) == {"a", "b"}
    assert all(n > 0 for n in data["per_replica_acked"].values())
    assert data["baseline_1_writer_rows_per_s"] > 0 and data["ratio_vs_1_writer"] > 0
    assert "rows/s" in result.stdout
