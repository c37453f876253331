"""Test helpers, imported as `helpers` (pyproject's pytest `pythonpath` puts tests/ first)."""
