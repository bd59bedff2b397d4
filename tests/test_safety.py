"""Holes found by trying the site as a reader, an editor and an attacker, closed as classes.

- Control characters (bell, escape, form feed, delete, C1) in any file never reach the
  site: they are refused where all content is decoded, at their line, with a hint.
- Every message has a hint, and nothing printed can drive the terminal: file names,
  quoted lines and typed arguments are shown escaped (`\\x1b`), never raw.
- Links (symbolic links) never let the site read or publish anything outside the project's
  content/, templates/ and static/ folders; loops and links to nothing are messages.
- An output folder that is a file (or inside one) is refused, the file untouched.
- Template mistakes are located messages with hints, in builds, checks and the preview.
- Files are measured before they are read, and never read past their size limit.
- Whatever goes wrong reading the disk is a located message with exit status 1.

Most checks run in memory or on a throwaway copy of the project (`make_project`); a few
run the command line, as an editor would.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from forking import force_page_workers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from other_sites import Ran, run_main

from sitegen.errors import ContentError, OutputFolderError, Problem, UsageError
from sitegen.model.loading import load_content
from sitegen.pipeline import build, render_project
from sitegen.preview.server import PreviewState, _snapshot, rebuild
from sitegen.read import file_cache, folder_listing, project_files, safe_reading
from sitegen.read.project_files import MAX_STATIC_BYTES, MAX_TEMPLATE_BYTES, Project, read_project
from sitegen.read.project_layout import watched_paths
from sitegen.read.source_text import MAX_FILE_BYTES, UnreadFile, decode_source
from sitegen.write.staged_site import check_output_folder

REPO = Path(__file__).resolve().parents[1]
PAGE = "content/safety-test.md"
FRONT = "---\ntitle: A test page\nupdated: 2026-11-26\n---\n\n"  # The body starts on line 6.
SUMMARY_1 = "1 problem in the content. Nothing was published; the last good site is unchanged."
CONTROL_HINT = (
    "    hint: delete the line's text and type it again: such characters can come from copying out of Word or a PDF"
)
OUTSIDE_HINT = (
    "    hint: put a copy of the file here instead of the link: the site publishes only files kept in the project"
)
SECRET = "TOKEN-7f3e9a1c"  # Stands for whatever must never be read: a CI token, a password.
# What would drive a terminal if printed: C0 controls but tab and line break, DEL, C1, surrogates.
TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


# --- helpers ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def project() -> Project:
    return read_project(REPO)


def changed(project: Project, changes: dict[str, str | bytes | None]) -> Project:
    files = dict(project.files)
    for name, value in changes.items():
        if value is None:
            files.pop(name, None)
        else:
            files[name] = value.encode("utf-8") if isinstance(value, str) else value
    return dataclasses.replace(project, files=files)


def problems_of(project: Project) -> list[Problem]:
    with pytest.raises(ContentError) as caught:
        render_project(project)
    return caught.value.problems


def messages(project: Project) -> list[str]:
    """The messages exactly as printed."""
    return [problem.format() for problem in problems_of(project)]


def messages_on_disk(root: Path) -> list[str]:
    return messages(read_project(root))


def run_cli(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python build.py ARGS` in the project folder; never a traceback."""
    if not (root / "build.py").exists():
        shutil.copy(REPO / "build.py", root / "build.py")
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "COV_"))}
    environment["PYTHONPATH"] = str(REPO)
    environment.update(env or {})
    result = subprocess.run(
        [sys.executable, "build.py", *args],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        errors="surrogateescape",
        timeout=120,
    )
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    return result


def run_here(monkeypatch: pytest.MonkeyPatch, root: Path, *args: str) -> Ran:
    """The same command line in this process, in the project folder (no new Python to start):
    for what a build does with files and folders. What reaches the terminal (escaped names,
    the environment) is checked with `run_cli`, as typed."""
    monkeypatch.chdir(root)
    result = run_main(*args)
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    return result


def all_output(root: Path) -> bytes:
    return b"".join(path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file())


def page(body: str) -> dict[str, str]:
    return {PAGE: FRONT + body + "\n"}


# --- 3. control characters ----------------------------------------------------------------

# Each character, and how a message shows it. U+FFFE and U+FFFF are refused (as YAML refuses
# them) but do nothing to a terminal, so they are shown as they are.
CONTROLS = {
    "\x00": "\\x00",
    "\x07": "\\x07",
    "\x08": "\\x08",
    "\x0b": "\\x0b",
    "\x0c": "\\x0c",
    "\x1b": "\\x1b",
    "\x1f": "\\x1f",
    "\x7f": "\\x7f",
    "\x80": "\\x80",
    "\x9b": "\\x9b",
    "\x9f": "\\x9f",
    "\ufffe": "\ufffe",
    "\uffff": "\uffff",
}


@pytest.mark.parametrize("character", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_a_control_character_in_a_page_is_refused_at_its_line(project, character):
    body = f"Hello.\n\nA line with a {character} inside."
    assert messages(changed(project, page(body))) == [
        f"{PAGE}:8: the file contains an invisible control character (U+{ord(character):04X}) that is not allowed\n"
        f"    8 | A line with a {CONTROLS[character]} inside.\n{CONTROL_HINT}"
    ]


EVERY_KIND_OF_FILE = {
    "front matter": (PAGE, FRONT.replace("A test page", "A test\x1b[2J page") + "Hello.\n", 2),
    "timeline": ("content/timeline.yaml", None, "text:"),
    "regional work": ("content/regional-work.yaml", None, "text:"),
    "funded services": ("content/funded-services.yaml", None, "text:"),
    "next steps": ("content/next-steps.yaml", None, "text:"),
    "glossary": ("content/glossary.yaml", None, "expansion:"),
    "site settings": ("site_config.yaml", None, "title:"),
}


@pytest.mark.parametrize("kind", EVERY_KIND_OF_FILE)
def test_control_characters_are_refused_in_every_kind_of_file(project, kind):
    name, text, where = EVERY_KIND_OF_FILE[kind]
    if text is None:  # The first line with this field gets an escape sequence pasted into its value.
        lines = project.files[name].decode("utf-8").split("\n")
        index = next(i for i, line in enumerate(lines) if line.strip().startswith(where))
        lines[index] = lines[index].rstrip() + " \x1b[2J"
        text, where = "\n".join(lines), index + 1
    quoted = text.split("\n")[where - 1].replace("\x1b", "\\x1b").rstrip()
    assert messages(changed(project, {name: text})) == [
        f"{name}:{where}: the file contains an invisible control character (U+001B) that is not allowed\n"
        f"    {where} | {quoted}\n{CONTROL_HINT}"
    ]


def test_a_control_character_made_by_a_yaml_code_in_quotes_is_refused_too(project):
    text = FRONT.replace("title: A test page", 'title: "Bell\\a and \\e[31mred"') + "Hello.\n"
    assert messages(changed(project, {PAGE: text})) == [
        f"{PAGE}:2: the text in double quotes makes an invisible control character (U+0007) from a code starting "
        "with '\\', which is not allowed\n"
        '    2 | title: "Bell\\a and \\e[31mred"\n'
        "    hint: delete that code (like \\a, \\e or \\x1b) from the text; to write a backslash itself, put the "
        "text in single quotes instead"
    ]


def test_the_hint_names_the_other_lines_with_control_characters(project):
    body = "One\x0c\n\nTwo\x0c\n\nThree\x0c"
    (message,) = messages(changed(project, page(body)))
    assert message.endswith("or a PDF; lines 8 and 10 have them too")
    assert message.split("\n")[1] == "    6 | One\\x0c"  # A form feed at the end of the line is shown.


def test_tab_and_every_kind_of_line_break_are_still_allowed(project):
    body = "A\tword after a tab.\r\nA line after CR LF.\rAfter CR.\x85After NEL.\u2028After LS.\n"
    rendered = render_project(changed(project, page(body)))
    html = rendered.files["safety-test/index.html"].decode("utf-8")
    assert "A\tword after a tab." in html and "After LS." in html


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_no_control_character_anywhere_in_any_content_file_is_accepted(project, data):
    name = data.draw(st.sampled_from(sorted(project.files)))
    text = project.files[name].decode("utf-8")
    character = data.draw(st.sampled_from([*sorted(CONTROLS), "\x01", "\x0e", "\x1c", "\x84", "\x86"]))
    at = data.draw(st.integers(0, len(text)))
    with pytest.raises(ContentError) as caught:
        load_content(changed(project, {name: text[:at] + character + text[at:]}).files)
    line = text[:at].count("\n") + 1
    # (A broken home page is also reported as missing, by the loader: not this rule's business.)
    about_the_file = [
        (p.line, p.message) for p in caught.value.problems if p.file == name and p.message != "the home page is missing"
    ]
    assert about_the_file == [
        (line, f"the file contains an invisible control character (U+{ord(character):04X}) that is not allowed")
    ]


# --- 12. every message has a hint, and is printed safely ---------------------------------------


def _glossary_with(project: Project, old: str, new: str) -> dict[str, str]:
    text = project.files["content/glossary.yaml"].decode("utf-8")
    assert old in text
    return {"content/glossary.yaml": text.replace(old, new, 1)}


# Bad inputs of every kind the loader, the schema, Markdown, the link checks and the
# templates can meet: each must give problems that all have a hint.
HINT_CORPUS = {
    "a list file that is a list": lambda p: {"content/timeline.yaml": "- period: 2021\n  text: x\n"},
    "an empty list file": lambda p: {"content/next-steps.yaml": ""},
    "a list file that is one value": lambda p: {"content/regional-work.yaml": "Just some text.\n"},
    "site settings that are a list": lambda p: {"site_config.yaml": "- title: x\n"},
    "front matter that is a list": lambda p: {PAGE: "---\n- title: x\n---\n\nHello.\n"},
    "front matter that is one value": lambda p: {PAGE: "---\nJust a title\n---\n\nHello.\n"},
    "empty front matter": lambda p: {PAGE: "---\n---\n\nHello.\n"},
    "a field without a description given a list": lambda p: _glossary_with(p, "title:", "title: [1]\nold_title:"),
    "a number field given text": lambda p: _glossary_with(p, "nav_order:", "nav_order: soon\nold_nav_order:"),
    "a date field without a description": lambda p: _glossary_with(p, "updated:", "updated: soon\nold_updated:"),
    "a list given a set of fields": lambda p: _glossary_with(p, "terms:", "terms: {}\nold_terms:"),
    "a term in lower case": lambda p: _glossary_with(p, "- term:", "- term: abc\n    old:"),
    "YAML with a tab": lambda p: {"content/timeline.yaml": "title: x\n\tentries: []\n"},
    "YAML with an alias": lambda p: {"content/timeline.yaml": "a: &x 1\nb: *x\n"},
    "a control character": lambda p: page("Bell \x07"),
    "not UTF-8": lambda p: {PAGE: (FRONT + "caf\xe9").encode("latin-1")},
    "an unsafe link": lambda p: page("[the report](javascript:alert(1))"),
    "a broken link": lambda p: page("See [the minutes](/no-such-page/)."),
    "a broken anchor": lambda p: page("See [the part](#nowhere)."),
    "a link to a Markdown file": lambda p: page("See [the minutes](/minutes.md)."),
    "vague link text": lambda p: page("Read it [here](/)."),
    "an image without alt text": lambda p: page("![](/static/favicon.svg)"),
    "an image from elsewhere": lambda p: page("![A chart](https://example.org/chart.png)"),
    "a top heading": lambda p: page("# Heading"),
    "a skipped heading level": lambda p: page("## One\n\n#### Three"),
    "an unknown abbreviation": lambda p: page("The QXZ met."),
    "a bad file name": lambda p: {"content/Bad Name.md": FRONT + "Hello.\n"},
    "a reserved address": lambda p: {"content/data.md": FRONT + "Hello.\n"},
    "a missing file": lambda p: {"content/timeline.yaml": None},
    "a file in the wrong place": lambda p: {"content/notes.txt": "notes"},
}
TEMPLATE_CORPUS = {
    "an unknown name": ("<h1>{{ pgae.title }}</h1>"),
    "an unknown field": ("<h1>{{ page.titel }}</h1>"),
    "an unknown filter": ("<h1>{{ page.title|shout }}</h1>"),
    "an unknown test": ("<h1>{{ page.title is shouty }}</h1>"),
    "a syntax error": ("<h1>{{ page.title }</h1>"),
    "an unclosed block": ("{% if page.title %}<h1>"),
    "an unknown tag": ("{% frobnicate %}"),
    "a missing include": ('{% include "nope.html" %}'),
    "an expression that fails": ('<h1>{{ 1 + "a" }}</h1>'),
}


def with_page_template_line(project: Project, new: str) -> Project:
    templates = dict(project.templates)
    lines = templates["page.html"].split("\n")
    (heading,) = [n for n, line in enumerate(lines) if line.startswith("<h1>{{ page.title }}")]
    lines[heading] = new  # The page's heading line, whatever else it shows (a draft's label).
    templates["page.html"] = "\n".join(lines)
    assert templates["page.html"] != project.templates["page.html"]
    return dataclasses.replace(project, templates=templates)


def all_problems(project: Project) -> list[Problem]:
    """Errors and warnings alike (warnings as --strict reports them)."""
    try:
        rendered = render_project(project, strict=False)
    except ContentError as error:
        return error.problems
    return list(rendered.warnings)


@pytest.mark.parametrize("case", [*HINT_CORPUS, *TEMPLATE_CORPUS])
def test_every_problem_has_a_hint(project, case):
    if case in HINT_CORPUS:
        found = all_problems(changed(project, HINT_CORPUS[case](project)))
    else:
        found = all_problems(with_page_template_line(project, TEMPLATE_CORPUS[case]))
    assert found, case
    for problem in found:
        assert problem.hint.strip(), problem
        # Hints are the generator's own words: never this site's content as an example.
        for example in ("Pre-2018 and ongoing", "like /strategy/", "inspection report", "like SOC"):
            assert example not in problem.hint and example not in problem.message, problem


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_every_problem_found_in_a_mangled_file_has_a_hint(project, data):
    name = data.draw(st.sampled_from(sorted(project.files)))
    text = project.files[name].decode("utf-8")
    pieces = [
        "- ",
        ": ",
        "\n",
        "  ",
        '"',
        "'",
        "[",
        "{",
        "&a ",
        "*a",
        "!x ",
        "|",
        "#",
        "](",
        "[x](/nope/)",
        "2O21",
        "yes",
        "---",
        "\t",
        "\x07",
        "javascript:",
        "\ufffe",
    ]
    for _ in range(data.draw(st.integers(1, 3))):
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, min(len(text), start + 10)))
        text = text[:start] + data.draw(st.one_of(st.sampled_from(pieces), st.text(max_size=3))) + text[end:]
    for problem in all_problems(changed(project, {name: text})):
        assert problem.hint.strip(), problem


def test_the_command_line_errors_have_hints_too(tmp_path):
    with pytest.raises(OutputFolderError) as caught:
        check_output_folder(Path("/"), tmp_path)
    assert caught.value.hint
    with pytest.raises(UsageError) as usage:
        render_project(read_project(REPO), base_url="not an address")
    assert usage.value.report() == (
        'error: --base-url must be a web address like http://localhost:8000/, got "not an address"\n'
        "    hint: give the whole address, starting with http:// or https://"
    )


@settings(max_examples=200, deadline=None)
@given(st.text(), st.text(), st.text(), st.text(), st.integers(1, 99))
def test_a_printed_problem_never_holds_a_character_that_drives_the_terminal(file, message, line_text, hint, line):
    printed = Problem(file, message, line, hint, line_text).format()
    assert not TERMINAL_CONTROL.search(printed)
    assert printed.count("\n") <= 2  # The message, the quoted line and the hint: text adds no lines.


def test_an_escape_sequence_in_a_file_name_or_a_line_is_shown_escaped():
    problem = Problem("content/a\x1b[2Jb.md", "a message about \x9b31m", 3, "a hint\r", "text\x1b]0;title\x07")
    assert problem.format() == (
        "content/a\\x1b[2Jb.md:3: a message about \\x9b31m\n    3 | text\\x1b]0;title\\x07\n    hint: a hint\\x0d"
    )
    # A name that is not UTF-8 on disk reaches Python as surrogates: shown as the bytes it had.
    assert Problem("static/caf\udce9.png", "m", hint="h").format() == "static/caf\\xe9.png: m\n    hint: h"


def test_the_command_line_prints_file_names_with_escape_sequences_escaped(make_project):
    root = make_project({"content/x\x1b[31m.md": FRONT + "Hello.\n"})
    result = run_cli(root, "check")
    assert result.returncode == 1
    assert result.stderr == (
        "content/x\\x1b[31m.md: the file name can only use lower-case letters, digits and hyphens\n"
        "    hint: rename it to content/x-31m.md: the name becomes the page's address\n\n"
        f"{SUMMARY_1}\n"
    )


def test_the_command_line_prints_what_was_typed_escaped(make_project, tmp_path):
    root = make_project()
    result = run_cli(root, "check", "--project", str(tmp_path / "no\x1b[2Jsite"))
    assert result.returncode == 2
    assert result.stderr == (
        f"error: '{tmp_path.resolve()}/no\\x1b[2Jsite' is not a site: it has no site_config.yaml and no content/ "
        "folder\n    hint: run this command in the project folder, or give it with --project FOLDER\n"
    )
    wrong = run_cli(root, "check", "--colour\x1b[31m")
    assert wrong.returncode == 2
    assert wrong.stderr.endswith("python build.py: error: unrecognized arguments: --colour\\x1b[31m\n")
    assert not TERMINAL_CONTROL.search(result.stderr + wrong.stderr)


def test_a_project_folder_that_is_a_link_loop_is_a_usage_message(tmp_path, capsys):
    from sitegen.cli import main

    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    assert main(["check", "--project", str(tmp_path / "loop")]) == 2
    assert capsys.readouterr().err == (
        f"error: '{tmp_path}/loop' is a link that leads round in a circle\n"
        "    hint: give the project folder itself with --project FOLDER\n"
    )


def _make_name_that_is_not_utf8(folder: Path, name: bytes, data: bytes) -> None:
    try:
        handle = os.open(os.fsencode(folder) + b"/" + name, os.O_WRONLY | os.O_CREAT, 0o644)
    except OSError as error:  # Some file systems (macOS's) refuse such names.
        pytest.skip(f"this file system refuses names that are not UTF-8 ({error})")
    os.write(handle, data)
    os.close(handle)


@pytest.mark.parametrize("folder", ["content", "templates", "static"])
def test_a_file_name_that_is_not_utf8_is_a_message_not_a_traceback(make_project, folder):
    root = make_project()
    _make_name_that_is_not_utf8(root / folder, b"caf\xe9.md", (FRONT + "Hello.\n").encode())
    result = run_cli(root, "check")
    assert result.returncode == 1
    assert result.stderr == (
        f"{folder}/caf\\xe9.md: the file name is not readable text (it is not UTF-8), so the file was not read\n"
        "    hint: rename the file using only letters, digits and hyphens\n\n"
        f"{SUMMARY_1}\n"
    )


# --- 15. links -------------------------------------------------------------------------------


def outside_link(name: str, target: str) -> str:
    return (
        f"{name}: this is a link to '{target}', which is outside the project's content/, templates/ and "
        f"static/ folders, so it was not read\n{OUTSIDE_HINT}"
    )


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the project, holding a copy of everything, each with a secret in it."""
    folder = tmp_path / "outside"
    shutil.copytree(REPO / "sitegen/theme/templates", folder / "templates")
    shutil.copytree(REPO / "sitegen/theme/static", folder / "static")
    (folder / "templates" / "page.html").write_text(
        (REPO / "sitegen/theme/templates/page.html").read_text() + f"\n<!-- {SECRET} -->\n"
    )
    (folder / "static" / "css" / "site.css").write_text(f"/* {SECRET} */\n")
    (folder / "page.md").write_text(f"---\ntitle: {SECRET}\nupdated: 2026-11-26\n---\n\n{SECRET}\n")
    (folder / "pages").mkdir()
    (folder / "pages" / "more.md").write_text(f"---\ntitle: More\nupdated: 2026-11-26\n---\n\n{SECRET}\n")
    (folder / "site_config.yaml").write_text(
        (REPO / "site_config.yaml").read_text().replace("title:", f"title: {SECRET}\nold_title:", 1)
    )
    (folder / "notes.txt").write_text(f"{SECRET}\n")
    return folder


# Where a link can be, and the file or folder outside it leads to (each would build, secret
# and all, if links were followed out of the project).
LINKS_OUT = {
    "a page": ("content/leak.md", "page.md"),
    "a page folder": ("content/more", "pages"),
    "a template": ("templates/page.html", "templates/page.html"),
    "the templates folder": ("templates", "templates"),
    "a static file": ("static/css/site.css", "static/css/site.css"),
    "a static folder": ("static/notes", "pages"),
    "the static folder": ("static", "static"),
    "the site settings": ("site_config.yaml", "site_config.yaml"),
}


@pytest.mark.parametrize("where", LINKS_OUT)
def test_nothing_outside_the_project_is_read_through_a_link(make_project, outside, where):
    name, target = LINKS_OUT[where]
    root = make_project()
    link = root / name
    if link.is_dir():
        shutil.rmtree(link)
    elif link.exists():
        link.unlink()
    link.symlink_to(outside / target)
    found = messages_on_disk(root)
    assert outside_link(name, str(outside / target)) in found
    assert SECRET not in "\n".join(found)


def test_the_build_refuses_a_link_out_and_publishes_nothing(make_project, outside, monkeypatch):
    root = make_project()
    (root / "content/leak.md").symlink_to(outside / "page.md")
    result = run_here(monkeypatch, root, "build")
    assert result.returncode == 1
    assert result.stderr == outside_link("content/leak.md", str(outside / "page.md")) + f"\n\n{SUMMARY_1}\n"
    assert not (root / "_site").exists()


def test_a_link_to_the_projects_own_git_folder_is_refused(make_project):
    root = make_project()
    (root / ".git").mkdir()
    # What a CI checkout keeps in .git/config; written as a page so it would build if read.
    (root / ".git" / "config").write_text(f"---\ntitle: x\nupdated: 2026-11-26\n---\n\nAUTHORIZATION: {SECRET}\n")
    (root / "content/git.md").symlink_to("../.git/config")
    found = messages_on_disk(root)
    assert found == [outside_link("content/git.md", "../.git/config")]


@pytest.mark.skipif(not os.path.exists("/proc/self/environ"), reason="needs Linux's /proc")
def test_a_link_to_the_environment_never_prints_it(make_project):
    root = make_project()
    (root / "content/env.md").symlink_to("/proc/self/environ")
    result = run_cli(root, "check", env={"DEPLOY_TOKEN": SECRET})
    assert result.returncode == 1
    assert SECRET not in result.stderr + result.stdout
    assert result.stderr == outside_link("content/env.md", "/proc/self/environ") + f"\n\n{SUMMARY_1}\n"


def test_a_link_inside_the_source_folders_is_followed(make_project):
    # What is in content/, templates/ and static/ is published anyway: a link between them is safe.
    root = make_project()
    (root / "content/plan-copy.md").symlink_to("plan.md")
    (root / "static/icon.svg").symlink_to("favicon.svg")
    rendered = render_project(read_project(root))
    assert b"<h1>" in rendered.files["plan-copy/index.html"]
    assert rendered.files["static/icon.svg"] == (REPO / "sitegen/theme/static/favicon.svg").read_bytes()


LOOPS = {
    "a link to itself": (
        {"content/loop.md": "loop.md"},
        "content/loop.md: this is a link to 'loop.md', which leads round in a circle and never "
        "reaches a file\n    hint: delete the link, and put the file itself here",
    ),
    "two links to each other": (
        {"content/a.md": "b.md", "content/b.md": "a.md"},
        "content/a.md: this is a link to 'b.md', which leads round in a circle and "
        "never reaches a file\n    hint: delete the link, and put the file itself here",
    ),
    "a folder link to a folder it is in": (
        {"content/again": "."},
        "content/again: this is a link to '.', a folder that holds the link "
        "itself, so reading it would never end\n    hint: delete the link",
    ),
    "a link to nothing": (
        {"static/gone.css": "nowhere.css"},
        "static/gone.css: this is a link to 'nowhere.css', which does not exist\n"
        "    hint: delete the link, or put the file itself here",
    ),
}


@pytest.mark.parametrize("case", LOOPS)
def test_link_loops_and_links_to_nothing_are_messages(make_project, case):
    links, expected = LOOPS[case]
    root = make_project()
    for name, target in links.items():
        (root / name).symlink_to(target)
    assert expected in messages_on_disk(root)


@pytest.mark.skipif(not safe_reading._CAN_OPEN_BENEATH, reason="needs O_NOFOLLOW and dir_fd (not Windows)")
@pytest.mark.parametrize("swapped", ["content/topic", "content/topic/plan.md"])
def test_a_folder_or_file_swapped_for_a_link_after_listing_is_not_followed(make_project, outside, swapped):
    root = make_project(
        {
            "content/topic/index.md": "---\ntitle: A topic\nupdated: 2026-11-26\n---\n\nHello.\n",
            "content/topic/plan.md": "---\ntitle: Plan\nupdated: 2026-11-26\n---\n\nHello.\n",
        }
    )
    project = read_project(root)  # Listed now; content files are read later, when loaded.
    (outside / "plan.md").write_text(f"---\ntitle: x\nupdated: 2026-11-26\n---\n\n{SECRET}\n")
    real = root / swapped
    shutil.rmtree(real) if real.is_dir() else real.unlink()
    real.symlink_to(outside / "pages" if swapped == "content/topic" else outside / "plan.md")
    if swapped == "content/topic":
        (outside / "pages").mkdir(exist_ok=True)
        (outside / "pages" / "plan.md").write_text((outside / "plan.md").read_text())
    data = project.files["content/topic/plan.md"]
    assert isinstance(data, UnreadFile) and SECRET.encode() not in data
    assert data.problem.format() == (
        "content/topic/plan.md: the file became a link while it was being read, so it was not read\n"
        "    hint: build again; if this message stays, replace the link with the file itself"
    )


def test_the_preview_reports_a_link_loop_and_keeps_watching(make_project):
    root = make_project()
    state = PreviewState()
    rebuild(root, state, None, False, lambda message: None)
    (root / "content/loop.md").symlink_to("loop.md")
    before = _snapshot(watched_paths(root))  # The watcher looks at every file, the loop included.
    rebuild(root, state, None, False, lambda message: None)
    assert [p.file for p in state.problems] == ["content/loop.md"] and state.crash == ""
    (root / "content/loop.md").unlink()
    assert _snapshot(watched_paths(root)) != before
    rebuild(root, state, None, False, lambda message: None)
    assert not state.is_broken


# --- 16. the output folder --------------------------------------------------------------------


def test_an_output_folder_that_is_a_file_is_refused_and_the_file_kept(make_project, tmp_path, monkeypatch):
    root = make_project()
    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF precious")
    for args in (["--output", str(report)], ["--output", str(report / "site")]):
        result = run_here(monkeypatch, root, "build", *args)
        assert result.returncode == 1
        assert report.read_bytes() == b"%PDF precious"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "report.pdf"]  # Nothing moved aside.
    assert run_here(monkeypatch, root, "build", "--output", str(report)).stderr == (
        f"error: the output folder '{report}' is a file, not a folder: the build would have to replace it\n"
        "    hint: choose a new or empty folder, like _site\n"
    )
    assert run_here(monkeypatch, root, "build", "--output", str(report / "site")).stderr == (
        f"error: the output folder '{report}/site' cannot be made: '{report}' is a file, not a folder\n"
        "    hint: choose a folder of its own, like _site\n"
    )


def test_output_dir_in_the_site_settings_that_is_a_file_is_refused(make_project, monkeypatch):
    root = make_project()
    (root / "_site").write_text("not a site")
    result = run_here(monkeypatch, root, "build")
    assert result.returncode == 1 and result.stderr.startswith(f"error: the output folder '{root}/_site' is a file")
    assert (root / "_site").read_text() == "not a site"
    assert not [p for p in root.iterdir() if p.name.startswith((".site-staging-", ".site-previous-"))]


def test_an_output_link_to_nothing_or_round_in_a_circle_is_refused(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    (tmp_path / "circle").symlink_to(tmp_path / "circle")
    with pytest.raises(OutputFolderError) as dangling:
        check_output_folder(tmp_path / "dangling", project)
    assert dangling.value.report() == (
        f"error: the output folder '{tmp_path}/dangling' is a link to '{tmp_path}/nowhere', which does not exist\n"
        "    hint: make that folder first, or choose a folder of its own, like _site"
    )
    with pytest.raises(OutputFolderError) as circle:
        check_output_folder(tmp_path / "circle", project)
    assert circle.value.report() == (
        f"error: the output folder '{tmp_path}/circle' is a link that leads round in a circle\n"
        "    hint: delete the link, or choose a folder of its own, like _site"
    )
    assert not (tmp_path / "nowhere").exists()


def test_an_output_link_is_checked_where_it_leads(make_project, tmp_path):
    root = make_project()
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "letter.txt").write_text("precious")
    (tmp_path / "to-www").symlink_to(tmp_path / "www")
    with pytest.raises(OutputFolderError, match="already holds files that this tool did not build"):
        check_output_folder(tmp_path / "to-www", root)
    (tmp_path / "to-content").symlink_to(root / "content")
    with pytest.raises(OutputFolderError, match="is inside content/"):
        check_output_folder(tmp_path / "to-content", root)


def test_a_write_that_fails_is_a_message_and_the_last_site_is_kept(make_project, monkeypatch):
    root = make_project()
    build(root)
    before = (root / "_site" / "index.html").read_bytes()
    real_write = os.write

    def full_disk(handle, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full_disk)
    with pytest.raises(OutputFolderError) as caught:
        build(root)
    monkeypatch.setattr(os, "write", real_write)
    assert caught.value.message.startswith(f"the site cannot be written to '{root}/_site': ")
    assert caught.value.message.endswith('gave the error "No space left on device"')
    assert (root / "_site" / "index.html").read_bytes() == before


# --- 17. template mistakes ------------------------------------------------------------------------

TEMPLATE_MESSAGES = {
    "an unknown filter": "templates/page.html:3: there is no filter called 'shout'\n"
    "    3 | <h1>{{ page.title|shout }}</h1>\n"
    "    hint: check the spelling; besides Jinja's own filters, this site has: kb, keep_marks_with_links, keep_periods_whole, long_date",
    "a syntax error": "templates/page.html:3: a mistake in the template: unexpected '}'\n"
    "    3 | <h1>{{ page.title }</h1>\n"
    "    hint: check the {{ }} and {% %} on this line: each '{{' needs its '}}' and each '{%' its "
    "'%}', and each {% if %}, {% for %} or {% block %} its {% endif %}, {% endfor %} or "
    "{% endblock %}",
    "a missing include": "templates/page.html:3: the template 'nope.html' does not exist\n"
    '    3 | {% include "nope.html" %}\n'
    "    hint: check the name; the templates are: TEMPLATES",
    "an expression that fails": "templates/page.html:3: this line of the template failed: TypeError: unsupported "
    "operand type(s) for +: 'int' and 'str'\n"
    '    3 | <h1>{{ 1 + "a" }}</h1>\n'
    "    hint: check the names, values and filters used on this line",
}


@pytest.mark.parametrize("case", TEMPLATE_MESSAGES)
def test_a_template_mistake_is_a_located_message(project, case):
    expected = TEMPLATE_MESSAGES[case].replace("TEMPLATES", ", ".join(sorted(project.templates)))
    assert messages(with_page_template_line(project, TEMPLATE_CORPUS[case])) == [expected]


def test_an_unknown_name_in_a_template_lists_the_names_it_can_use(project):
    (message,) = messages(with_page_template_line(project, TEMPLATE_CORPUS["an unknown name"]))
    first, quoted, hint = message.split("\n")
    assert (first, quoted) == ("templates/page.html:3: 'pgae' is not defined here", "    3 | <h1>{{ pgae.title }}</h1>")
    assert hint.startswith("    hint: check the spelling; the names this template is given here are: ")
    assert ", page, " in hint and ", site, " in hint


def test_an_unknown_field_in_a_template_is_located(project):
    (message,) = messages(with_page_template_line(project, TEMPLATE_CORPUS["an unknown field"]))
    assert message.startswith("templates/page.html:3: there is no field 'titel' here (")
    assert message.endswith(
        "    3 | <h1>{{ page.titel }}</h1>\n    hint: check the spelling of the name after the '.' on this line"
    )


def test_a_template_that_fails_is_reported_with_every_problem_found_before_it(project, make_project):
    """One run names every mistake: the build, the check and the preview alike. A template
    that fails stops the pages, but not the messages about the content read before it."""
    strategy = project.files["content/strategy.md"].decode("utf-8").rstrip("\n")
    text = strategy + "\n\nSee [click here](plan/).\n"
    line = strategy.count("\n") + 3
    link = f'content/strategy.md:{line}: the link "plan/" should start with /'
    vague = f'content/strategy.md:{line}: warning: the link text "click here" does not say where the link goes'
    field = "templates/page.html:3: there is no field 'titel' here ("
    broken = with_page_template_line(
        changed(project, {"content/strategy.md": text}), TEMPLATE_CORPUS["an unknown field"]
    )

    in_memory = [problem.format() for problem in problems_of(broken)]
    root = make_project({"content/strategy.md": text, "templates/page.html": broken.templates["page.html"]})
    with pytest.raises(ContentError) as caught:
        build(root)
    on_disk = [problem.format() for problem in caught.value.problems]
    for found in (in_memory, on_disk):
        assert [start for start in (link, vague, field) if not any(m.startswith(start) for m in found)] == []
        assert len(found) == 3, found


def test_a_missing_template_is_named(project):
    templates = {name: text for name, text in project.templates.items() if name != "page.html"}
    assert messages(dataclasses.replace(project, templates=templates)) == [
        "templates/page.html: the template is missing\n"
        "    hint: the site needs templates/page.html to make its pages: restore it from git or from the last "
        "published version"
    ]


@pytest.mark.parametrize("folder", ["templates", "static"])
def test_a_site_without_its_own_templates_or_static_folder_uses_the_theme(make_project, project, folder):
    """The theme ships inside the package: a site's folders hold only what it overrides."""
    root = make_project()
    shutil.rmtree(root / folder)
    without = read_project(root)
    assert without.problems == ()
    assert (without.templates, without.static) == (project.templates, project.static)
    render_project(without, strict=True)


def test_a_site_is_never_published_without_its_stylesheet(make_project):
    """A site's own base.html that links to a stylesheet neither the site nor the theme has."""
    root = make_project()
    (root / "static/css/site.css").rename(root / "static/css/own.css")
    base = root / "templates/base.html"
    base.write_text(base.read_text().replace("static/css/site.css", "static/css/mine.css"))
    n = next(i for i, line in enumerate(base.read_text().split("\n"), 1) if "static/css/mine.css" in line)
    assert messages_on_disk(root) == [
        f"templates/base.html:{n}: the template links to static/css/mine.css, which is not in static/\n"
        f'    {n} | <link rel="stylesheet" href="{{{{ root }}}}static/css/mine.css">\n'
        "    hint: put static/css/mine.css back (from git or the last published version), or correct the address",
    ]


def test_a_template_mistake_fails_the_build_and_keeps_the_last_good_site(make_project, monkeypatch):
    root = make_project()
    assert run_here(monkeypatch, root, "build").returncode == 0
    before = all_output(root / "_site")
    template = root / "templates/page.html"
    lines = template.read_text().split("\n")
    (heading,) = [n for n, line in enumerate(lines) if line.startswith("<h1>{{ page.title }}")]
    lines[heading] = "<h1>{{ page.title|shout }}</h1>"
    template.write_text("\n".join(lines))
    result = run_here(monkeypatch, root, "build")
    assert result.returncode == 1
    assert result.stderr == TEMPLATE_MESSAGES["an unknown filter"] + f"\n\n{SUMMARY_1}\n"
    assert all_output(root / "_site") == before


def test_the_preview_shows_a_template_mistake_as_a_problem_not_a_crash(make_project):
    root = make_project()
    state = PreviewState()
    rebuild(root, state, None, False, lambda message: None)
    assert not state.is_broken
    template = root / "templates/page.html"
    template.write_text(template.read_text().replace("{{ page.title }}", "{{ pgae.title }}"))
    rebuild(root, state, None, False, lambda message: None)
    assert state.crash == ""
    assert [(p.file, p.line) for p in state.problems] == [("templates/page.html", 3)]


def test_a_template_mistake_met_by_a_page_worker_is_a_message(make_project, monkeypatch, tmp_path):
    pages = {
        f"content/extra-{n}.md": f"---\ntitle: Extra {n}\nupdated: 2026-11-26\n---\n\nText {n}.\n" for n in range(8)
    }
    root = make_project(pages)
    template = root / "templates/page.html"
    # Only pages outside the menu, which the workers render, meet the mistake.
    template.write_text(
        template.read_text().replace(
            "{{ page.title }}", "{% if page.nav_order is none %}{{ oops }}{% endif %}{{ page.title }}"
        )
    )
    force_page_workers(monkeypatch)  # Even on one core.
    with pytest.raises(ContentError) as caught:
        build(root, tmp_path / "site")
    assert [(p.file, p.line, p.message) for p in caught.value.problems] == [
        ("templates/page.html", 3, "'oops' is not defined here")
    ]


# --- 18. sizes are checked before reading -----------------------------------------------------------


@pytest.fixture
def reads(monkeypatch) -> list[tuple[int, int]]:
    """Each read of the disk: how many bytes it asked for, and got. Reading through open() (which
    reads a file whole, whatever its size) is not allowed."""
    asked: list[tuple[int, int]] = []
    real_read = os.read

    def counting_read(handle, count):
        data = real_read(handle, count)
        asked.append((count, len(data)))
        return data

    def no_open(*args, **kwargs):
        raise AssertionError("files must be read with a bounded os.read, not open()")

    monkeypatch.setattr(safe_reading.os, "read", counting_read)
    for module in (folder_listing, file_cache, project_files, safe_reading):  # Every module that reads the disk.
        monkeypatch.setattr(module, "open", no_open, raising=False)
    return asked


def _sparse(path: Path, size: int = 2**30) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.truncate(size)  # A gigabyte that takes no room on disk and no time to make.


@pytest.mark.parametrize(
    "name, message",
    [
        ("content/huge.md", "the file is 1,073,741,824 bytes; content files are limited to 5,000,000"),
        (
            "static/video.mp4",
            f"the file is 1,073,741,824 bytes; files in static/ are limited to {MAX_STATIC_BYTES:,} "
            "(25 MiB, the most some web hosts serve)",
        ),
        ("templates/huge.html", f"the file is 1,073,741,824 bytes; templates are limited to {MAX_TEMPLATE_BYTES:,}"),
    ],
)
def test_a_huge_file_is_refused_without_being_read(make_project, reads, name, message):
    root = make_project()
    _sparse(root / name)
    found = problems_of(read_project(root))
    assert [(p.file, p.message) for p in found] == [(name, message)]
    assert found[0].hint
    # The project's other files were read; of the huge one, nothing.
    assert sum(got for _, got in reads) < 2_000_000
    assert max(count for count, _ in reads) <= MAX_FILE_BYTES


def test_a_file_that_grows_while_being_read_is_read_no_further_than_its_limit(make_project, reads, monkeypatch):
    root = make_project()
    _sparse(root / "content/growing.md")
    real_fstat = os.fstat

    def small_at_first(handle):  # Stat says it is small; then it turns out not to be.
        info = real_fstat(handle)
        return os.stat_result((info.st_mode, *info[1:6], 100, *info[7:]))

    monkeypatch.setattr(safe_reading.os, "fstat", small_at_first)
    data = read_project(root).files["content/growing.md"]
    assert isinstance(data, UnreadFile)
    assert decode_source("content/growing.md", data).message.endswith("content files are limited to 5,000,000")
    assert sum(got for _, got in reads) <= MAX_FILE_BYTES + 1 + 2_000_000  # The page, and the templates and static.
    assert sum(count for count, _ in reads) < 3 * MAX_FILE_BYTES


# --- reading never ends in a traceback -----------------------------------------------------------


def _refuse(monkeypatch, function: str, path_end: str, error: int) -> None:
    """Make os.open or os.scandir fail with `error` for paths ending in `path_end`."""
    real = getattr(safe_reading.os, function)

    def failing(path, *args, **kwargs):
        if os.fsdecode(path).endswith(path_end):
            raise OSError(error, os.strerror(error), path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(safe_reading.os, function, failing)


PERMISSION_HINT = "then try again"


@pytest.mark.parametrize(
    "name, function, what",
    [
        ("content/plan.md", "open", "file"),
        ("templates/base.html", "open", "file"),
        ("static/css/site.css", "open", "file"),
        ("content/topic", "scandir", "folder"),
    ],
)
def test_a_file_or_folder_that_may_not_be_read_is_a_message(make_project, monkeypatch, name, function, what):
    root = make_project({"content/topic/index.md": "---\ntitle: A topic\nupdated: 2026-11-26\n---\n\nHello.\n"})
    _refuse(monkeypatch, function, name.rsplit("/", 1)[-1] if function == "open" else name, errno.EACCES)
    found = [p for p in problems_of(read_project(root)) if p.file == name]
    assert [p.format() for p in found] == [
        f"{name}: the {what} cannot be read: permission denied\n"
        f"    hint: give yourself permission to read the {what} (or ask whoever looks after this computer to), "
        "then try again"
    ]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a user that permissions apply to")
def test_a_page_that_may_not_be_read_exits_1_without_a_traceback(make_project):
    root = make_project()
    plan = root / "content/plan.md"
    plan.chmod(0)
    try:
        result = run_cli(root, "check")
    finally:
        plan.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert result.returncode == 1
    assert "content/plan.md: the file cannot be read: permission denied" in result.stderr


@pytest.mark.parametrize("name", ["content/timeline.yaml", "site_config.yaml"])
def test_a_folder_where_a_file_is_expected_is_a_message(make_project, name):
    root = make_project()
    (root / name).unlink()
    (root / name).mkdir()
    (root / name / "inside.txt").write_text("x")
    assert messages_on_disk(root) == [
        f"{name}: this is a folder, but a file is expected here\n"
        "    hint: rename or move the folder, then put the file here (from git or the last published version)"
    ]


def test_a_file_where_the_templates_folder_is_expected_is_a_message(make_project):
    root = make_project()
    shutil.rmtree(root / "templates")
    (root / "templates").write_text("x")
    assert messages_on_disk(root) == [
        "templates: this is a file, but a folder is expected here\n"
        "    hint: rename or move the file, then put the templates/ folder back (from git or the last published "
        "version)"
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_in_place_of_a_page_is_a_message_not_a_hang(make_project):
    root = make_project()
    os.mkfifo(root / "content/pipe.md")
    assert messages_on_disk(root) == [
        "content/pipe.md: this is not an ordinary file (it is a pipe, a device or a socket), so it was not "
        "read\n    hint: delete it, or put an ordinary file here"
    ]
