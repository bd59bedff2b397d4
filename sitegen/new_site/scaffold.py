"""Start a new site: `python build.py new FOLDER`, as `hugo new site` and `mkdocs new` do.

A new site is the starter kept in `sitegen/new_site/starter/` (site_config.yaml with a comment on
every setting, a home page, an accessibility statement to complete, an example topic with
each kind of list, a glossary, a note for the office and a small build.py). It copies no
theme: the design ships inside the package (`sitegen/theme/`), so every release's fixes reach
the site; its `templates/` and `static/` are for the files it overrides (`read.theme_files`).

Its placeholders (`example.gov.uk` addresses and "TODO:" notes) build with warnings, so
the office can preview at once, and `--strict` names each one, so none is ever published.

`new_site_files` puts the files together (pure); `create_site` reads the starter and writes
it into a folder that is new or empty, never overwriting a file.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from pathlib import Path

from ..errors import SiteError, UsageError
from ..release import installed_version

STARTER = Path(__file__).resolve().parent / "starter"
# Stands for the day the site is made, in the starter's `updated:` dates.
TODAY = "__TODAY__"
# Stands for the generator's version, in requirements.txt and the README (pinned exactly).
VERSION = "__SITEGEN_VERSION__"
GITIGNORE = (
    "# The built site: made by 'python build.py', never edited by hand.\n_site/\n"
    "# The Python and the audit tools installed for this site (README.md), not part of it.\n.venv/\nnode_modules/\n"
)
_NOT_COPIED = frozenset({"__pycache__", ".DS_Store", "Thumbs.db", "desktop.ini"})


def new_site_files(starter: Mapping[str, bytes], today: datetime.date, version: str = "") -> dict[str, bytes]:
    """Every file of a new site, by path relative to its folder, dated `today`, pinning the
    generator at `version` (the installed one unless given)."""
    files = {}
    for name, data in starter.items():
        if name.endswith((".md", ".yaml")):
            data = data.replace(TODAY.encode(), today.isoformat().encode())
        if name.endswith((".md", ".txt")):
            data = data.replace(VERSION.encode(), (version or installed_version()).encode())
        files[name] = data
    files[".gitignore"] = GITIGNORE.encode()
    return dict(sorted(files.items()))


def check_new_folder(folder: Path) -> None:
    """A new site goes into a folder that does not exist yet, or is empty."""
    if folder.is_dir() and not any(folder.iterdir()):
        return
    if folder.exists():
        raise UsageError(
            f"'{folder}' already exists and is not an empty folder, so no new site was made in it "
            "(nothing was changed). Give the name of a new folder, like 'python build.py new my-site'"
        )


def read_starter(root: Path = STARTER) -> dict[str, bytes]:
    if not (root / "site_config.yaml").is_file():
        raise SiteError(f"the starter site is missing from {root}: reinstall sitegen")
    return _read_folder(root)


def _read_folder(folder: Path) -> dict[str, bytes]:
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and not _NOT_COPIED.intersection(relative.parts) and not path.name.endswith("~"):
            found[relative.as_posix()] = path.read_bytes()
    return found


def write_new_site(folder: Path, files: Mapping[str, bytes]) -> None:
    """Write each file, refusing to replace any (`x` mode): a new site never overwrites."""
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(path, "xb") as handle:
                handle.write(data)
        except FileExistsError:  # Made by something else meanwhile: leave it as it is.
            raise UsageError(f"'{path}' appeared while the new site was being written; it was left as it is") from None


def create_site(folder: Path, today: datetime.date | None = None) -> dict[str, bytes]:
    """Make a new site in `folder` (new or empty) and return its files."""
    check_new_folder(folder)
    files = new_site_files(read_starter(), today or datetime.date.today())
    write_new_site(folder, files)
    return files
