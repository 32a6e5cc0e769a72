"""The one progress-callback type: `progress(done, total)`, used by indexing, documents and eval."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]
