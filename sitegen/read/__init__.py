"""Read: which files the project has, read safely from disk (no links out, sizes capped), as text."""
