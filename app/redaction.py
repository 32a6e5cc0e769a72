"""Keep secrets out of anything a user, a log or an export can see."""

from __future__ import annotations

import re

from app.config import Settings

_URL_PASSWORD = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@\s]*:)(?P<pw>[^@\s]+)(?=@)", re.I)


def redact_secrets(text: str, settings: Settings) -> str:
    """The text with the API key and any password in a URL (or the database URL's) replaced."""
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else ""
    if key and len(key) >= 4:
        text = text.replace(key, "***")
    if settings.db_url:
        password = _URL_PASSWORD.search(settings.db_url)
        if password and len(password.group("pw")) >= 2:
            text = text.replace(password.group("pw"), "***")
    return _URL_PASSWORD.sub(lambda m: m.group("head") + "***", text)
