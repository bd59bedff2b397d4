"""The privacy notice and the accessibility statement are true by construction (issue 21, item 7):
what the build knows of the site is shown on them, and a claim the site contradicts stops
the build, at the claim's line."""

from __future__ import annotations

import dataclasses

import pytest
from htmltools import elements, visible_text
from tooling import REPO_ROOT

from sitegen.errors import ContentError
from sitegen.pipeline import render_project
from sitegen.read.project_files import Project, read_project
from sitegen.render.site_facts import PrintRules, UnaddressedLinks, read_site_facts

STATEMENT = "content/accessibility.md"
PRIVACY = "content/privacy.md"


@pytest.fixture(scope="module")
def project() -> Project:
    return read_project(REPO_ROOT)


def changed(project: Project, files: dict[str, str] | None = None, **parts: dict[str, str]) -> Project:
    new = dataclasses.replace(project, files={**project.files, **{k: v.encode() for k, v in (files or {}).items()}})
    if "templates" in parts:
        new = dataclasses.replace(new, templates={**project.templates, **parts["templates"]})
    if "static" in parts:
        new = dataclasses.replace(new, static={**project.static, **{k: v.encode() for k, v in parts["static"].items()}})
    return new


def text(project: Project, name: str) -> str:
    return project.files[name].decode("utf-8")


def errors(project: Project) -> list[str]:
    with pytest.raises(ContentError) as caught:
        render_project(project)
    return [p.format() for p in caught.value.problems]


def line_of(source: str, words: str) -> int:
    return next(n for n, line in enumerate(source.split("\n"), start=1) if words in line)


# --- what the build knows, shown -----------------------------------------------------------


def test_the_privacy_notice_says_what_the_site_does_as_built(real_pages):
    text_ = visible_text(real_pages["privacy/index.html"])
    assert "Forms: every page has a search box." in text_
    assert "the words you search for become part of the search page's address" in text_
    assert "Cookies: none." in text_
    assert "Other websites: none. Every page loads only files from this site" in text_
    assert "kept in your browser's own storage" in text_


def test_the_privacy_notice_names_the_controller_the_contact_and_the_icos_complaint_route(real_site, real_pages):
    html = real_pages["privacy/index.html"]
    config = real_site.content.config
    assert f"The data controller is {config.privacy.controller}." in visible_text(html)
    assert f'<a href="mailto:{config.contact.email}">' in html
    (complaint,) = [a for a in elements(html, "a") if "ico.org.uk" in a.attrs.get("href", "")]
    # The address the research notes confirmed (/work/notes/glossary-sources.md, 2i).
    assert complaint.attrs["href"] == "https://ico.org.uk/make-a-complaint/data-protection-complaints"
    assert "Information Commissioner" in complaint.text


def test_the_facts_follow_the_files_not_what_was_typed(project):
    facts = read_site_facts(project.templates, project.static)
    assert facts.search_form_on_every_page and facts.other_forms == ()
    assert facts.cookies == () and facts.third_party == ()
    assert facts.browser_storage == ("static/js/settings-early.js", "static/js/settings.js")
    changed_facts = read_site_facts(
        {**project.templates, "extra.html": '<script src="https://cdn.example.com/x.js"></script><form method="post">'},
        {**project.static, "static/js/count.js": b"document.cookie = 'seen=1';"},
    )
    assert changed_facts.third_party == ("extra.html",)
    assert changed_facts.other_forms == ("extra.html",)
    assert changed_facts.cookies == ("static/js/count.js",)


def test_the_statement_shows_what_the_content_checks_found(project, real_pages):
    assert "They find none in the content published now." in visible_text(real_pages["accessibility/index.html"])
    page = text(project, "content/plan.md") + "\n![](/static/favicon.svg)\n"
    site = render_project(changed(project, {"content/plan.md": page}))
    shown = visible_text(site.files["accessibility/index.html"].decode())
    assert "They found 1 problem, not yet fixed: an image has no alt text (content/plan.md, line" in shown


# --- claims the site contradicts --------------------------------------------------------------


def test_a_privacy_notice_saying_there_are_no_forms_is_refused_at_its_line(project):
    notice = text(project, PRIVACY) + "\nThe site has no forms and no accounts.\n"
    (error,) = errors(changed(project, {PRIVACY: notice}))
    n = line_of(notice, "no forms")
    assert error == (
        f"{PRIVACY}:{n}: this says the site has no forms, but every page has a search form\n"
        f"    {n} | The site has no forms and no accounts.\n"
        "    hint: make what it says true of the site: say what the forms are and what happens to what readers "
        "type in them"
    )


def test_partially_compliant_and_no_content_known_to_fail_is_refused(project):
    statement = text(project, STATEMENT) + "\nWe know of no content on this site that fails the guidelines.\n"
    (error,) = errors(changed(project, {STATEMENT: statement}))
    assert error.startswith(
        f"{STATEMENT}:{line_of(statement, 'We know of no content')}: the statement says the site is partially "
        "compliant, and also that no content is known to fail"
    )


def test_printed_addresses_are_promised_only_while_every_link_prints_one(project):
    # The theme links printed without their addresses before issue 21; put that rule back.
    css = project.static["static/css/site.css"].decode() + (
        "\n@media print { main .entry-meta a[href]::after { content: none; } }\n"
    )
    (error,) = errors(changed(project, static={"static/css/site.css": css}))
    statement = text(project, STATEMENT)
    assert error.startswith(
        f"{STATEMENT}:{line_of(statement, 'addresses of links')}: this says printed links show their addresses, "
        'but some links print without their address ("Partnership working" on /timeline/'
    )


def test_a_template_link_without_a_printed_address_is_found():
    found = UnaddressedLinks(PrintRules.from_css("@media print { .download { display: none; } }"))
    found.look(
        "x/",
        '<header><a href="../">Home</a></header><main><a href="../a/" data-print-href="https://s/a/">A</a>'
        '<a href="https://other/">B</a><a href="#top">C</a><div class="download"><a href="d.csv">D</a></div>'
        '<p hidden><a href="../">E</a></p><a href="mailto:a@b.c">a@b.c</a><a href="../f/">F</a></main>',
    )
    assert found.found == [("x/", "F")]


def test_the_footers_no_cookies_is_refused_once_a_script_sets_one(project):
    static = {"static/js/menu.js": project.static["static/js/menu.js"].decode() + "\ndocument.cookie = 'a=1';\n"}
    found = errors(changed(project, static=static))
    base = project.templates["base.html"]
    assert (
        f"templates/base.html:{line_of(base, 'sets no cookies')}: this says the site sets no cookies, but cookies "
        "are used in static/js/menu.js"
    ) in [e.split("\n")[0] for e in found]
    assert any(e.startswith(f"{STATEMENT}:") and "sets no cookies" in e for e in found)


def test_theme_links_print_with_their_addresses(real_site, real_pages):
    html = real_pages["timeline/index.html"]
    themed = [
        a
        for a in elements(html, "a")
        if a.attrs.get("href", "").endswith("timeline/drugs/") and "data-print-href" in a.attrs
    ]
    assert themed and all(
        a.attrs["data-print-href"] == real_site.content.config.base_url + "timeline/drugs/" for a in themed
    )
    css = real_site.files["static/css/site.css"].decode()
    assert "entry-meta a[href]::after { content: none" not in css
