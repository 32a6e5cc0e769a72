"""One error family. The CLI turns these into exit codes, the UI into `st.error`."""


class AppError(Exception):
    """An error the user can act on; the message says what to do."""

    exit_code = 2


class InputError(AppError):
    """Bad user input (empty text, unreadable file)."""


class ConfigError(AppError):
    """Bad configuration (unknown backend, unreachable server)."""


class KnowledgeError(AppError):
    """A knowledge card, the rubric or a scenario file failed validation."""


class IndexUnavailableError(AppError):
    """The vector index is missing, corrupt or unreachable."""


class LLMError(AppError):
    """The LLM endpoint failed after retries; callers fall back to offline."""
