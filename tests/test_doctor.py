"""`mlscope doctor` reports what works and how to fix what does not; never the key."""

from __future__ import annotations

import json

from conftest import free_port, run_cli
from fakes import FakeOpenAIServer
from llm_helpers import FAKE_KEY


def doctor(env: dict[str, str]) -> tuple[int, dict, str]:
    proc = run_cli(["doctor", "--json"], env)
    return proc.returncode, json.loads(proc.stdout), proc.stdout + proc.stderr


def test_offline_home_is_healthy(cli_env) -> None:
    code, out, _ = doctor(cli_env)
    assert code == 0 and out["ok"]
    checks = {c["name"]: c for c in out["checks"]}
    assert set(checks) == {"chat", "embeddings", "index", "database"}
    assert "offline mode" in checks["chat"]["detail"]


def test_endpoint_serving_the_model_is_ok_and_key_is_hidden(cli_env) -> None:
    with FakeOpenAIServer() as server:
        env = {**cli_env, "OPENAI_BASE_URL": server.url, "OPENAI_API_KEY": FAKE_KEY}
        code, out, raw = doctor(env)
        text = run_cli(["doctor"], env)
        assert server.requests_to("/models")
    assert code == 0 and out["ok"]
    assert FAKE_KEY not in raw + text.stdout + text.stderr
    assert "ok" in text.stdout and "chat" in text.stdout


def test_bad_key_unknown_model_and_refused_connection_fail(cli_env) -> None:
    with FakeOpenAIServer(api_key="sk-other") as server:
        code, out, raw = doctor({**cli_env, "OPENAI_BASE_URL": server.base_url,
                                 "OPENAI_API_KEY": FAKE_KEY})
    assert code == 1 and "check OPENAI_API_KEY" in out["checks"][0]["detail"]
    assert FAKE_KEY not in raw
    with FakeOpenAIServer(models=["llama3", "qwen2"]) as server:
        code, out, _ = doctor({**cli_env, "OPENAI_BASE_URL": server.base_url})
    assert code == 1 and "Set MLSCOPE_CHAT_MODEL" in out["checks"][0]["detail"]
    code, out, _ = doctor({**cli_env, "OPENAI_BASE_URL": f"http://127.0.0.1:{free_port()}"})
    assert code == 1 and "Cannot connect" in out["checks"][0]["detail"]


def test_missing_index_and_bad_database_fail_with_fixes(cli_env, tmp_path) -> None:
    env = {**cli_env, "MLSCOPE_HOME": str(tmp_path / "empty"),
           "MLSCOPE_DB_URL": "postgresql+psycopg://user:hunter2@127.0.0.1:1/db"}
    code, out, raw = doctor(env)
    checks = {c["name"]: c for c in out["checks"]}
    assert code == 1
    assert not checks["index"]["ok"] and "mlscope index" in checks["index"]["detail"]
    assert not checks["database"]["ok"] and "MLSCOPE_DB_URL" in checks["database"]["detail"]
    assert "hunter2" not in raw


def test_database_check_names_the_schema_and_does_not_create_it(cli_env, tmp_path) -> None:
    from app import store_db

    db = tmp_path / "fresh" / "store.db"
    env = {**cli_env, "MLSCOPE_DB_URL": f"sqlite:///{db}"}
    _, out, _ = doctor(env)
    check = {c["name"]: c for c in out["checks"]}["database"]
    assert check["ok"] and "no schema yet" in check["detail"]
    untouched = store_db.make_engine(store_db.parse_url(env["MLSCOPE_DB_URL"]))
    assert store_db.current_revision(untouched) is None  # a check does not migrate
    untouched.dispose()
    engine, _ = store_db.open_engine(env["MLSCOPE_DB_URL"])  # what the app does on start
    head = store_db.current_revision(engine)
    engine.dispose()
    _, out, _ = doctor(env)
    check = {c["name"]: c for c in out["checks"]}["database"]
    assert check["ok"] and f"schema at migration {head}" in check["detail"]
