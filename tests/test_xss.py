"""Nothing an editor types can put a script on the site.

Every one of the 6,613 payloads in tests/corpora/xss/html-payloads.txt (a public list
of cross-site scripting attacks, MIT licence, see the README there) goes into content:

* Markdown: page bodies, timeline entry text, as link targets `[x](payload)` and
  `[x](<payload>)`, and as image addresses `![x](payload)`; with them, a few script
  addresses (`javascript:`, `vbscript:`, `data:text/html`, disguised), as the corpus's
  payloads are whole HTML snippets, never an address on its own;
* plain text: front matter values (page titles and descriptions), glossary expansions
  (shown in `<abbr title="…">`) and descriptions, the timeline's title, description and
  theme label, the site's name, publisher, contact details and licence name.

Payloads the generator refuses (unsafe link addresses, a top-level heading, links to
pages that do not exist) must be reported with their file and line; everything else is
built, and every HTML page of the built site is parsed with html.parser to show that
nothing runnable is in it: no `on…` attribute, no `javascript:`, `vbscript:` or
`data:text/html` address, no `<script>` but the site's own (and its JSON-LD data blocks, which
browsers never run: they must be whole JSON with no "<" in them), no `<iframe>`, `<object>`,
`<embed>`, `<form>`, `<base>` or `<meta http-equiv="refresh">` from content, no `style`
attribute, and a Content-Security-Policy without 'unsafe-inline' on every page.
"""

from __future__ import annotations

import dataclasses
import html as html_text
import json
import re
import string
import unicodedata
from functools import lru_cache
from html.parser import HTMLParser
from itertools import product
from pathlib import Path

import pytest
import yaml

from sitegen.errors import ContentError
from sitegen.markdown.renderer import MarkdownRenderer
from sitegen.model.loading import load_content
from sitegen.pipeline import render_project
from sitegen.read.project_files import Project, read_project
from sitegen.render.page_template import EARLY_SCRIPT

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parent / "corpora" / "xss"
FRONT = "---\ntitle: Test page\nupdated: 2026-11-26\n---\n\n"  # The body starts on line 6.
BODY_FIRST_LINE = 6
PAGES_PER_FORM = 24  # Small pages: a page's checks take longer the longer it is.

URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "background",
    "data",
    "srcset",
    "cite",
    "longdesc",
    "lowsrc",
    "dynsrc",
    "ping",
    "manifest",
    "codebase",
    "archive",
    "usemap",
    "icon",
}
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "livescript:", "data:text/html")
FORBIDDEN_ELEMENTS = {
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "base",
    "svg",
    "math",
    "style",
    "template",
    "portal",
    "isindex",
}


# --- the corpus -------------------------------------------------------------------------


@lru_cache(maxsize=1)
def payloads() -> tuple[str, ...]:
    lines = (CORPUS / "html-payloads.txt").read_text("utf-8").split("\n")
    return tuple(lines[:-1] if lines[-1] == "" else lines)


def test_the_corpus_is_complete_and_licensed():
    assert len(payloads()) == 6613
    assert all("\n" not in p and "\r" not in p for p in payloads())
    assert "MIT License" in (CORPUS / "html-payloads.LICENSE").read_text("utf-8")
    assert "6,613" in (CORPUS / "README.md").read_text("utf-8")


# --- the checker ------------------------------------------------------------------------


def script_address(value: str) -> bool:
    """True for an address a browser would run, however it is disguised."""
    squeezed = "".join(
        ch for ch in value if ord(ch) > 0x20 and unicodedata.category(ch) not in ("Cc", "Cf", "Zs", "Zl", "Zp")
    ).casefold()
    return squeezed.startswith(SCRIPT_SCHEMES)


class Scan(HTMLParser):
    """Everything runnable in one HTML document, as a list of findings (empty is good)."""

    def __init__(self, early_script: str, own_script_names: set[str], own_ids: set[tuple[str, str]]):
        super().__init__(convert_charrefs=True)
        self.early_script = early_script
        self.own_script_names = own_script_names
        self.own_ids = own_ids  # (tag, id) of the few elements the site's own templates add, like its search form.
        self.findings: list[str] = []
        self.script: list[str] | None = None
        self.script_src: str | None = None
        self.script_type: str | None = None
        self.policies: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._element(tag, attrs)
        if tag == "script":
            self.script, self.script_src, self.script_type = [], dict(attrs).get("src"), dict(attrs).get("type")

    def handle_startendtag(self, tag, attrs):
        self._element(tag, attrs)
        if tag == "script":
            self._end_script(dict(attrs).get("src"), "")

    def handle_data(self, data):
        if self.script is not None:
            self.script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self.script is not None:
            self._end_script(self.script_src, "".join(self.script))
            self.script = None

    def _element(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}=…>: an event handler")
            if name in ("style", "srcdoc"):
                self.findings.append(f"<{tag} {name}=…>")
            if name in URL_ATTRIBUTES and script_address(value):
                self.findings.append(f"<{tag} {name}={value[:60]!r}>: a script address")
        if tag in FORBIDDEN_ELEMENTS and (tag, values.get("id", "")) not in self.own_ids:
            self.findings.append(f"<{tag}> element")
        if tag == "meta":
            equiv = values.get("http-equiv", "").lower()
            if equiv == "refresh":
                self.findings.append("<meta http-equiv=refresh>")
            if equiv == "content-security-policy":
                self.policies.append(values.get("content", ""))

    def _end_script(self, src: str | None, text: str):
        if src is None and self.script_type == "application/ld+json":
            # A data block: never run. It must be one JSON value that nothing could have cut short.
            try:
                json.loads(text)
            except ValueError:
                self.findings.append(f"a JSON-LD block that is not JSON: {text[:60]!r}")
            if "<" in text:
                self.findings.append(f"a JSON-LD block with '<' in it: {text[:60]!r}")
        elif src is None:
            if text.strip() != self.early_script:
                self.findings.append(f"an inline <script>: {text[:60]!r}")
        else:
            match = re.fullmatch(r"(?:\.\./)*(?:/[a-z0-9/_-]*/)?static/js/([a-z0-9-]+\.js)", src)
            if not match or match[1] not in self.own_script_names or text.strip():
                self.findings.append(f"<script src={src[:60]!r}>")


@lru_cache(maxsize=1)
def real_project() -> Project:
    return read_project(REPO)


@lru_cache(maxsize=1)
def site_owned() -> tuple[str, frozenset[str], frozenset[tuple[str, str]]]:
    """What the templates themselves put on pages: the early script, script files, owned elements."""
    project = real_project()
    early = project.static[EARLY_SCRIPT].decode("utf-8").strip()
    names = frozenset(path.rsplit("/", 1)[-1] for path in project.static if path.startswith("static/js/"))
    owned: set[tuple[str, str]] = set()

    class Owned(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in FORBIDDEN_ELEMENTS:
                owned.add((tag, dict(attrs).get("id") or ""))

    for path, data in render_project(project).files.items():
        if path.endswith(".html"):
            Owned().feed(data.decode("utf-8"))
    assert all(element_id for _, element_id in owned), f"site elements without an id: {owned}"
    return early, names, frozenset(owned)


def scan(html: str) -> Scan:
    early, names, owned = site_owned()
    scanner = Scan(early, set(names), set(owned))
    scanner.feed(html)
    scanner.close()
    return scanner


def test_the_checker_catches_what_it_should():
    bad = [
        '<a href=" jav&#x09;ascript:alert(1)">x</a>',
        "<img src=x onerror=alert(1)>",
        "<script>alert(1)</script>",
        '<a href="DATA:text/html,<script>alert(1)</script>">x</a>',
        '<iframe src="https://example.org"></iframe>',
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
        '<p style="color:red">x</p>',
        '<script src="https://evil.example/x.js"></script>',
        '<form action="https://evil.example"></form>',
        '<a href="vbscript:msgbox(1)">x</a>',
        "<svg><animate onbegin=alert(1)></svg>",
        '<base href="//evil.example/">',
        '<script type="application/ld+json">{"name": "</script><script>alert(1)</script>"}</script>',
        '<script type="application/ld+json">{"name": "<!--"}</script>',
        '<script type="text/javascript">alert(1)</script>',
    ]
    for html in bad:
        assert scan(html).findings, html
    early = site_owned()[0]
    good = (
        f'<script>{early}</script><script src="../static/js/settings.js" defer></script><a href="/x/">x</a>'
        '<script type="application/ld+json">{"name": "\\u003c/script\\u003e"}</script>'
    )
    assert scan(good).findings == []


# --- Markdown, one payload at a time --------------------------------------------------------

# Addresses a browser would run, disguised as the corpus's snippets disguise them: case, a
# leading space, character references (Markdown decodes them in addresses), a tab inside.
SCRIPT_ADDRESSES = (
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "javascript&colon;alert(1)",
    "&#106;avascript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "vbscript:msgbox(1)",
    "livescript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
)

FORMS = {
    "text": lambda p: p,
    "link": lambda p: f"[x]({p})",
    "link in <>": lambda p: f"[x](<{p}>)" if "<" not in p and ">" not in p else None,
    "image": lambda p: f"![x]({p})",
}


@lru_cache(maxsize=1)
def renderer() -> MarkdownRenderer:
    content = load_content(real_project().files)
    return MarkdownRenderer(content.glossary.abbr_titles(), content.config.base_url)


def test_every_payload_in_every_markdown_form_renders_to_nothing_runnable():
    """Even a payload with an error is rendered (the link dropped): that output must be safe too."""
    refused = {form: 0 for form in FORMS}
    script_addresses_checked = 0
    for number, payload in enumerate((*payloads(), *SCRIPT_ADDRESSES), start=1):
        for form, make in FORMS.items():
            text = make(payload)
            if text is None:
                continue
            rendered = renderer().render(text, "content/xss.md", BODY_FIRST_LINE)
            assert scan(rendered.html).findings == [], (number, form, payload, rendered.html)
            errors = [p for p in rendered.problems if not p.is_warning]
            for problem in errors:  # Each refusal names the file and the line.
                assert problem.file == "content/xss.md" and problem.line == BODY_FIRST_LINE, problem
                assert problem.source_line == text and problem.hint, problem
            refused[form] += bool(errors)
            if form != "text" and script_address(html_text.unescape(payload.strip())):
                assert errors, (form, payload)  # A script address is never taken quietly.
                script_addresses_checked += 1
    assert refused["link"] > 200 and refused["image"] > 200, refused
    # The check above ran: each script address as a link and as an image at least.
    assert script_addresses_checked >= 2 * len(SCRIPT_ADDRESSES)


ADDRESS_FORMS = {
    "link": "[x](ADDRESS)",
    "link in <>": "[x](<ADDRESS>)",
    "image": "![x](ADDRESS)",
    "reference": "[x][r]\n\n[r]: ADDRESS",
    "autolink": "<ADDRESS>",
}


def _makes_a_link(form: str, address: str) -> bool:
    """Markdown makes a link of it (otherwise it is shown as text, as test_xss checks above)."""
    if form == "autolink":  # Only `scheme:rest`, with nothing to decode and no spaces or brackets.
        return re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s&]*", address) is not None
    return not (form == "link in <>" and "<" in address)


class Addresses(HTMLParser):
    """Every href and src of a piece of HTML."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.found += [value or "" for name, value in attrs if name in ("href", "src")]


@pytest.mark.parametrize(
    ("form", "address"),
    [(form, address) for address in SCRIPT_ADDRESSES for form in ADDRESS_FORMS if _makes_a_link(form, address)],
)
def test_a_script_address_is_refused_at_its_line_and_never_reaches_the_page(form, address):
    assert script_address(html_text.unescape(address.strip()))  # What the browser would see.
    text = ADDRESS_FORMS[form].replace("ADDRESS", address)
    rendered = renderer().render_once(text, "content/xss.md", BODY_FIRST_LINE)
    errors = [p for p in rendered.problems if not p.is_warning]
    # (Most as "not allowed"; markdown-it percent-encodes the tab, which leaves no scheme to
    # name, so that one is refused as an address of this site that does not start with /.)
    assert [(p.file, p.line) for p in errors] == [("content/xss.md", BODY_FIRST_LINE)], rendered.problems
    # The link stays, its address replaced: the reader sees the text, and nothing to run.
    assert Addresses(rendered.html).found == ["#"], rendered.html


# --- the whole site, with every payload in every kind of field ---------------------------------


def refusals(text: str, file: str, first_line: int) -> set[int]:
    """The lines of `text` the generator would refuse: errors, and links it checks site-wide."""
    rendered = renderer().render(text, file, first_line)
    lines = {p.line for p in rendered.problems if not p.is_warning}
    lines |= {link.line for link in rendered.links}
    assert None not in lines, rendered.problems
    return lines  # type: ignore[return-value]


def buildable(items: list[str], file: str) -> tuple[str, list[str], list[str]]:
    """A page body of `items`, one paragraph each, without those the generator refuses."""
    alone = [bool(refusals(item, "content/xss.md", BODY_FIRST_LINE)) for item in items]
    kept = [item for item, refused in zip(items, alone, strict=False) if not refused]
    dropped = [item for item, refused in zip(items, alone, strict=False) if refused]
    for _ in range(10):  # Payloads can combine (a reference defined by one, used by another).
        body = "\n\n".join(kept)
        bad = {(line - BODY_FIRST_LINE) // 2 for line in refusals(body, file, BODY_FIRST_LINE)}
        if not bad:
            return FRONT + body + "\n", kept, dropped
        dropped += [item for index, item in enumerate(kept) if index in bad]
        kept = [item for index, item in enumerate(kept) if index not in bad]
    raise AssertionError(f"{file}: the refusals did not settle")


def glossary_terms(count: int) -> list[str]:
    names = ("Q" + "".join(letters) for letters in product(string.ascii_uppercase, repeat=3))
    return [next(names) for _ in range(count)]


def dump(data) -> bytes:
    return yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=10**9).encode("utf-8")


def load(project: Project, name: str):
    return yaml.safe_load(project.files[name].decode("utf-8"))


@lru_cache(maxsize=1)
def payload_content() -> tuple[dict[str, bytes], dict[str, list[str]]]:
    """The real project with every payload in every kind of field; its output, and what was refused."""
    project = real_project()
    every = list(payloads())
    files = dict(project.files)
    refused: dict[str, list[str]] = {}
    count = len(every)

    # Markdown page bodies, split across pages, in each form.
    for form, make in FORMS.items():
        items = [text for text in map(make, every) if text is not None]
        for part in range(PAGES_PER_FORM):
            name = f"content/xss-{form.replace(' ', '-').replace('<>', 'angle')}-{part}.md"
            page, _, refused[name] = buildable(items[part::PAGES_PER_FORM], name)
            files[name] = page.encode("utf-8")

    # Front matter: a page per two payloads, as its title and its description; a few in the menu.
    for index in range(0, count, 2):
        meta = {"title": every[index], "description": every[(index + 1) % count], "updated": "2026-11-26"}
        if index < 6:
            meta.update(nav_title=every[count - 1 - index], nav_order=100 + index)
        files[f"content/xss-front-{index}.md"] = b"---\n" + dump(meta) + b"---\n\nA page.\n"

    # The glossary: every payload as an expansion (an attribute) and a description; a page uses each term.
    terms = glossary_terms(count)
    glossary = load(project, "content/glossary.yaml")
    glossary["terms"] = [  # (Descriptions for a quarter of them: the file must stay under the size limit.)
        {"term": term, "expansion": every[index]} | ({"description": every[index - 1]} if index % 4 == 1 else {})
        for index, term in enumerate(terms)
    ]
    files["content/glossary.yaml"] = dump(glossary)
    files["content/xss-terms.md"] = (FRONT + "\n\n".join(f"{term} is used here." for term in terms) + "\n").encode()

    # The timeline: every payload as an entry's text; payloads in its title, description and theme label.
    timeline = load(project, "content/timeline.yaml")
    timeline.update(title=every[11], description=every[12], nav_title=every[13], themes={"xss": every[14]})
    entries, dropped = [], []
    for payload in every:
        (entries if not refusals(payload, "content/timeline.yaml", 1) else dropped).append(
            {"period": "2021", "themes": ["xss"], "text": payload}
        )
    timeline["entries"] = entries
    files["content/timeline.yaml"] = dump(timeline)
    refused["content/timeline.yaml"] = [entry["text"] for entry in dropped]

    # The site's own settings.
    config = load(project, "site_config.yaml")
    config.update(title=every[20], description=every[21])
    config["organisation"]["name"] = every[22]
    # (The email address must be an address, so a payload there is refused: see the test below.)
    config["contact"].update(name=every[23], hours=every[24], phone=every[25], response_time=every[27])
    config["licence"]["name"] = every[26]
    config["footer_links"] = [{"title": every[28], "url": "https://www.example.gov.uk/foi/"}]
    files["site_config.yaml"] = dump(config)

    rendered = render_project(dataclasses.replace(project, files=files))
    return rendered.files, refused


# The payload site takes most of this file's time: with pytest-xdist, one worker runs every
# test that uses it, so it is built (and scanned) once.
def USES_PAYLOAD_SITE(test):
    return pytest.mark.slow(pytest.mark.xdist_group("xss-payload-site")(test))


@pytest.fixture(scope="module")
def built() -> dict[str, str]:
    files, _ = payload_content()
    return {path: data.decode("utf-8") for path, data in files.items() if path.endswith(".html")}


@pytest.fixture(scope="module")
def scanned(built) -> dict[str, Scan]:
    return {path: scan(html) for path, html in built.items()}


@USES_PAYLOAD_SITE
def test_the_payload_site_builds_with_every_page(built):
    assert len(built) > 3300
    assert "glossary/index.html" in built and "timeline/index.html" in built
    _, refused = payload_content()
    kept_entries = built["timeline/index.html"].count('class="timeline-entry"')
    assert kept_entries + len(refused["content/timeline.yaml"]) == len(payloads())
    assert kept_entries > 6000  # Most payloads are text, shown as text.


@USES_PAYLOAD_SITE
def test_no_page_of_the_payload_site_has_anything_runnable(scanned):
    findings = {path: scanner.findings for path, scanner in scanned.items() if scanner.findings}
    assert findings == {}


@USES_PAYLOAD_SITE
def test_every_page_has_a_strict_content_security_policy(scanned):
    for path, scanner in scanned.items():
        policies = scanner.policies
        assert len(policies) == 1, path
        assert "'unsafe-inline'" not in policies[0] and "'unsafe-eval'" not in policies[0], path
        assert "default-src 'none'" in policies[0] and "script-src 'self' 'sha256-" in policies[0], path


@USES_PAYLOAD_SITE
def test_payloads_are_shown_as_text(built):
    """Escaped, not dropped: readers see exactly what the editor typed."""
    every = payloads()
    assert f"<h1>{escape(every[8].strip())}</h1>" in built["xss-front-8/index.html"]
    assert f"<dd>{escape(every[0].strip())}</dd>" in built["glossary/index.html"]


def escape(text: str) -> str:
    from markupsafe import escape as markup_escape

    return str(markup_escape(text))


@USES_PAYLOAD_SITE
def test_refused_payloads_are_reported_with_their_file_and_line():
    """All the refused link payloads on one page: the build stops and names each one's line."""
    project = real_project()
    _, refused = payload_content()
    name = "content/xss-refused.md"
    items = refused["content/xss-link-0.md"]
    assert items, "some link payloads should be refused"
    body = "\n\n".join(items)
    files = dict(project.files)
    files[name] = (FRONT + body + "\n").encode("utf-8")
    with pytest.raises(ContentError) as caught:
        render_project(dataclasses.replace(project, files=files))
    lines = body.split("\n")
    reported = set()
    for problem in caught.value.problems:
        assert problem.file == name and problem.line and problem.hint, problem
        assert problem.line >= BODY_FIRST_LINE and lines[problem.line - BODY_FIRST_LINE] in items, problem
        reported.add(problem.line)
    # Each payload refused on its own is reported, on its own line (they are two lines apart).
    alone = {BODY_FIRST_LINE + 2 * i for i, item in enumerate(items) if refusals(item, name, BODY_FIRST_LINE)}
    assert alone and alone <= reported


def test_script_address_in_the_site_settings_is_refused():
    project = real_project()
    config = load(project, "site_config.yaml")
    for address in ("javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>"):
        config["licence"]["url"] = address
        files = dict(project.files)
        files["site_config.yaml"] = dump(config)
        with pytest.raises(ContentError) as caught:
            load_content(files)
        (problem,) = caught.value.problems
        assert problem.file == "site_config.yaml" and problem.line and "'url' must be a web address" in problem.message


def test_open_data_csv_has_no_spreadsheet_formulas():
    """Text that starts with '=' runs as a formula when the CSV is opened in a spreadsheet."""
    import csv
    import io

    project = real_project()
    timeline = load(project, "content/timeline.yaml")
    theme = next(iter(timeline["themes"]))
    timeline["entries"].append(
        {"period": "2021", "themes": [theme], "text": '=HYPERLINK("https://evil.example","Open the report")'}
    )
    files = dict(project.files)
    files["content/timeline.yaml"] = dump(timeline)
    rendered = render_project(dataclasses.replace(project, files=files))
    rows = list(csv.reader(io.StringIO(rendered.files["data/timeline.csv"].decode("utf-8"))))
    assert not [cell for row in rows for cell in row if cell[:1] in ("=", "+", "@")]
