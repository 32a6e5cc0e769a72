"""Offline extraction of rubric statuses from a user's problem description."""

from app.extraction.decide import Finding
from app.extraction.model import extract_statuses

__all__ = ["Finding", "extract_statuses"]
