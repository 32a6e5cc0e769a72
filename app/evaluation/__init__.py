"""Offline evaluation: scenario files, metrics, reports and gates."""
