"""Each defence against scripts in content fails a fast test when it is taken away.

The layers stand behind each other (see sitegen/markdown/__init__.py), so a test of what
reaches the page through all of them (test_xss.py) stays green when one layer is gone: the
next one hides it. Each layer is tested here on its own:

1. markdown-it runs with `html=False`: HTML typed into content is shown as text. (With
   `html=True` the cleaner would still drop a <script>, but let <em> or <a> through.)
2. Link and image addresses outside https, http, mailto and tel are refused at their line:
   test_xss.py::test_a_script_address_is_refused_at_its_line_and_never_reaches_the_page.
3. The cleaner (nh3) keeps only those schemes, whatever the layers before it let through.
4. Every page, made from any template (a page's old address, from `aliases:`, included),
   carries the Content-Security-Policy that forbids inline scripts but the site's own.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

import jinja2
import pytest
from htmltools import elements
from tooling import REPO_ROOT

from sitegen.markdown.renderer import MarkdownRenderer
from sitegen.markdown.safety import HTML_CLEANER
from sitegen.pipeline import render_project
from sitegen.read.project_files import Project, read_project
from sitegen.render.environment import content_security_policy
from sitegen.render.page_template import EARLY_SCRIPT


@lru_cache(maxsize=1)
def real_project() -> Project:
    return read_project(REPO_ROOT)


def render(text: str) -> str:
    return MarkdownRenderer({}, "https://example.gov.uk/").render_once(text, "content/test.md", 6).html


# --- 1. HTML typed into content is text -----------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("Some <em>stress</em>.", "<p>Some &lt;em&gt;stress&lt;/em&gt;.</p>\n"),
        ('<a href="https://example.org/">a link</a>', '<p>&lt;a href="https://example.org/"&gt;a link&lt;/a&gt;</p>\n'),
        ("<div>\nA block\n</div>", "<p>&lt;div&gt;\nA block\n&lt;/div&gt;</p>\n"),
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"),
        ("<!-- a note -->", "<p>&lt;!-- a note --&gt;</p>\n"),
    ],
)
def test_html_typed_into_content_is_shown_as_text_not_passed_through(typed, shown):
    assert render(typed) == shown


# --- 3. the cleaner keeps only the safe schemes -------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "javascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,x",
        "data:image/png;base64,iVBORw0KGgo=",
        # Schemes nh3 allows by default (ammonia's list): only our own list keeps them out.
        "ftp://example.org/file",
        "sms:+441234567890",
        "irc://example.org/channel",
    ],
)
def test_the_cleaner_drops_every_address_but_web_mail_and_phone(address):
    html = f'<p><a href="{address}">a link</a><img src="{address}" alt="a picture"></p>'
    assert HTML_CLEANER.clean(html) == '<p><a>a link</a><img alt="a picture"></p>'


def test_the_cleaner_keeps_web_mail_phone_and_site_addresses():
    html = (
        '<p><a href="https://example.org/">a</a><a href="http://example.org/">b</a>'
        '<a href="mailto:office@example.gov.uk">c</a><a href="tel:+441234567890">d</a>'
        '<a href="/__site_root__/about/">e</a><img src="/__site_root__/files/map.png" alt="f"></p>'
    )
    assert HTML_CLEANER.clean(html) == html


# --- 4. the policy is on every page of every template -----------------------------------------

MOVED_PAGE = """---
title: A page that moved
updated: 2026-11-26
aliases: [/old-address/, /older/address/]
---

Its old addresses lead here.
"""


def _page_templates(templates: dict[str, str]) -> set[str]:
    """The templates that make a whole page: those that are an HTML document or extend one."""
    return {
        name
        for name, text in templates.items()
        if name.endswith(".html") and ("<!DOCTYPE html>" in text or "{% extends" in text)
    }


@pytest.fixture(scope="module")
def every_kind_of_page(monkeypatch_module) -> tuple[dict[str, str], set[str]]:
    """The real site with a page that moved: its HTML pages, and the templates used to make them."""
    used: set[str] = set()
    get_template = jinja2.Environment.get_template

    def noting(self, name, *args, **kwargs):
        used.add(str(name))
        return get_template(self, name, *args, **kwargs)

    monkeypatch_module.setattr(jinja2.Environment, "get_template", noting)
    project = real_project()
    files = {**project.files, "content/moved.md": MOVED_PAGE.encode()}
    site = render_project(dataclasses.replace(project, files=files))
    pages = {path: data.decode("utf-8") for path, data in site.files.items() if path.endswith(".html")}
    return pages, used


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_the_pages_checked_come_from_every_page_template(every_kind_of_page):
    pages, used = every_kind_of_page
    templates = dict(real_project().templates)
    assert {"base.html", "redirect.html", "page.html"} <= _page_templates(templates)
    # Every template that makes a page made one here (base.html through the others).
    assert _page_templates(templates) - {"base.html"} <= used
    assert "old-address/index.html" in pages and "older/address/index.html" in pages


def test_every_page_of_every_template_carries_the_content_security_policy(every_kind_of_page):
    pages, _ = every_kind_of_page
    early = real_project().static[EARLY_SCRIPT].decode("utf-8").strip()
    policy = content_security_policy(early)
    assert "default-src 'none'" in policy and "'unsafe-inline'" not in policy
    for path, html in pages.items():
        metas = elements(html, "meta", http_equiv="Content-Security-Policy")
        assert [meta.attrs["content"] for meta in metas] == [policy], path
