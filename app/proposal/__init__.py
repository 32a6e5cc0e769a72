"""Proposals: the offline composer and its templates, the consistency checks, and the Word
export. `app.propose.propose` is the entry point."""
