"""The command line: `build` (the default), `serve`, `office` (sitegen/office/), `check`, `new`, and
for taking a release `override` and `migrate` (sitegen/upgrade/), and `audit` (sitegen/audit/).

Exit status: 0 success, 1 content or configuration errors, 2 wrong usage.
Content mistakes are printed for a person, never as a traceback (`--debug`
shows one for maintainers).
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

from .errors import ContentError, Problem, SiteError, UsageError, printable
from .github_annotations import github_annotations
from .release import DISTRIBUTION, installed_version

EXIT_OK, EXIT_CONTENT_ERROR, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse, but its messages quote what was typed (a folder name, say) safely."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {printable(message)}\n")


def _parser(default_project: Path | None = None) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python build.py",
        description="Build the transparency site from content/ (with the theme, and the site's own "
        "templates/ and static/ over it) into the output folder.",
        epilog="Commands: build (the default), serve, office, check, new, override, migrate, audit. "
        "Use 'python build.py COMMAND --help' for each.",
    )
    parser.add_argument("--version", action="version", version=f"{DISTRIBUTION} {installed_version()}")
    common = _Parser(add_help=False)
    default_name = "this site's folder" if default_project else "the current folder"
    common.add_argument(
        "--project",
        type=Path,
        default=default_project or Path.cwd(),
        metavar="FOLDER",
        help=f"the project folder (default: {default_name})",
    )
    common.add_argument(
        "--strict", action="store_true", help="treat warnings (missing alt text, vague link text, …) as errors"
    )
    common.add_argument("--debug", action="store_true", help="show a traceback for errors (for maintainers)")
    common.add_argument(
        "--base-url", metavar="URL", help="use URL instead of base_url from site_config.yaml (for a local copy)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    build = commands.add_parser(
        "build",
        parents=[common],
        help="build the site (the default)",
        description="Build the site into the output folder set in site_config.yaml. "
        "The old site is replaced only if the whole build succeeds.",
    )
    build.add_argument("--output", type=Path, metavar="FOLDER", help="build into FOLDER instead of output_dir")
    serve = commands.add_parser(
        "serve",
        parents=[common],
        help="preview with live reload",
        description="Build, then preview at http://127.0.0.1:8000 and rebuild and "
        "reload the browser whenever content, templates, static files or "
        "site_config.yaml change. Errors show in the browser.",
    )
    serve.add_argument("--port", type=_port, default=8000, help="port (default 8000)")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: only this computer)"
    )
    serve.add_argument(
        "--output",
        type=Path,
        metavar="FOLDER",
        help="also write each preview build to FOLDER (by default the preview writes nothing)",
    )
    _office_parser(commands, common)
    commands.add_parser(
        "check",
        parents=[common],
        help="validate the content without writing anything",
        description="Check every content file and link, as a build would, and write nothing.",
    )
    new = commands.add_parser(
        "new",
        help="start a new site in a new folder",
        description="Start a new site in FOLDER: site_config.yaml, a home page, an accessibility statement "
        "to complete, an example topic with each kind of list, a glossary, START-HERE.md (what to change "
        "first), a README, requirements.txt pinning this version, and publishing recipes for GitHub Pages, "
        "GitLab Pages and Netlify. The design comes with the generator; templates/ and static/ are for the "
        "files the site overrides. It builds at once; its "
        'placeholders ("TODO:" notes, example.gov.uk addresses) are warnings, which --strict refuses.',
        epilog="FOLDER must not exist yet, or be empty: nothing is ever overwritten.",
    )
    new.add_argument("folder", type=Path, metavar="FOLDER", help="the new site's folder, like my-site")
    new.add_argument("--debug", action="store_true", help="show a traceback for errors (for maintainers)")
    _upgrade_commands(commands, common)
    return parser


def _upgrade_commands(commands: argparse._SubParsersAction[_Parser], common: _Parser) -> None:
    override = commands.add_parser(
        "override",
        parents=[common],
        help="copy one theme file into the site, to change it",
        description="Copy the theme's FILE (like templates/page.html) into the site, where it is used instead of "
        "the theme's, and record in theme.lock which version it was; 'check' then says when a later release "
        "changes the theme's own. docs/upgrading.md.",
    )
    override.add_argument("file", metavar="FILE", help="the theme file, like templates/page.html")
    override.add_argument(
        "--accept", action="store_true", help="copy nothing: record that the site's copy has this release's changes"
    )
    migrate = commands.add_parser(
        "migrate",
        parents=[common],
        help="bring a site made by an earlier release up to this one",
        description="Show, as a diff, what bringing this site up to this release changes (unchanged copies of an "
        "older theme deleted, theme.lock and requirements.txt written, content in an old format rewritten); "
        "with --apply, change it. docs/upgrading.md.",
    )
    migrate.add_argument("--apply", action="store_true", help="make the changes shown")
    audit = commands.add_parser(
        "audit",
        parents=[common],
        help="run the accessibility checks on the built site",
        description="Build the site, then check every page in a browser: axe-core (every page, and one page of "
        "each kind in every settings state), keyboard, "
        "reflow at 320 pixels, and the Nu Html Checker; print a plain report. Needs the 'audit' extra and "
        "'npm ci' (docs/upgrading.md).",
    )
    audit.add_argument("--report", type=Path, metavar="FILE", help="also write the report to FILE")
    audit.add_argument(
        "--every-page-in-every-state",
        action="store_true",
        help="axe-core on every page in every settings state, not one page of each kind (a few times longer)",
    )


def _office_parser(commands: argparse._SubParsersAction[_Parser], common: _Parser) -> None:
    office = commands.add_parser(
        "office",
        parents=[common],
        help="run the editor and preview for a team, with sign-in and review",
        description="Run the editor and preview for an office, behind its reverse proxy with TLS: everyone signs "
        "in, every save is recorded under their name, and changes can need a second person's review before they are "
        "published. Set up in one file, office.yaml (see docs/office.md).",
    )
    office.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="the office settings file (default: office.yaml in the project folder)",
    )
    actions = office.add_subparsers(dest="office_command", metavar="ACTION")
    add = actions.add_parser(
        "add-user",
        help="add a person who may sign in, or change their role or password",
        description="Add a person to the accounts file, or update them. Their password is asked for (or read "
        "from the first line of standard input); with --no-password they sign in through the identity provider, "
        "matched by their email address.",
    )
    add.add_argument("--config", type=Path, metavar="FILE", default=argparse.SUPPRESS, help="the office settings file")
    add.add_argument("--project", type=Path, metavar="FOLDER", default=argparse.SUPPRESS, help="the project folder")
    add.add_argument("username", metavar="USERNAME", help="the name they type to sign in, like alex.morgan")
    add.add_argument("--role", required=True, choices=("editor", "publisher"), help="editor or publisher")
    add.add_argument("--email", required=True, help="their email address (it names them on their changes)")
    add.add_argument("--name", default="", help="their full name, as their changes show it")
    add.add_argument(
        "--no-password", action="store_true", help="they sign in through the identity provider, not with a password"
    )


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"a port is a number from 1 to 65535, got {text!r}")
    return int(text)


def main(argv: list[str] | None = None, *, default_project: Path | None = None) -> int:
    """default_project: the site's folder when --project is not given (a new site's build.py
    passes its own folder); otherwise the current folder."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        argv.insert(0, "build")
    args = _parser(default_project).parse_args(argv)
    try:
        return _run(args)
    except ContentError as error:
        if args.debug:
            raise
        print(error.report(), file=sys.stderr)  # Each problem's text is made printable.
        _annotate(error.problems, args.project)
        return EXIT_CONTENT_ERROR
    except UsageError as error:
        if args.debug:
            raise
        print(error.report(), file=sys.stderr)
        return EXIT_USAGE
    except SiteError as error:
        if args.debug:
            raise
        print(error.report(), file=sys.stderr)
        return EXIT_CONTENT_ERROR
    except KeyboardInterrupt:  # Stopping the preview is normal; stopping a build is not success.
        return EXIT_OK if args.command in ("serve", "office") else 130


def _run(args: argparse.Namespace) -> int:
    if args.command == "new":
        return _new(args.folder)
    from . import pipeline

    try:
        root = args.project.resolve()
    except (OSError, RuntimeError):  # A link loop (RuntimeError before Python 3.13).
        raise UsageError(
            f"'{args.project}' is a link that leads round in a circle",
            "give the project folder itself with --project FOLDER",
        ) from None
    if not (root / "site_config.yaml").is_file() and not (root / "content").is_dir():
        raise UsageError(
            f"'{root}' is not a site: it has no site_config.yaml and no content/ folder",
            "run this command in the project folder, or give it with --project FOLDER",
        )
    if args.command in ("override", "migrate", "audit"):
        return _upgrade(args, root)
    if args.command == "office":
        from .office.server import add_person
        from .office.server import serve as serve_office

        config = args.config or root / "office.yaml"
        if args.office_command == "add-user":
            if "@" not in args.email:
                raise UsageError(f"{args.email!r} is not an email address", "give it like --email alex@example.gov.uk")
            return add_person(config, args.username, args.name, args.email, args.role, args.no_password)
        return serve_office(root, config)
    if args.command == "serve":
        from .preview.server import serve

        return serve(root, args.host, args.port, args.output, args.strict, args.base_url)
    started = time.perf_counter()
    if args.command == "check":
        result = pipeline.check(root, args.strict, args.base_url)
        _print_warnings(result.warnings, root)
        print(
            f"Content is valid: {result.files} files would be built "
            f"({_count(len(result.warnings), 'warning')}) in {time.perf_counter() - started:.2f} s."
        )
        return EXIT_OK
    result = pipeline.build(root, args.output, args.strict, args.base_url)
    _print_warnings(result.warnings, root)
    warned = f" ({_count(len(result.warnings), 'warning')})" if result.warnings else ""
    print(
        f"Built {result.files} files into {printable(str(result.output))} in {time.perf_counter() - started:.2f} s"
        f"{warned}."
    )
    return EXIT_OK


def _new(folder: Path) -> int:
    from .new_site.scaffold import create_site

    files = create_site(folder)
    python = shlex.quote(sys.executable)
    print(
        f"Made a new site in {folder} ({len(files)} files).\n"
        f"Preview it:\n    cd {shlex.quote(str(folder))}\n    {python} build.py serve\n"
        "and read START-HERE.md in it: it says what to change first."
    )
    return EXIT_OK


def _upgrade(args: argparse.Namespace, root: Path) -> int:
    if args.command == "override":
        from .upgrade.overrides import override

        print(override(root, args.file, args.accept))
        return EXIT_OK
    if args.command == "audit":
        from .audit.command import audit

        return (
            EXIT_OK if audit(root, args.base_url, args.report, args.every_page_in_every_state) else EXIT_CONTENT_ERROR
        )
    from .upgrade.migrate import apply_migration, plan_migration

    plan = plan_migration(root)
    if plan.is_empty():
        print("Nothing to migrate: this site is up to date with this release.")
        return EXIT_OK
    print(plan.report())
    if not args.apply:
        print("\nNothing was changed. To make these changes, run: python build.py migrate --apply")
        return EXIT_OK
    apply_migration(root, plan)
    print(
        f"\nMigrated: {len(plan.delete)} files deleted, {len(plan.write)} written. Now run: python build.py check --strict"
    )
    return EXIT_OK


def _print_warnings(warnings: Iterable[Problem], root: Path) -> None:
    for warning in warnings:
        print(warning.format(), file=sys.stderr)
    _annotate(warnings, root)


def _annotate(problems: Iterable[Problem], project: Path) -> None:
    """In GitHub Actions, also pin each problem to its file and line on the pull request."""
    for line in github_annotations(problems, os.environ, project.resolve()):
        print(line, flush=True)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
