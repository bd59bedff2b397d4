"""What the content and settings files may say, and the messages when they say otherwise.

Rules of issue 10 that live in the schema and the loader: a real language tag, a public
address without query or fragment, a real email address, no placeholders in a strict
build, an accessibility statement on every site, timelines without themes, items whose
addresses survive rewording, and every problem in one run.
"""

from __future__ import annotations

import dataclasses

import pytest
from tooling import REPO_ROOT
from work_count import lines_run

from sitegen.errors import ContentError
from sitegen.model.loading import load_content, load_site
from sitegen.pipeline import render_project
from sitegen.read.project_files import Project, read_project

CONFIG = "site_config.yaml"
TIMELINE = "content/timeline.yaml"


@pytest.fixture(scope="module")
def project() -> Project:
    return read_project(REPO_ROOT)


def changed(project: Project, changes: dict[str, str | None]) -> Project:
    files = dict(project.files)
    for name, value in changes.items():
        if value is None:
            files.pop(name, None)
        else:
            files[name] = value.encode("utf-8")
    return dataclasses.replace(project, files=files)


def text(project: Project, name: str) -> str:
    return project.files[name].decode("utf-8")


def replaced(project: Project, name: str, old: str, new: str) -> dict[str, str]:
    original = text(project, name)
    assert original.count(old) == 1, f"{name} should contain {old!r} once"
    return {name: original.replace(old, new)}


def messages(project: Project, changes: dict[str, str | None], strict: bool = False) -> list[str]:
    with pytest.raises(ContentError) as caught:
        render_project(changed(project, changes), strict=strict)
    return [problem.format() for problem in caught.value.problems]


def line_of(project: Project, name: str, needle: str) -> int:
    return next(n for n, line in enumerate(text(project, name).split("\n"), 1) if needle in line)


# --- site_config.yaml -------------------------------------------------------------------


@pytest.mark.parametrize("tag", ["English", "en_GB", "xx", "e", "en GB"])
def test_the_language_must_be_a_language_tag(project, tag):
    changes = replaced(project, CONFIG, 'language: "en-GB"', f'language: "{tag}"')
    n = line_of(project, CONFIG, "language:")
    (message,) = messages(project, changes)
    assert message.startswith(
        f"{CONFIG}:{n}: 'language' must be a language tag like en-GB or cy, got \"{tag.strip()}\""
    )
    assert "hint: 'language' is a language tag like en-GB (English) or cy (Welsh)" in message


@pytest.mark.parametrize("tag", ["cy", "en", "ga-IE", "zh-Hant-TW"])
def test_real_language_tags_are_accepted_and_published(project, tag):
    rendered = render_project(changed(project, replaced(project, CONFIG, 'language: "en-GB"', f'language: "{tag}"')))
    assert f'<html lang="{tag}">' in rendered.files["index.html"].decode()


@pytest.mark.parametrize(
    "address",
    [
        "https://www.example.gov.uk/report/?page=1",
        "https://www.example.gov.uk/report/#top",
        "https://user:secret@www.example.gov.uk/",
        "www.example.gov.uk",
        "ftp://www.example.gov.uk/",
    ],
)
def test_the_public_address_is_a_plain_web_address(project, address):
    config = text(project, CONFIG)
    start = config.index("base_url:")
    end = config.index("\n", start)
    changes = {CONFIG: config[:start] + f'base_url: "{address}"' + config[end:]}
    (message,) = messages(project, changes)
    assert f"'base_url' must be a web address like https://www.example.gov.uk/, got \"{address}\"" in message


@pytest.mark.parametrize("email", ["the office", "office@", "@example.gov.uk", "office@localhost", "a@b@c.uk"])
def test_the_contact_email_must_be_an_email_address(project, email):
    changes = replaced(project, CONFIG, 'email: "opcc@westmercia.pnn.police.uk"', f'email: "{email}"')
    n = line_of(project, CONFIG, "email:")
    (message,) = messages(project, changes)
    assert message.startswith(
        f"{CONFIG}:{n}: 'email' must be an email address like team@example.gov.uk, got \"{email}\""
    )
    assert "hint: 'email' is an email address readers can write to" in message


def test_placeholder_addresses_build_but_a_strict_build_refuses_them_naming_file_and_line(project):
    config = text(project, CONFIG)
    start = config.index("base_url:")
    config = config[:start] + 'base_url: "https://example.org/soc/"' + config[config.index("\n", start) :]
    config = config.replace("opcc@westmercia.pnn.police.uk", "accessibility@example.org")
    project_with_placeholders = changed(project, {CONFIG: config})
    rendered = render_project(project_with_placeholders)  # A draft builds and previews...
    shown = [w.format() for w in rendered.warnings]
    n_url, n_email = (
        next(n for n, line in enumerate(config.split("\n"), 1) if k in line) for k in ("base_url:", "email:")
    )
    assert shown == [
        f"{CONFIG}:{n_url}: warning: 'base_url' is a placeholder address (https://example.org/soc/), not a real one\n"
        f'    {n_url} | base_url: "https://example.org/soc/"\n'
        "    hint: replace it with the real address before publishing",
        f"{CONFIG}:{n_email}: warning: 'email' is a placeholder email address (accessibility@example.org), not a real "
        "one\n"
        f'    {n_email} |   email: "accessibility@example.org"\n'
        "    hint: replace it with the real address readers can write to",
    ]
    with pytest.raises(ContentError) as caught:  # ...but is never published.
        render_project(project_with_placeholders, strict=True)
    assert [p.format() for p in caught.value.problems] == [m.replace("warning: ", "", 1) for m in shown]


@pytest.mark.parametrize(
    "host",
    ["example.com", "www.example.net", "office.example", "site.test", "localhost", "intranet.invalid", "127.0.0.1"],
)
def test_every_reserved_example_address_is_a_placeholder(project, host):
    duties = "content/what-we-must-publish.yaml"  # The office's duties: their addresses are published.
    changes = {
        duties: text(project, duties).replace(
            '"https://www.westmercia-pcc.gov.uk/key-information/"', f'"https://{host}/key-information/"'
        )
    }
    rendered = render_project(changed(project, changes))
    assert [w.message for w in rendered.warnings] == [
        f"'where' is a placeholder address (https://{host}/key-information/), not a real one"
    ]


def test_todo_notes_are_placeholders_too(project):
    changes = {"content/plan.md": text(project, "content/plan.md") + "\nTODO: add the 2024 review.\n"}
    found = messages(project, changes, strict=True)
    n = len(changes["content/plan.md"].split("\n")) - 1
    assert found[0] == (
        f"content/plan.md:{n}: this line has a 'TODO:' note: something still to write or replace\n"
        f"    {n} | TODO: add the 2024 review.\n"
        "    hint: replace the note with the real text before publishing"
    )


# --- the accessibility statement ------------------------------------------------------


def test_a_site_without_an_accessibility_statement_is_refused(project):
    found = messages(project, {"content/accessibility.md": None})
    assert found[0] == (
        "content/: the site has no accessibility statement\n"
        "    hint: public sector websites must publish one (the Public Sector Bodies Accessibility Regulations "
        "2018): add a page with 'kind: accessibility-statement' in its front matter, like "
        "content/accessibility.md; 'python build.py new' makes one to complete"
    )


def test_the_statement_can_have_any_name_and_the_footer_and_contact_follow_it(project):
    statement = text(project, "content/accessibility.md")
    rendered = render_project(
        changed(
            project,
            {
                "content/accessibility.md": None,
                "content/about/access.md": statement,
                "content/about/index.md": "---\ntitle: About\nupdated: 2026-11-26\n---\n\nAbout the site.\n",
            },
        )
    )
    page = rendered.files["about/access/index.html"].decode()
    assert 'id="contact"' in page and "opcc@westmercia.pnn.police.uk" in page
    home = rendered.files["index.html"].decode()
    assert '<a href="about/access/">Accessibility statement</a>' in home


def test_two_statements_are_one_too_many(project):
    statement = text(project, "content/accessibility.md")
    (message,) = messages(project, {"content/accessibility-2.md": statement})
    assert message == (
        "content/accessibility.md: content/accessibility-2.md is already the accessibility statement\n"
        "    hint: keep one page with 'kind: accessibility-statement'"
    )


# --- lists ------------------------------------------------------------------------------


def without_themes(timeline: str) -> str:
    lines = [line for line in timeline.split("\n") if not line.startswith("    themes:")]
    start = lines.index("themes:")
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("  "))
    return "\n".join(lines[:start] + lines[end:])


def test_a_timeline_without_themes_builds_and_shows_no_theme_filter(project):
    rendered = render_project(changed(project, {TIMELINE: without_themes(text(project, TIMELINE))}), strict=True)
    page = rendered.files["timeline/index.html"].decode()
    assert 'data-year="2021"' in page and 'data-theme="' not in page and "Theme" not in page
    assert not any(path.startswith("timeline/drugs/") for path in rendered.files)
    assert "timeline/2021/index.html" in rendered.files


def test_a_list_without_periods_has_no_filter(project):
    rendered = render_project(project)
    page = rendered.files["next-steps/index.html"].decode()
    assert 'id="list-filter"' not in page and not any(p.startswith("next-steps/2") for p in rendered.files)


def test_item_addresses_survive_rewording(project):
    timeline = text(project, TIMELINE)
    lines = [line for line in timeline.split("\n") if not line.startswith("  - id: ")]
    plain = "\n".join(
        line.replace("    period:", "  - period:", 1) if line.startswith("    period:") else line for line in lines
    )

    def ids(source: str) -> list[str]:
        content = load_content({**project.files, TIMELINE: source.encode()})
        return [entry.id for entry in content.collections["timeline"].entries]

    before = ids(plain)
    reworded = plain.replace("Worked with partners", "Together with partners, worked")
    assert ids(reworded) == before
    assert before[:3] == ["2018", "2018-2", "2018-to-2023"]


def test_making_item_addresses_stays_linear_for_items_that_start_alike(project):
    # Items without a period all start from the same base ("step-1", "step-2", …): trying
    # each number from 1 again for every item would be quadratic. Counted, not timed (a
    # busy machine must not fail it): the lines of the generator's code that loading runs.
    header = text(project, "content/next-steps.yaml").split("entries:")[0]

    def work(count: int) -> int:
        body = "".join(f"  - status: planned\n    text: Review the plan again, number {i}.\n" for i in range(count))
        files = {**project.files, "content/next-steps.yaml": (header + "entries:\n" + body).encode()}
        content, lines = lines_run(lambda: load_content(files))
        assert len({e.id for e in content.collections["next-steps"].entries}) == count
        return lines

    small, big = work(500), work(2_000)
    assert big < small * 5, (small, big)  # Linear is 4 times as much work; quadratic would be 16.


def test_an_explicit_id_twice_is_refused_and_a_made_one_steps_around_it(project):
    header = text(project, "content/next-steps.yaml").split("entries:")[0]
    body = (
        "  - id: step-1\n    status: planned\n    text: One.\n"
        "  - status: planned\n    text: Two.\n"
        "  - id: step-1\n    status: planned\n    text: Three.\n"
    )
    loaded = load_site({**project.files, "content/next-steps.yaml": (header + "entries:\n" + body).encode()})
    assert [p.message for p in loaded.errors] == [
        f"the id 'step-1' is used twice (first on line {header.count(chr(10)) + 2})"
    ]


# --- every problem in one run -----------------------------------------------------------


def test_a_file_that_fails_to_load_does_not_hide_a_broken_link_elsewhere(project):
    broken_list = replaced(project, TIMELINE, 'period: "2019/20"', 'period: "2O19"')
    broken_link = {"content/plan.md": text(project, "content/plan.md") + "\nSee [the minutes](/minutes/).\n"}
    found = [m.split("\n")[0] for m in messages(project, {**broken_list, **broken_link})]
    n = len(broken_link["content/plan.md"].split("\n")) - 1
    t = line_of(project, TIMELINE, 'period: "2019/20"')
    assert found == [
        f"content/plan.md:{n}: the link to /minutes/ goes to a page that does not exist",
        f'content/timeline.yaml:{t}: \'period\' must look like 2024, 2023/24 or "2020 and ongoing", got "2O19"',
    ]


def test_links_to_a_file_that_failed_to_load_are_not_reported_as_broken(project):
    # content/index.md links to /timeline/: the timeline's own problem is the one to fix.
    found = messages(project, replaced(project, TIMELINE, 'period: "2019/20"', 'period: "2O19"'))
    assert len(found) == 1 and found[0].startswith("content/timeline.yaml:")


# --- drafts, documents and example links --------------------------------------------------

DRAFT_PAGE = "---\ntitle: The 2027 plan\nupdated: 2026-11-26\ndraft: true\n---\n\nNot yet agreed.\n"


def test_a_link_to_a_draft_is_a_warning_in_the_preview_and_an_error_when_published(project):
    changes = {
        "content/next-plan.md": DRAFT_PAGE,
        "content/plan.md": text(project, "content/plan.md") + "\nSee [the 2027 plan](/next-plan/).\n",
    }
    n = len(changes["content/plan.md"].split("\n")) - 1
    preview = render_project(changed(project, changes), include_drafts=True)
    assert "next-plan/index.html" in preview.files
    assert [w.format() for w in preview.warnings] == [
        f"content/plan.md:{n}: warning: the link to /next-plan/ goes to a draft, which the published site leaves out\n"
        f"    {n} | See [the 2027 plan](/next-plan/).\n"
        "    hint: publish the draft first (take out its 'draft: true'), or add the link once it is published"
    ]
    (message,) = messages(project, changes)
    assert message.startswith(f"content/plan.md:{n}: the link to /next-plan/ goes to a page that does not exist")


def test_a_draft_topic_leaves_out_everything_in_it_documents_too(project):
    pdf = "%PDF-1.4\n%%EOF\n"
    changes = {
        "content/plans/index.md": DRAFT_PAGE,
        "content/plans/files/plan.pdf": pdf,
        "content/plans/detail.md": "---\ntitle: Detail\nupdated: 2026-11-26\n---\n\nMore.\n",
    }
    published = render_project(changed(project, changes))
    assert not any(path.startswith("plans/") for path in published.files)
    preview = render_project(changed(project, changes), include_drafts=True)
    assert {"plans/index.html", "plans/detail/index.html", "plans/files/plan.pdf"} <= set(preview.files)


def test_a_document_that_is_not_what_its_name_says_is_refused(project):
    (message,) = messages(project, {"content/files/report.pdf": "<html><script>alert(1)</script></html>"})
    assert message == (
        "content/files/report.pdf: the file is called a PDF but what it holds is not one, so it is "
        "not published\n"
        "    hint: open it, save it again as PDF and put that file here; if it is damaged, replace it"
    )


def test_a_link_to_an_example_address_is_a_placeholder(project):
    changes = {"content/plan.md": text(project, "content/plan.md") + "\nSee [the report](https://example.com/r).\n"}
    n = len(changes["content/plan.md"].split("\n")) - 1
    (message,) = messages(project, changes, strict=True)
    assert message == (
        f'content/plan.md:{n}: the link "https://example.com/r" goes to an example address, not a '
        "real one\n"
        f"    {n} | See [the report](https://example.com/r).\n"
        "    hint: replace it with the real address before publishing"
    )


def test_a_period_before_a_year_reads_as_such():
    from sitegen.model.periods import parse_period

    assert parse_period("Pre-2018").describe() == "before 2018"
    assert parse_period("Pre-2018 and ongoing").describe() == "before 2018, ongoing"
    assert parse_period("Before 2020").describe() == "before 2020"
