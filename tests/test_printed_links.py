"""Which links print without their address: the build's one-pass reading of a page
(sitegen/render/printed_links.py) gives exactly html.parser's answers, on every page of the
sites here, on hostile content, and under every print rule."""

from __future__ import annotations

from html import escape
from pathlib import Path

import pytest
from printed_links_reference import links_without_address_by_html_parser
from test_xss import FORMS, payloads, renderer

from sitegen.pipeline import render_project
from sitegen.read.project_files import read_project
from sitegen.render.printed_links import links_without_address
from sitegen.render.site_facts import PrintRules

REPO = Path(__file__).resolve().parent.parent
SITES = {"West Mercia": REPO, "Lindmere Fire": REPO / "tests/sites/lindmere-fire"}


def mains_of(pages: dict[str, bytes]) -> list[str]:
    texts = [data.decode("utf-8") for name, data in sorted(pages.items()) if name.endswith(".html")]
    return [text.split("<main", 1)[1].split("</main>", 1)[0] for text in texts if "<main" in text]


def every_class_and_id(mains: list[str]) -> frozenset[str]:
    import re

    return frozenset(
        word for main in mains for value in re.findall(r'(?:class|id)="([^"]*)"', main) for word in value.split()
    )


def rule_sets(css: str, mains: list[str]) -> dict[str, PrintRules]:
    """The site's own rules, none, and rules that name every mark there is in each role."""
    marks = every_class_and_id(mains)
    return {
        "the site's": PrintRules.from_css(css),
        "none": PrintRules(frozenset(), frozenset()),
        "every mark prints no address": PrintRules(frozenset(), marks),
        "half the marks hidden": PrintRules(frozenset(sorted(marks)[::2]), frozenset(sorted(marks)[1::2])),
    }


@pytest.mark.parametrize("site", SITES)
def test_every_page_of_each_site_is_read_as_html_parser_reads_it(site, real_site):
    project = read_project(SITES[site])
    pages = real_site.files if site == "West Mercia" else render_project(project).files
    mains = mains_of(pages)
    assert len(mains) > 10
    css = project.static["static/css/site.css"].decode()
    links_found = 0
    for rules_name, rules in rule_sets(css, mains).items():
        for main in mains:
            expected = links_without_address_by_html_parser(main, rules)
            assert links_without_address(main, rules) == expected, (rules_name, main[:200])
            links_found += len(expected)
    assert links_found > 100  # The rules above make many links print without their address.


@pytest.mark.slow  # about 3 s: every payload of the corpus in every Markdown form
def test_hostile_content_in_every_markdown_form_is_read_as_html_parser_reads_it():
    rules = PrintRules(frozenset({"x", "hidden"}), frozenset({"y"}))
    compared = 0
    for payload in payloads():
        for make in FORMS.values():
            text = make(payload)
            if text is None:
                continue
            html = renderer().render(text, "content/xss.md", 1).html
            main = f'<div class="x"><a href="/a">{escape(payload[:20])}</a></div><div class="y">{html}</div>{html}'
            assert links_without_address(main, rules) == links_without_address_by_html_parser(main, rules), payload
            compared += 1
    assert compared > 1000


@pytest.mark.parametrize(
    "markup",
    [
        '<p><a href="/plan/">The plan</a> and <a href="https://example.org/">a site</a></p>',
        '<div hidden><a href="/x/">hidden</a></div><a href="/y/">shown</a>',
        '<div HIDDEN="hidden"><a href="/x/">hidden too</a></div>',
        '<p title="a > b"><a href="/x/" title=\'c > d\'>quoted angle brackets</a></p>',
        '<p class="&#100;ownload"><a href="/x/">a class spelt with a reference</a></p>',
        '<span/><a href="/x/">after a closed span</a><br/><a href=/y/>unquoted, slash at the end</a>',
        '<a href="mailto:team@example.org">team@example.org</a><a href="tel:0100">Call us</a>',
        '<a href="#top">Back to top</a><a href="/z/" data-print-href>printed</a>',
        '<div class="download"><p><a href="/x/">in</a></div><a href="/y/">out, past an unclosed p</a>',
        '<a href="/x/">script <script>var a = "<a href=/q/>";</script> inside</a><!-- <a href="/c/">c</a> -->',
        '<A HREF="/x/">Capitals</A><a href="/x/">Fish &amp; chips &lt;3</a>',
        '<a name="anchor">no href</a><a href="/x/">two</a>',
        # Each of these was added for a change to printed_links.py that no other case noticed.
        '</p><a href="/x/">after a stray end tag</a> text </a> after a stray end of a link',
        '<!-- a comment --><a href="/x/">after a comment</a>',
        '<a href="http://example.org/">an old address</a><a href="HTTPS://EXAMPLE.ORG/">in capitals</a>',
        '<area href="/x/" alt="an area"><span data-href="/y/">not a link</span></a><a href="/z/">a link</a>',
        '<span class="download"/><a href="/x/">after a closed marked span</a>',
        '<span class="download"/ ><a href="/x/">a slash, then a space: not closed</a></span>',
        '<span class="download" /\n><a href="/x/">a slash, then a line break: not closed</a></span>',
        '<p><a href="/x/">inside a paragraph closed first</p></a>',
        '<script class="download">var a;</script><a href="/x/">after a marked script</a>',
        '<STYLE class="download">a {}</STYLE><a href="/x/">after a marked style</a>',
        "<span class=download /><a href=/y/>spaced</a><i class=download/><a href=/z/>unquoted</a>",
        "<p class=download><a href=/x/>unquoted class</a></p><p class='download'><a href='/y/'>single quotes</a></p>",
        '<a href="mailto:team:desk@example.org">team</a><a href="tel:0100:200">200</a>',
    ],
)
@pytest.mark.parametrize("role", ["hidden", "no address"])
def test_odd_markup_is_read_as_html_parser_reads_it(markup, role):
    marks = frozenset({"download"})
    rules = PrintRules(marks, frozenset()) if role == "hidden" else PrintRules(frozenset(), marks)
    assert links_without_address(markup, rules) == links_without_address_by_html_parser(markup, rules)
