"""Who owns the conversations this browser session sees.

- Sign-in configured (an `[auth]` section in `.streamlit/secrets.toml`): the signed-in user
  (`st.user`), through Streamlit's OIDC `st.login`. Until then the page offers sign-in only.
- Otherwise: a random per-browser token (`secrets.token_urlsafe`) kept in a cookie, so a
  plain URL in the same browser finds the same conversations and a URL alone (`?c=...`)
  gives another browser nothing. The store keeps only a digest of the token.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

from app.store import Store, browser_owner, oidc_owner
from app.ui.i18n import t

log = logging.getLogger(__name__)

COOKIE = "mlscope_owner"
COOKIE_MAX_AGE_S = 400 * 24 * 3600  # browsers cap cookie lifetimes at 400 days
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)
_LEGACY_TOKEN = re.compile(r"^[0-9a-f]{32}$")  # mlscope 0.1 kept the token in the URL (?u=)
_PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
PROBE_TIMEOUT_S = 3.0


@dataclass(frozen=True)
class Provider:
    name: str | None  # None: the provider configured directly under [auth]
    server_metadata_url: str
    missing: tuple[str, ...]


def _request_cookies() -> Mapping[str, str]:
    """The cookies the browser sent when this session connected."""
    return st.context.cookies


def _auth_section() -> Mapping[str, Any]:
    try:
        section = st.secrets.get("auth")
    except FileNotFoundError:  # no secrets.toml at all
        return {}
    return section if isinstance(section, Mapping) else {}


def providers(auth: Mapping[str, Any]) -> list[Provider]:
    """The OIDC providers configured in `[auth]`: itself, and/or its named sub-sections."""
    found = []
    shared_missing = tuple(k for k in ("redirect_uri", "cookie_secret") if not auth.get(k))
    if any(k in auth for k in _PROVIDER_KEYS):
        found.append(Provider(None, str(auth.get("server_metadata_url", "")),
                              shared_missing + tuple(k for k in _PROVIDER_KEYS
                                                     if not auth.get(k))))
    for name, sub in auth.items():
        if isinstance(sub, Mapping) and any(k in sub for k in _PROVIDER_KEYS):
            found.append(Provider(str(name), str(sub.get("server_metadata_url", "")),
                                  shared_missing + tuple(k for k in _PROVIDER_KEYS
                                                         if not sub.get(k))))
    return found


@st.cache_data(ttl=30, show_spinner=False)
def probe_provider(metadata_url: str) -> str | None:
    """None when the provider's OIDC metadata is reachable and valid, else why not."""
    try:
        with urllib.request.urlopen(metadata_url, timeout=PROBE_TIMEOUT_S) as resp:
            meta = json.loads(resp.read(1_000_000))
        if not isinstance(meta, dict) or "authorization_endpoint" not in meta:
            return "its metadata has no authorization_endpoint"
        return None
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code}"
    except urllib.error.URLError as exc:
        return str(exc.reason)
    except (OSError, ValueError) as exc:
        return exc.__class__.__name__


def _host(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}"


def _authlib_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("authlib") is not None


def _sign_in(found: list[Provider], lang: str) -> None:
    """The sign-in page: a button per provider, or a clear reason why sign-in cannot work."""
    st.title("mlscope")
    problems = []
    if not _authlib_installed():
        problems.append(t("auth_no_authlib", lang))
    for p in found:
        label = f"[auth.{p.name}]" if p.name else "[auth]"
        if p.missing:
            problems.append(t("auth_missing", lang, section=label, keys=", ".join(p.missing)))
            continue
        reason = probe_provider(p.server_metadata_url)
        if reason:
            log.warning("identity provider %s unreachable: %s", _host(p.server_metadata_url),
                        reason)
            problems.append(t("auth_unreachable", lang, host=_host(p.server_metadata_url),
                              reason=reason, section=label))
    if problems:
        for problem in problems:
            st.error(problem)
        return
    st.info(t("sign_in_prompt", lang))
    for p in found:
        st.button(t("sign_in", lang) + (f" ({p.name})" if p.name else ""),
                  key=f"sign-in-{p.name or 'default'}", on_click=st.login,
                  args=(p.name,) if p.name else (), type="primary")


def _signed_in_owner(user: Mapping[str, Any]) -> str | None:
    subject = user.get("sub") or user.get("email")
    return oidc_owner(str(user.get("iss", "")), str(subject)) if subject else None


def _browser_owner(store: Store) -> str:
    state = st.session_state
    if "owner_token" not in state:
        token = _request_cookies().get(COOKIE, "")
        if not isinstance(token, str) or not _TOKEN.match(token):
            token = secrets.token_urlsafe(32)
        state["owner_token"] = token
    owner = browser_owner(state["owner_token"])
    legacy = st.query_params.get("u")
    if legacy is not None:
        # A bookmark from mlscope 0.1 carries its token in the URL: its conversations move
        # to this browser (once), and the token leaves the URL.
        if _LEGACY_TOKEN.match(legacy):
            store.adopt_legacy_owner(owner, legacy)
        del st.query_params["u"]
    return owner


def owner_cookie() -> str | None:
    """The token the browser's cookie must hold, for a per-browser owner (else None)."""
    return st.session_state.get("owner_token")


def write_cookie(token: str) -> None:
    """Set the owner cookie from the browser (Streamlit itself cannot set cookies). Drawn
    last in the sidebar, where its one-pixel frame is out of the way."""
    if not _TOKEN.match(token):
        raise ValueError("not an owner token")
    script = (
        "<script>(function(){var s=window.parent.location.protocol==='https:'?'; Secure':'';"
        f"document.cookie='{COOKIE}={token}; Path=/; Max-Age={COOKIE_MAX_AGE_S}; "
        "SameSite=Lax'+s;})();</script>"
    )
    if hasattr(st, "iframe"):
        st.iframe(script, height=1)
    else:  # Streamlit before st.iframe
        import streamlit.components.v1 as components

        components.html(script, height=0)


def signed_in_label(owner: str) -> str | None:
    """Who is signed in, for the sidebar; None for a per-browser owner."""
    if not owner.startswith("oidc:"):
        return None
    user = st.user.to_dict() if hasattr(st.user, "to_dict") else dict(st.user)
    return str(user.get("name") or user.get("email") or user.get("sub") or "")


def resolve_owner(lang: str, store: Store) -> str | None:
    """The owner for this session, or None after drawing the sign-in page (caller stops)."""
    found = providers(_auth_section())
    if not found:
        return _browser_owner(store)
    user = st.user.to_dict() if hasattr(st.user, "to_dict") else dict(st.user)
    if user.get("is_logged_in"):
        owner = _signed_in_owner(user)
        if owner:
            return owner
        st.error(t("auth_no_subject", lang))
        return None
    _sign_in(found, lang)
    return None
