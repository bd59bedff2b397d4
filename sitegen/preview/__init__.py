"""Preview: `build.py serve`, the live preview served from memory: rebuild on save, reload, and the notices of a failed build."""
