"""Offline extraction of rubric statuses from a user's problem description."""

from app.extraction.model import Finding, extract_statuses

__all__ = ["Finding", "extract_statuses"]
