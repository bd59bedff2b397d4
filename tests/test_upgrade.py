"""Taking a release (issue 20): a site made by the previous release builds with this one and
migrates with the documented command; `override` and `check` tell an office when an upgrade
changed a theme file it overrides.

The site is tests/sites/made-with-0.1.0.tar.gz: made by 0.1.0's `build.py new` (v0.1.0, commit
88d76a1), with one template the office changed (templates/robots.txt). It is kept as an archive
so that git never takes its copies of the old theme for the theme itself moved (rename
detection), which would send changes to the theme into this fixture when branches merge.
"""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest
from other_sites import run_main
from tooling import REPO_ROOT, THEME_DIR

from sitegen.read.theme_files import file_hash, released_themes
from sitegen.upgrade.migrate import ContentMigration, apply_migration, plan_migration

ARCHIVE = REPO_ROOT / "tests" / "sites" / "made-with-0.1.0.tar.gz"
OFFICE_LINE = "# Our office asks crawlers to take their time."


def unpack(folder: Path) -> Path:
    with tarfile.open(ARCHIVE) as archive:
        archive.extractall(folder, filter="data")
    return folder / "made-with-0.1.0"


@pytest.fixture
def old_site(tmp_path) -> Path:
    return unpack(tmp_path)


def theme_copies(site: Path) -> list[str]:
    return sorted(
        path.relative_to(site).as_posix()
        for folder in ("templates", "static")
        for path in (site / folder).rglob("*")
        if path.is_file()
    )


def test_the_fixture_is_what_0_1_0_made_a_whole_theme_copy_and_one_changed_template(old_site):
    released = released_themes()["0.1.0"]
    copies = theme_copies(old_site)
    assert copies == sorted(released)
    changed = [name for name in copies if file_hash((old_site / name).read_bytes()) != released[name]]
    assert changed == ["templates/robots.txt"]


def test_a_site_made_by_the_previous_release_builds_and_names_each_stale_copy_and_the_command(old_site, tmp_path):
    result = run_main("--project", str(old_site), "--output", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    current = {
        path.relative_to(THEME_DIR).as_posix(): path.read_bytes() for path in THEME_DIR.rglob("*") if path.is_file()
    }
    stale = [
        name
        for name in theme_copies(old_site)
        if name != "templates/robots.txt" and (old_site / name).read_bytes() != current[name]
    ]
    for name in stale:  # An old copy of a file the theme has changed since: the old one would be published.
        assert f"{name}: warning: this is an unchanged copy of the theme's {name} from release 0.1.0" in result.stderr
    assert "run 'python build.py migrate'" in result.stderr


def test_migrate_shows_the_diff_first_and_changes_nothing(old_site):
    before = {name: (old_site / name).read_bytes() for name in theme_copies(old_site)}
    result = run_main("migrate", "--project", str(old_site))
    assert result.returncode == 0, result.stderr
    assert "delete templates/base.html: an unchanged copy of the theme's file of 0.1.0" in result.stdout
    assert "delete templates/robots.txt" not in result.stdout, "the office's own change is kept"
    assert "+++ b/requirements.txt\n@@ -0,0 +1,3 @@\n" in result.stdout
    assert "  templates/robots.txt\n" in result.stdout  # theme.lock's new line, in the diff
    assert result.stdout.endswith("Nothing was changed. To make these changes, run: python build.py migrate --apply\n")
    assert {name: (old_site / name).read_bytes() for name in theme_copies(old_site)} == before
    assert not (old_site / "theme.lock").exists() and not (old_site / "requirements.txt").exists()


def test_migrate_apply_keeps_only_real_overrides_and_the_site_then_builds_on_the_new_theme(old_site, tmp_path):
    assert run_main("migrate", "--apply", "--project", str(old_site)).returncode == 0
    assert theme_copies(old_site) == ["templates/robots.txt"]
    assert (old_site / "theme.lock").read_text().splitlines()[-1] == (
        f"{released_themes()['0.1.0']['templates/robots.txt']}  templates/robots.txt"
    )
    assert (old_site / "requirements.txt").read_text().splitlines()[-1].startswith("transparency-sitegen==")
    result = run_main("--project", str(old_site), "--output", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "unchanged copy" not in result.stderr and "changed since" not in result.stderr
    assert OFFICE_LINE in (tmp_path / "out" / "robots.txt").read_text()
    assert (tmp_path / "out/static/css/site.css").read_bytes() == (THEME_DIR / "static/css/site.css").read_bytes()
    again = run_main("migrate", "--project", str(old_site))
    assert again.stdout == "Nothing to migrate: this site is up to date with this release.\n"


def test_check_names_an_override_whose_theme_file_an_upgrade_changed(old_site):
    assert run_main("migrate", "--apply", "--project", str(old_site)).returncode == 0
    assert run_main("override", "templates/page.html", "--project", str(old_site)).returncode == 0
    assert (old_site / "templates/page.html").read_bytes() == (THEME_DIR / "templates/page.html").read_bytes()
    assert "templates/page.html" not in run_main("check", "--project", str(old_site)).stderr
    # As if the site's copy were made from an older theme, whose page.html this release changed:
    lock = old_site / "theme.lock"
    lock.write_text(lock.read_text().replace(file_hash((THEME_DIR / "templates/page.html").read_bytes()), "0" * 64))
    result = run_main("check", "--project", str(old_site))
    assert (
        "templates/page.html: warning: the theme's templates/page.html changed since this site's copy was made: "
        "the copy may lack its fixes\n"
        f"    hint: compare it with {THEME_DIR / 'templates/page.html'}, bring over what changed, then run "
        "'python build.py override --accept templates/page.html'"
    ) in result.stderr
    assert run_main("check", "--strict", "--project", str(old_site)).returncode == 1
    assert run_main("override", "--accept", "templates/page.html", "--project", str(old_site)).returncode == 0
    assert "templates/page.html" not in run_main("check", "--project", str(old_site)).stderr


def test_override_refuses_what_is_not_a_theme_file_and_never_overwrites(old_site):
    unknown = run_main("override", "templates/nope.html", "--project", str(old_site))
    assert unknown.returncode == 2 and "error: 'templates/nope.html' is not a file of the theme" in unknown.stderr
    taken = run_main("override", "templates/base.html", "--project", str(old_site))
    assert taken.returncode == 2 and "already has its own templates/base.html (nothing was changed)" in taken.stderr


def test_a_content_format_change_is_shown_as_a_diff_then_rewritten(old_site):
    renamed = ContentMigration(
        since="9.9.9",
        why="'status: doing' is now 'status: in progress'",
        rewrite=lambda name, text: (
            text.replace("status: doing", "status: in progress") if name.endswith(".yaml") else None
        ),
    )
    steps = old_site / "content/example-topic/next-steps.yaml"
    steps.write_text(steps.read_text().replace("status: in progress", "status: doing"))
    plan = plan_migration(old_site, [renamed])
    report = plan.report()
    assert (
        "change content/example-topic/next-steps.yaml: 'status: doing' is now 'status: in progress' (since 9.9.9)"
        in report
    )
    assert "\n-  - status: doing\n+  - status: in progress\n" in report
    apply_migration(old_site, plan)
    assert "status: doing" not in steps.read_text()


def test_west_mercia_overrides_nothing_its_design_is_the_packages_theme():
    """This repository's site uses the theme as any office does: its templates/ and static/ hold
    only a note each. A template or static file for every site belongs in sitegen/theme/ (after a
    merge, `git mv templates/NAME sitegen/theme/templates/NAME`)."""
    own = sorted(
        path.relative_to(REPO_ROOT).as_posix()
        for folder in ("templates", "static")
        for path in (REPO_ROOT / folder).rglob("*")
        if path.is_file()
    )
    assert own == ["static/README.md", "templates/README.md"]
