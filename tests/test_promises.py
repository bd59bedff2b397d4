"""Promises the site makes that no other test could fail on (issue 14, part 5).

Each test here was checked by breaking the line it guards (see docs/testing.md): removing
nh3's cleaning, letting pictures from other websites through, reversing the menu, and so
on. The preview's promise to write nothing is in test_preview_command.py (the real
`build.py serve`), the browser's side of "no cookies" and the print stylesheet in
tests/browser/test_promises_in_browser.py.
"""

from __future__ import annotations

import dataclasses
import os
import re
from functools import lru_cache
from pathlib import Path

import pytest
from forking import force_page_workers
from htmltools import elements, visible_text

from sitegen import cli
from sitegen.errors import ContentError, UsageError
from sitegen.markdown.renderer import MarkdownRenderer
from sitegen.model.loading import load_content
from sitegen.pipeline import RenderedSite, build, render_project
from sitegen.read.project_files import Project, read_project
from sitegen.render import page_workers
from sitegen.render.navigation import contents_of
from sitegen.render.site import SiteRenderer

REPO = Path(__file__).resolve().parents[1]
FRONT = "---\ntitle: Test page\nupdated: 2026-11-26\n---\n\n"  # The body starts on line 6.
BODY_FIRST_LINE = 6


@lru_cache(maxsize=1)
def real_project() -> Project:
    return read_project(REPO)


def with_files(changes: dict[str, str]) -> Project:
    """The real project with some content files replaced or added, in memory."""
    project = real_project()
    return dataclasses.replace(project, files={**project.files, **{k: v.encode() for k, v in changes.items()}})


@lru_cache(maxsize=1)
def renderer() -> MarkdownRenderer:
    content = load_content(real_project().files)
    return MarkdownRenderer(content.glossary.abbr_titles(), content.config.base_url)


def render(text: str) -> str:
    return renderer().render_once(text, "content/test.md", BODY_FIRST_LINE).html


# --- nh3 cleans whatever markdown-it makes -------------------------------------------------------


def test_a_tables_column_alignment_never_becomes_an_inline_style():
    # markdown-it writes `style="text-align:…"` for aligned columns; the pages' CSP refuses
    # inline styles (style-src 'self'), so the browser would report a violation on every one.
    html = render("| Year | Cases |\n|:-----|------:|\n| 2021 | 14 |\n")
    assert "style" not in html
    assert "<th>Year</th>" in html and "<td>14</td>" in html


def test_a_code_blocks_language_does_not_become_a_class():
    # Only the attributes the allowlist names (and nh3's harmless `title` and `lang`) reach the page.
    html = render("```js\nlet x = 1;\n```\n\n![A map](/static/favicon.svg)\n")
    assert html == (
        '<pre><code>let x = 1;\n</code></pre>\n<p><img src="/__site_root__/static/favicon.svg" alt="A map"></p>\n'
    )


@pytest.mark.parametrize("method", ["render", "render_once"])
def test_whatever_markdown_it_renders_is_cleaned_before_it_is_published(method, monkeypatch):
    """Defence in depth: even if markdown-it (or a plugin, or a rule of ours) wrote markup it
    should not, the cleaner removes scripts, event handlers, unsafe addresses and comments."""
    made = MarkdownRenderer({}, "https://example.gov.uk/")
    dirty = (
        '<p onclick="steal()" style="color:red"><script>alert(1)</script><!-- a note -->'
        '<a href="javascript:alert(2)" onmouseover="x()">link</a><img src=x onerror="alert(3)">'
        '<iframe src="https://evil.example/"></iframe><a href="https://example.org/" target="_blank">ok</a>'
    )
    monkeypatch.setattr(made._md.renderer, "render", lambda tokens, options, env: dirty)
    html = getattr(made, method)("Anything.", "content/test.md", BODY_FIRST_LINE).html
    assert html == '<p><a>link</a><img src="x"><a href="https://example.org/">ok</a></p>'


# --- pictures from other websites are refused ---------------------------------------------------

PICTURE_HINT = (
    "    hint: save the picture in content/files/ (the editor's 'Attach a document' does this) "
    "and write its address like /files/picture.png"
)


@pytest.mark.parametrize(
    "address",
    [
        "https://example.com/map.png",
        "http://example.com/map.png",
        "//cdn.example.com/map.png",
        "HTTPS://EXAMPLE.COM/MAP.PNG",
        "https://example.com/map.png?size=2#top",
    ],
)
def test_a_picture_from_another_website_is_refused_at_its_line(address):
    line = f"![Map of the force area]({address})"
    with pytest.raises(ContentError) as caught:
        render_project(with_files({"content/pictures.md": FRONT + "Some text.\n\n" + line + "\n"}))
    assert [p.format() for p in caught.value.problems] == [
        f'content/pictures.md:8: the picture "{address}" is on another website, which this site never loads from\n'
        f"    8 | {line}\n" + PICTURE_HINT
    ]
    html = render(line)
    assert address.lower() not in html.lower() and "example.com" not in html.lower()
    assert elements(html, "img")[0].attrs["src"] == "#"


def test_a_picture_from_another_website_inside_a_link_is_refused_too():
    rendered = renderer().render_once(
        "[![Logo](https://www.partner.gov.uk/logo.png)](https://www.partner.gov.uk/)",
        "content/test.md",
        BODY_FIRST_LINE,
    )
    assert [p.message for p in rendered.problems] == [
        'the picture "https://www.partner.gov.uk/logo.png" is on another website, which this site never loads from'
    ]
    assert [img.attrs["src"] for img in elements(rendered.html, "img")] == ["#"]
    assert elements(rendered.html, "a")[0].attrs["href"] == "https://www.partner.gov.uk/"  # A link may leave the site.


def test_a_picture_of_this_site_is_published_from_it():
    rendered = renderer().render_once("![The site's icon](/static/favicon.svg)", "content/test.md", BODY_FIRST_LINE)
    assert rendered.problems == ()
    assert elements(rendered.html, "img")[0].attrs["src"] == "/__site_root__/static/favicon.svg"


# --- the menu follows nav_order, then the address ------------------------------------------------

MENU_FILES = {  # Each top-level item of the real site that sets nav_order, by its address.
    "": "content/index.md",
    "timeline/": "content/timeline.yaml",
    "regional-work/": "content/regional-work.yaml",
    "funded-services/": "content/funded-services.yaml",
    "next-steps/": "content/next-steps.yaml",
    "strategy/": "content/strategy.md",
    "plan/": "content/plan.md",
    "glossary/": "content/glossary.yaml",
}


def menu_of(html: str) -> list[str]:
    (nav,) = re.findall(r'<nav class="site-nav".*?</nav>', html, re.S)
    links = elements(nav, "a")
    assert all(a.attrs["href"].endswith(a.attrs["data-section"]) for a in links)
    return [a.attrs["data-section"] for a in links]


def with_nav_orders(orders: dict[str, int]) -> Project:
    changes = {}
    for path, number in orders.items():
        name = MENU_FILES[path]
        text = real_project().files[name].decode()
        assert len(re.findall(r"(?m)^nav_order: \d+$", text)) == 1, f"{name}: update this test"
        changes[name] = re.sub(r"(?m)^nav_order: \d+$", f"nav_order: {number}", text)
    return with_files(changes)


def test_the_real_menu_is_in_nav_order(real_pages):
    assert menu_of(real_pages["index.html"]) == [
        "",
        "timeline/",
        "regional-work/",
        "funded-services/",
        "next-steps/",
        "strategy/",
        "plan/",
        "glossary/",
    ]


def test_the_menu_follows_nav_order_and_ties_go_by_address():
    orders = {
        "glossary/": 1,
        "plan/": 2,
        "next-steps/": 3,
        "": 3,
        "timeline/": 5,
        "strategy/": 5,
        "regional-work/": 9,
        "funded-services/": 9,
    }
    site = render_project(with_nav_orders(orders))
    expected = ["glossary/", "plan/", "", "next-steps/", "strategy/", "timeline/", "funded-services/", "regional-work/"]
    for page in ("index.html", "plan/index.html", "timeline/2021/index.html", "404.html"):
        assert menu_of(site.files[page].decode()) == expected, page


def test_the_menu_in_reverse_nav_order_is_reversed():
    site = render_project(with_nav_orders({path: 10 - n for n, path in enumerate(MENU_FILES)}))
    assert menu_of(site.files["index.html"].decode()) == list(reversed(MENU_FILES))


def test_a_page_inside_a_topic_or_without_nav_order_is_not_in_the_menu():
    site = render_project(
        with_files(
            {
                "content/meetings.md": "---\ntitle: Meetings\nupdated: 2026-11-26\n---\n\nText.\n",
                "content/about/index.md": "---\ntitle: About\nnav_order: 1\nupdated: 2026-11-26\n---\n\nText.\n",
                "content/about/team.md": "---\ntitle: Team\nnav_order: 0\nupdated: 2026-11-26\n---\n\nText.\n",
            }
        )
    )
    menu = menu_of(site.files["index.html"].decode())
    assert "meetings/" not in menu and "about/team/" not in menu
    assert menu[:2] == ["", "about/"]  # nav_order 1, a tie with the home page: by address.


# --- --base-url ------------------------------------------------------------------------------

MIRROR = "http://localhost:8123/copy/"


@pytest.fixture(scope="module")
def mirrored() -> RenderedSite:
    """The real site, rendered for another address (a local copy, say)."""
    return render_project(real_project(), strict=True, base_url=MIRROR)


def test_base_url_changes_every_address_the_site_gives_for_itself(real_site, mirrored):
    base = real_site.content.config.base_url
    assert base != MIRROR and mirrored.content.config.base_url == MIRROR
    pages = {path: data.decode() for path, data in mirrored.files.items() if path.endswith(".html")}
    for path, html in pages.items():
        address = MIRROR + ("" if path == "404.html" else path.removesuffix("index.html"))  # Shown anywhere.
        assert elements(html, "link", rel="canonical")[0].attrs["href"] == address, path
        assert elements(html, "meta", property="og:url")[0].attrs["content"] == address, path
        assert visible_text(html).endswith(f"Printed from {address}"), path
    links = [a.attrs["data-print-href"] for a in elements(pages["index.html"], "a") if "data-print-href" in a.attrs]
    assert links and all(link.startswith(MIRROR) for link in links)
    for name in ("feed.xml", "sitemap.xml", "robots.txt"):
        text = mirrored.files[name].decode()
        assert MIRROR in text and base not in text, name
    assert f"<loc>{MIRROR}timeline/2021/</loc>" in mirrored.files["sitemap.xml"].decode()
    assert (
        f'<link rel="self" type="application/atom+xml" href="{MIRROR}feed.xml"/>' in mirrored.files["feed.xml"].decode()
    )
    assert 'href="/copy/static/css/site.css"' in pages["404.html"]  # Its links start at the address's path.


def test_base_url_changes_nothing_else(real_site, mirrored):
    base = real_site.content.config.base_url
    base_path = "/" + base.split("://", 1)[1].partition("/")[2]
    assert mirrored.files.keys() == real_site.files.keys()
    for path, data in mirrored.files.items():
        back = data.replace(MIRROR.encode(), base.encode())
        if path == "404.html":  # Linked from the address's path, since it is shown at any address.
            back = back.replace(b'"/copy/', f'"{base_path}'.encode())
        # The JSON files name the address, so their sizes (shown rounded to a KB) may differ by one.
        sizes = re.compile(rb'<span class="file-size">, \d+ KB</span>')
        assert sizes.sub(b"", back) == sizes.sub(b"", real_site.files[path]), path


@pytest.mark.parametrize(
    "value", ["not an address", "localhost:8000", "ftp://example.com/", "https://", "//example.com/"]
)
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_base_url_that_is_not_a_web_address_is_a_usage_error(value, command, tmp_path, capsys):
    output = ["--output", str(tmp_path / "site")] if command == "build" else []
    assert cli.main([command, "--project", str(REPO), "--base-url", value, *output]) == cli.EXIT_USAGE
    assert capsys.readouterr().err == (
        f'error: --base-url must be a web address like http://localhost:8000/, got "{value}"\n'
        "    hint: give the whole address, starting with http:// or https://\n"
    )
    assert not (tmp_path / "site").exists()


def test_a_base_url_without_its_last_slash_is_given_one():
    site = render_project(real_project(), base_url="http://localhost:8123/copy")
    assert (
        elements(site.files["plan/index.html"].decode(), "link", rel="canonical")[0].attrs["href"]
        == "http://localhost:8123/copy/plan/"
    )


# --- _headers --------------------------------------------------------------------------------


def headers_file(site: RenderedSite) -> dict[str, dict[str, str]]:
    """_headers as hosts read it: a path, then its indented `Name: value` lines."""
    rules: dict[str, dict[str, str]] = {}
    current = None
    for line in site.files["_headers"].decode().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line[0].isspace():
            current = rules.setdefault(line.strip(), {})
            continue
        assert current is not None, f"a header before any path: {line!r}"
        name, _, value = line.strip().partition(": ")
        current[name] = value
    return rules


def test_the_headers_file_sends_the_pages_own_policy_and_forbids_framing(real_site, real_pages):
    policies = {
        elements(html, "meta", http_equiv="Content-Security-Policy")[0].attrs["content"] for html in real_pages.values()
    }
    assert len(policies) == 1
    (policy,) = policies
    assert headers_file(real_site) == {
        "/*": {
            "Content-Security-Policy": policy + "; frame-ancestors 'none'",
            "Referrer-Policy": "no-referrer",
            "X-Content-Type-Options": "nosniff",
            "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
        }
    }


def test_the_headers_policy_follows_the_early_script(real_site):
    # The policy allows the one inline script by its hash: a change to the script changes both.
    static = dict(real_project().static)
    early = "static/js/settings-early.js"
    static[early] = static[early].replace(b"a11y-settings", b"a11y-settings-2")
    assert static[early] != real_project().static[early]
    changed = render_project(dataclasses.replace(real_project(), static=static))
    (meta,) = elements(changed.files["index.html"].decode(), "meta", http_equiv="Content-Security-Policy")
    assert headers_file(changed)["/*"]["Content-Security-Policy"] == meta.attrs["content"] + "; frame-ancestors 'none'"
    assert headers_file(changed) != headers_file(real_site)


# --- no cookies ------------------------------------------------------------------------------


def without_comments(script: str) -> str:
    script = re.sub(r"/\*.*?\*/", " ", script, flags=re.S)
    return re.sub(r"(?m)(^|\s)//.*$", " ", script)


def test_no_script_of_the_site_or_the_preview_touches_cookies(real_site, real_pages):
    scripts = {path: data.decode() for path, data in real_site.files.items() if path.endswith(".js")}
    for path, html in real_pages.items():
        for number, script in enumerate(elements(html, "script")):
            if "src" not in script.attrs:
                scripts[f"{path} <script> {number}"] = "".join(script.children_text)
    for path in ("sitegen/preview/preview.js", "sitegen/editor/editor.js"):
        scripts[path] = (REPO / path).read_text(encoding="utf-8")
    assert {"static/js/settings.js", "static/js/list-filter.js", "static/js/search.js"} <= scripts.keys()
    for path, script in scripts.items():
        assert not re.search(r"cookie", without_comments(script), re.I), f"{path} mentions cookies"
    assert "cookie" not in real_site.files["_headers"].decode().lower()
    for path, html in real_pages.items():
        assert not elements(html, "meta", http_equiv="set-cookie"), path


def test_the_cookie_scan_finds_a_cookie_however_it_is_written():
    for script in (
        'document.cookie = "a=1";',
        "var c = document['cookie'];",
        "cookieStore.set('a', '1')",
        "x = 1; // fine\ndocument.cookie",
    ):
        assert re.search(r"cookie", without_comments(script), re.I), script
    assert not re.search(r"cookie", without_comments("/* no cookies */ var a = 1; // no cookies"), re.I)


# --- page workers: when the build forks them --------------------------------------------------


@pytest.mark.parametrize(
    "pages, cores, fork, expected",
    [
        (299, 2, True, False),
        (300, 2, True, True),
        (300, 1, True, False),
        (300, None, True, False),
        (10_000, 8, False, False),
    ],
)
def test_workers_are_forked_only_for_big_sites_on_machines_with_two_cores(monkeypatch, pages, cores, fork, expected):
    monkeypatch.setattr(page_workers.os, "cpu_count", lambda: cores)
    if not fork:
        monkeypatch.delattr(page_workers.os, "fork", raising=False)
    assert page_workers.worth_forking(pages) is expected


def test_the_workers_tests_really_fork_two_workers_on_any_machine(make_project, monkeypatch, tmp_path):
    """What forking.py promises the tests of page workers, even on a machine of one core."""
    monkeypatch.setattr(page_workers.os, "cpu_count", lambda: 1)
    root = make_project(
        {f"content/extra-{n}.md": f"---\ntitle: Extra {n}\nupdated: 2026-11-26\n---\n\nText {n}.\n" for n in range(8)}
    )
    force_page_workers(monkeypatch)
    pids = tmp_path / "pids"
    real_page_alone = SiteRenderer.page_alone

    def page_alone(self, page):
        with open(pids, "a", encoding="utf-8") as file:
            file.write(f"{os.getpid()} {page.file}\n")
        return real_page_alone(self, page)

    monkeypatch.setattr(SiteRenderer, "page_alone", page_alone)
    result = build(root, tmp_path / "site")
    workers, pages = zip(*(line.split() for line in pids.read_text().splitlines()), strict=True)
    assert {f"content/extra-{n}.md" for n in range(8)} <= set(pages)  # The site's own pages may go too.
    assert len(set(workers)) == 2 and str(os.getpid()) not in workers
    assert "Text 5." in (tmp_path / "site/extra-5/index.html").read_text() and result.files > 8


def test_the_base_url_check_is_the_one_of_the_site_settings():
    with pytest.raises(UsageError):
        render_project(real_project(), base_url="mailto:someone@example.gov.uk")


# --- found by mutation testing (docs/testing.md) --------------------------------------------


def test_the_menu_shows_each_items_short_title_and_nav_order_0_comes_first(real_site):
    (nav,) = re.findall(r'<nav class="site-nav".*?</nav>', real_site.files["index.html"].decode(), re.S)
    assert [a.text for a in elements(nav, "a")] == [
        "Overview",
        "Timeline",
        "Regional work",
        "Funded services",
        "Next steps",
        "Strategy (2018)",
        "Safer West Mercia Plan",
        "Glossary",
    ]  # Each nav_title: the menu is short.
    site = render_project(with_nav_orders({"timeline/": 0, "": 1, "glossary/": -1}))
    assert menu_of(site.files["index.html"].decode())[:3] == ["glossary/", "timeline/", ""]


def test_a_long_refused_address_is_quoted_by_its_first_60_characters():
    address = "https://example.com/" + "very-long-name-" * 5 + "map.png"
    rendered = renderer().render_once(f"![Map]({address})", "content/test.md", BODY_FIRST_LINE)
    assert [(p.message, p.line, p.source_line) for p in rendered.problems] == [
        (
            f'the picture "{address[:60]}" is on another website, which this site never loads from',
            BODY_FIRST_LINE,
            f"![Map]({address})",
        )
    ]


def test_unexplained_capitals_without_a_glossary_file_are_warned_about_with_a_hint_that_fits():
    made = MarkdownRenderer({}, "https://example.gov.uk/", glossary_file=None)
    (warning,) = made.render_once("Some text.\n\nThe QXZ team helped.", "content/new.md", 3).problems
    assert warning.format() == (
        "content/new.md:5: warning: 'QXZ' looks like an abbreviation, but nothing says what it stands for\n"
        "    5 | The QXZ team helped.\n"
        "    hint: write the words in full the first time, followed by (QXZ); or add it to a glossary (a list "
        "file with 'kind: glossary'); if nearly everyone knows it, add it to known_abbreviations in site_config.yaml"
    )
    quiet = MarkdownRenderer({}, "https://example.gov.uk/", check_capitals=False)
    assert quiet.render_once("The QXZ team helped.", "content/new.md", 3).problems == ()


def test_a_contents_list_gives_the_items_with_nav_order_first_then_the_topics():
    files = {
        **real_project().files,
        **{
            name: text.encode()
            for name, text in {
                "content/about/index.md": "---\ntitle: About us\nupdated: 2026-11-26\n---\n\nText.\n",
                "content/about/team.md": "---\ntitle: Team\nupdated: 2026-11-26\n---\n\nText.\n",
            }.items()
        },
    }
    listed = [item.path for item in contents_of(load_content(files), "")]
    assert listed[-1] == "about/" and listed[:2] == ["timeline/", "regional-work/"]
