"""`python build.py migrate`: bring a site made by an earlier release up to this one.

It first shows what it would change, as a diff, and changes nothing; `--apply` makes the same
changes. Each change says why. What it knows how to do:

- **Unchanged copies of the theme** (sites made before 0.2.0 held the whole theme in
  `templates/` and `static/`): a file identical to a released theme's file is deleted, so the
  installed theme's file is used and later fixes reach the site. A file the site changed is
  kept, and recorded in `theme.lock` against the theme file it was most likely copied from
  (the release most of the site's copies came from), so `check` says when the theme changed it.
- **The generator's pin**: a site without `requirements.txt` gets one, pinning this release.
- **Content whose format changed**: each rule of `CONTENT_MIGRATIONS` finds the old form in a
  content file and rewrites it. The build names the old form and this command.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..read.project_layout import CONTENT_DIR, STATIC_DIR, TEMPLATES_DIR
from ..read.theme_files import FOLDER_NOTES, file_hash, released_themes, theme_files
from ..read.theme_overrides import LOCK_FILE, format_lock, parse_lock
from ..release import DISTRIBUTION, installed_version

REQUIREMENTS = "requirements.txt"


@dataclass(frozen=True)
class ContentMigration:
    """One change of the content format: `rewrite` gives a file's new text, or None if it has no old form."""

    since: str  # the release that changed the format, like "0.3.0"
    why: str  # what changed, for the person reading the diff
    rewrite: Callable[[str, str], str | None]  # (file name, text) -> new text or None


# The content format has not changed since 0.1.0. A release that changes it adds a rule here,
# an entry in CHANGELOG.md and a test with a site in the old form (tests/test_upgrade.py).
CONTENT_MIGRATIONS: tuple[ContentMigration, ...] = ()


@dataclass
class Migration:
    """What `migrate` would do: files to delete, files to write (new text), and why."""

    delete: dict[str, str] = field(default_factory=dict)  # file -> why
    write: dict[str, tuple[str | None, str, str]] = field(default_factory=dict)  # file -> (old text, new text, why)

    def is_empty(self) -> bool:
        return not self.delete and not self.write

    def report(self) -> str:
        """Each change, with why, and a unified diff of each file written."""
        lines = []
        for name, why in sorted(self.delete.items()):
            lines.append(f"delete {name}: {why}")
        for name, (old, new, why) in sorted(self.write.items()):
            lines.append(f"{'change' if old is not None else 'add'} {name}: {why}")
            diff = difflib.unified_diff(
                (old or "").splitlines(keepends=True),
                new.splitlines(keepends=True),
                fromfile=f"a/{name}" if old is not None else "/dev/null",
                tofile=f"b/{name}",
            )
            lines.extend(line.rstrip("\n") for line in diff)
        return "\n".join(lines)


def _site_theme_files(root: Path) -> dict[str, bytes]:
    found = {}
    for folder in (TEMPLATES_DIR, STATIC_DIR):
        for path in sorted((root / folder).rglob("*")) if (root / folder).is_dir() else []:
            name = path.relative_to(root).as_posix()
            if path.is_file() and not path.is_symlink() and name not in FOLDER_NOTES:
                found[name] = path.read_bytes()
    return found


def plan_migration(root: Path, content_rules: Iterable[ContentMigration] = CONTENT_MIGRATIONS) -> Migration:
    """What migrating the site at `root` would change (reads only)."""
    plan = Migration()
    current = {name: file_hash(data) for name, data in theme_files().items()}
    releases = {**released_themes(), "this release": current}
    own = _site_theme_files(root)
    lock_path = root / LOCK_FILE
    lock_text = lock_path.read_text(encoding="utf-8") if lock_path.is_file() else None
    lock = parse_lock(lock_text or "")
    copied_from: Counter[str] = Counter()
    for name, data in own.items():
        digest = file_hash(data)
        matches = [version for version, hashes in releases.items() if hashes.get(name) == digest]
        if matches and name not in lock:
            copied_from.update(matches)
            shown = matches[0] if matches[0] != "this release" else f"{installed_version()} (this release)"
            plan.delete[name] = (
                f"an unchanged copy of the theme's file of {shown}; the installed theme's is used instead"
            )
    made_with = copied_from.most_common(1)[0][0] if copied_from else None
    new_lock = dict(lock)
    for name, data in own.items():
        if name in plan.delete or name in lock or name not in current:
            continue
        origin = releases.get(made_with or "", {}).get(name) if made_with else None
        new_lock[name] = origin or file_hash(data)
    if new_lock != lock:
        why = "records which theme file each of the site's own changed files was copied from" + (
            f" (release {made_with}, the one the site's unchanged copies came from)" if made_with else ""
        )
        plan.write[LOCK_FILE] = (lock_text, format_lock(new_lock), why)
    if not (root / REQUIREMENTS).exists():
        pin = (
            "# The site generator, at the exact version this site is built with (see CHANGELOG.md when\n"
            "# taking a new one).\n"
            f"{DISTRIBUTION}=={installed_version()}\n"
        )
        plan.write[REQUIREMENTS] = (
            None,
            pin,
            "pins the generator's exact version, which the publishing recipes install",
        )
    for path in sorted((root / CONTENT_DIR).rglob("*")) if (root / CONTENT_DIR).is_dir() else []:
        if not path.is_file() or path.is_symlink() or path.suffix not in (".md", ".yaml", ".yml"):
            continue
        name = path.relative_to(root).as_posix()
        text = original = path.read_text(encoding="utf-8")
        reasons = []
        for rule in content_rules:
            rewritten = rule.rewrite(name, text)
            if rewritten is not None and rewritten != text:
                text = rewritten
                reasons.append(f"{rule.why} (since {rule.since})")
        if text != original:
            plan.write[name] = (original, text, "; ".join(reasons))
    return plan


def apply_migration(root: Path, plan: Migration) -> None:
    """Make the planned changes; folders left empty by deletions are removed."""
    for name in plan.delete:
        (root / name).unlink()
    for name, (_, new, _) in plan.write.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(new, encoding="utf-8")
    for folder in (TEMPLATES_DIR, STATIC_DIR):
        top = root / folder
        for path in sorted(top.rglob("*"), reverse=True) if top.is_dir() else []:
            if path.is_dir() and not any(path.iterdir()):
                path.rmdir()
