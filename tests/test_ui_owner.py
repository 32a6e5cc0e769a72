"""Whose conversations a UI session sees: the browser's cookie token, or the signed-in user
when an OIDC provider is configured. Driven by AppTest (which cannot send cookies: the
browser's cookie is given through `app.ui.owner._request_cookies`; the real cookie round
trip is in tests/test_ui_owner_browser.py)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app.config import PROJECT_ROOT, Settings, get_settings
from app.store import browser_owner, get_store, oidc_owner
from app.ui import owner as owner_mod

from conftest import free_port

SCRIPT = str(PROJECT_ROOT / "app" / "ui" / "main.py")
CLIENT_SECRET = "client-secret-not-to-be-shown"


@pytest.fixture
def app_env(home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MLSCOPE_HOME", str(home))
    get_settings.cache_clear()
    owner_mod.probe_provider.clear()
    yield home
    get_settings.cache_clear()


def _browser(monkeypatch: pytest.MonkeyPatch, token: str | None) -> None:
    """The next sessions come from a browser holding this owner cookie (None: no cookie)."""
    cookies = {owner_mod.COOKIE: token} if token else {}
    monkeypatch.setattr(owner_mod, "_request_cookies", lambda: cookies)


def _run(secrets: dict | None = None, user: dict | None = None, **query: str) -> AppTest:
    at = AppTest.from_file(SCRIPT, default_timeout=180)
    for key, value in query.items():
        at.query_params[key] = value
    if secrets:
        at.secrets["auth"] = secrets
    if user is not None:
        at.user = user
    return at.run()


def _run_as_new_browser(monkeypatch: pytest.MonkeyPatch):
    """The sidebar of a session from a browser without the cookie."""
    _browser(monkeypatch, None)
    return _run().sidebar


def _qp(at: AppTest, key: str) -> str | None:
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


def _texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [w.value for w in at.warning]
                     + [c.value for c in at.caption])


def test_new_browser_gets_an_unguessable_token_and_keeps_its_conversations(
        app_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _browser(monkeypatch, None)
    first = _run()
    token = first.session_state["owner_token"]
    assert len(token) >= 43 and "u" not in first.query_params
    other = _run()
    assert other.session_state["owner_token"] != token  # a new browser, a new random token
    # (Conversations are made here through the store: chat turns are tested elsewhere.)
    store = get_store(Settings(home=app_env))
    cid = store.create_conversation(browser_owner(token), "What is a Wizard of Oz MVP?")

    # The same browser, a plain URL (no ?c=): its cookie brings its conversations back.
    _browser(monkeypatch, token)
    again = _run()
    assert again.session_state["owner_token"] == token
    assert any(b.key == f"conv-{cid}" for b in again.sidebar.button)
    assert not any(b.key == f"conv-{cid}" for b in _run_as_new_browser(monkeypatch).button)


def test_a_url_with_another_browsers_conversation_shows_not_found(
        app_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = browser_owner("x" * 43)
    store = get_store(Settings(home=app_env))
    cid = store.create_conversation(mine, "Our secret churn project")
    store.add_message(mine, cid, "user", "Our secret churn project: what labels do we need?")
    _browser(monkeypatch, "x" * 43)
    own = _run(c=cid)
    assert [m.name for m in own.chat_message] == ["user"]  # the owner sees it

    _browser(monkeypatch, None)  # another browser, given only the URL
    theirs = _run(c=cid)
    assert not theirs.exception
    assert "does not exist" in _texts(theirs)
    assert not theirs.chat_message
    assert "churn" not in _texts(theirs)
    assert not any(b.key == f"conv-{cid}" for b in theirs.sidebar.button)
    assert _qp(theirs, "c") is None


def test_a_bookmark_from_0_1_moves_its_conversations_to_the_browser_once(
        app_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    legacy = "0123456789abcdef" * 2  # 0.1 kept this token in the URL (?u=)
    store = get_store(Settings(home=app_env))
    cid = store.create_conversation(browser_owner(legacy), "from 0.1")  # as migrated
    _browser(monkeypatch, None)
    at = _run(c=cid, u=legacy)
    token = at.session_state["owner_token"]
    assert token != legacy and len(token) == 43  # a fresh random token, not the old one
    assert "u" not in at.query_params and _qp(at, "c") == cid
    assert "does not exist" not in _texts(at)
    assert [c["id"] for c in store.list_conversations(browser_owner(token))] == [cid]
    assert store.list_conversations(browser_owner(legacy)) == []
    # The same link opened anywhere else afterwards (or sent to someone) opens nothing, and
    # cannot make another browser write into conversations the link's sender can read.
    _browser(monkeypatch, None)
    other = _run(c=cid, u=legacy)
    assert "does not exist" in _texts(other) and not other.chat_message
    # A 32-hex cookie (0.1's format, set by hand) is not accepted as an identity.
    _browser(monkeypatch, legacy)
    assert _run().session_state["owner_token"] != legacy


class _Metadata(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        body = json.dumps({"issuer": "http://idp.test",
                           "authorization_endpoint": "http://idp.test/auth",
                           "token_endpoint": "http://idp.test/token",
                           "jwks_uri": "http://idp.test/jwks"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def metadata_url() -> Iterator[str]:
    """A real (local) OIDC discovery endpoint."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Metadata)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/.well-known/openid-configuration"
    server.shutdown()
    server.server_close()


def _auth(metadata: str, **extra: str) -> dict:
    return {"redirect_uri": "http://localhost:8501/oauth2callback",
            "cookie_secret": "cookie-secret-not-to-be-shown", "client_id": "mlscope",
            "client_secret": CLIENT_SECRET, "server_metadata_url": metadata, **extra}


def test_configured_but_unreachable_provider_is_a_clear_error(app_env: Path) -> None:
    dead = f"http://127.0.0.1:{free_port()}/.well-known/openid-configuration"
    at = _run(secrets=_auth(dead))
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1, errors
    assert "identity provider" in errors[0] and "cannot be reached" in errors[0]
    assert "server_metadata_url" in errors[0] and "127.0.0.1" in errors[0]
    assert CLIENT_SECRET not in errors[0] and "cookie-secret" not in errors[0]
    assert not at.chat_input and not at.button  # no sign-in that would fail, no app


def test_missing_settings_are_named(app_env: Path, metadata_url: str) -> None:
    auth = _auth(metadata_url)
    del auth["client_secret"]
    at = _run(secrets=auth)
    assert not at.exception
    assert any("client_secret" in e.value for e in at.error)


def test_sign_in_required_then_the_owner_is_the_user(app_env: Path, metadata_url: str) -> None:
    auth = _auth(metadata_url)
    anonymous = _run(secrets=auth)
    assert not anonymous.exception and not anonymous.error
    assert [b.label for b in anonymous.button] == ["Sign in"]
    assert not anonymous.chat_input  # nothing but sign-in

    alice = {"is_logged_in": True, "iss": "http://idp.test", "sub": "alice-1", "name": "Alice"}
    at = _run(secrets=auth, user=alice)
    assert not at.exception and not at.error
    assert "Signed in as Alice" in _texts(at)
    assert "owner_token" not in at.session_state  # no per-browser identity, no cookie
    store = get_store(Settings(home=app_env))
    cid = store.create_conversation(oidc_owner("http://idp.test", "alice-1"), "alice's")
    # Alice on another device sees it; Bob, given the URL, does not.
    assert any(b.key == f"conv-{cid}" for b in _run(secrets=auth, user=alice).sidebar.button)
    bob = _run(secrets=auth, user={**alice, "sub": "bob-2", "name": "Bob"}, c=cid)
    assert "does not exist" in _texts(bob) and not bob.chat_message
