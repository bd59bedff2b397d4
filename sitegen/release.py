"""Which release of the generator this is: its name on the package index and its version.

The distribution is `transparency-sitegen` ("sitegen" on the package index is an unrelated
project of 2010); it installs the package imported as `sitegen`. Versions follow semantic
versioning and CHANGELOG.md says, for each, what a site must change.
"""

from __future__ import annotations

from importlib import metadata

DISTRIBUTION = "transparency-sitegen"


def installed_version() -> str:
    """The installed version, like "0.2.0" ("unknown" when run from a tree that was never installed)."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "unknown"
