"""Accessibility checks an office runs on its own site: `build.py audit` (see command.py)."""
