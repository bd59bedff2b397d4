"""Ids made from content never collide; words in capitals follow the GOV.UK style.

1. Every id on every page is unique, whatever the content and whatever the templates: the
   layout's ids are learnt from the templates, and every id made from content (headings
   across all the texts of a page, entry ids, term ids) goes through one registry per page.
   A `#part` link written in content still reaches the part the editor meant.
2. A word in capitals needs no glossary entry when it is well known (a built-in list, and
   the site's own `known_abbreviations`), explained in brackets in the same text, a Roman
   numeral, or code.
3. Examples in the Markdown messages come from the editor's own text, not this site's.
"""

from __future__ import annotations

import collections
import dataclasses
import re
from pathlib import Path

import pytest
import yaml
from forking import force_page_workers, no_page_workers

from sitegen.errors import ContentError
from sitegen.markdown.abbreviations import WELL_KNOWN, defined_in
from sitegen.markdown.renderer import MarkdownRenderer
from sitegen.pipeline import RenderedSite, build, render_project
from sitegen.read.project_files import Project, read_project
from sitegen.shape.layout_ids import LayoutIds, learn_layout_ids
from sitegen.shape.page_ids import claim
from sitegen.shape.search_index import documents_in

REPO = Path(__file__).resolve().parents[1]
PAGE = "content/ids-test.md"  # A page of the tests' own: its body starts on line 6.
FRONT = "---\ntitle: A test page\nupdated: 2026-11-26\n---\n\n"
ACCESSIBILITY = "content/accessibility.md"
TIMELINE = "content/timeline.yaml"
REGIONAL = "content/regional-work.yaml"
NEXT_STEPS = "content/next-steps.yaml"
GLOSSARY = "content/glossary.yaml"
CONFIG = "site_config.yaml"
LISTS = [TIMELINE, REGIONAL, "content/funded-services.yaml", NEXT_STEPS]
ID = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""")


# --- helpers ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def project() -> Project:
    return read_project(REPO)


def changed(project: Project, changes: dict[str, str | None]) -> Project:
    files = dict(project.files)
    for name, value in changes.items():
        if value is None:
            files.pop(name, None)
        else:
            files[name] = value.encode("utf-8")
    return dataclasses.replace(project, files=files)


def original(project: Project, name: str) -> str:
    return project.files[name].decode("utf-8")


def site(project: Project, changes: dict[str, str | None]) -> RenderedSite:
    return render_project(changed(project, changes))


def page_html(rendered: RenderedSite, output: str) -> str:
    return rendered.files[output].decode("utf-8")


def problems(project: Project, changes: dict[str, str | None], strict: bool = False) -> list[str]:
    with pytest.raises(ContentError) as caught:
        render_project(changed(project, changes), strict=strict)
    return [problem.format() for problem in caught.value.problems]


def warnings(project: Project, changes: dict[str, str | None]) -> list[str]:
    return [w.format() for w in render_project(changed(project, changes)).warnings]


def test_page(body: str) -> dict[str, str]:
    return {PAGE: FRONT + body + "\n"}


test_page.__test__ = False  # A helper, not a test.


def ids_of(html: str) -> list[str]:
    return [a if a is not None else b for a, b in ID.findall(html)]


def duplicate_ids(pages: dict[str, str]) -> dict[str, list[str]]:
    """Each page with an id used more than once, and those ids."""
    found = {}
    for name, html in pages.items():
        twice = sorted(i for i, n in collections.Counter(ids_of(html)).items() if n > 1)
        if twice:
            found[name] = twice
    return found


def with_entries(project: Project, name: str, texts: list[str], ids: list[str | None] | None = None) -> str:
    """The list file with entries added at the end, copied from its first entry but for
    `text` (and `id` when given)."""
    data = yaml.safe_load(original(project, name))
    first = {k: v for k, v in data["entries"][0].items() if k != "id"}
    for index, text in enumerate(texts):
        entry = {k: (list(v) if isinstance(v, list) else v) for k, v in first.items()}
        entry["text"] = text
        if ids and ids[index]:
            entry = {"id": ids[index], **entry}
        data["entries"].append(entry)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def with_intro(project: Project, name: str, markdown: str) -> str:
    data = yaml.safe_load(original(project, name))
    data["intro"] = (data.get("intro") or "") + "\n\n" + markdown + "\n"
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def heading_for(element_id: str) -> str:
    """A heading whose id, made from its words, is `element_id`: "Main content" for main-content."""
    return "## " + element_id.replace("-", " ").capitalize()


def line_of(text: str, starts: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if line.lstrip().startswith(starts))


# --- 1. the layout's ids are learnt from the templates ---------------------------------------


def test_the_layout_ids_are_learnt_from_the_templates(project):
    layout = learn_layout_ids(project.templates)
    # Written in a template, given to a macro by its caller, made by a {% for %} over a fixed list:
    assert {
        "main-content",
        "contact",
        "results-heading",
        "progress",
        "download-heading",
        "filter-heading",
        "filter-year-label",
        "filter-theme-label",
        "settings-panel",
        "setting-text-size-large",
        "setting-contrast-high",
    } <= layout.exact
    # Made from a value only the code knows: the shape is reserved.
    assert layout.shapes == ("dataset-…",) and layout.uses("dataset-timeline")
    # Made wholly from content (entry.id, term.id): content's own, settled apart.
    assert not any("{" in i or "entry" in i for i in layout.exact)


def test_what_is_learnt_is_what_the_real_pages_have(project, real_site, real_pages):
    """Every id on the real pages is the layout's (as learnt) or made from content, and every
    id learnt is on some page: nothing missed, nothing made up."""
    layout = learn_layout_ids(project.templates)
    content = real_site.content
    made = {entry.id for c in content.collections.values() for entry in c.entries}
    made |= {term.id for term in content.glossary.terms}
    texts = [(page.body, page.file, page.body_first_line) for page in content.pages]
    for c in [*content.collections.values(), content.glossary]:
        texts.append((c.intro, c.file, c.intro_line))
    texts += [(entry.text, c.file, entry.text_line) for c in content.collections.values() for entry in c.entries]
    renderer = MarkdownRenderer({}, content.config.base_url)
    made |= {given for text in texts for _, given in renderer.render(*text).headings}
    on_pages = {i for html in real_pages.values() for i in ids_of(html)}
    assert {i for i in on_pages if i not in made and not layout.uses(i)} == set()
    # The progress summary is shown only for steps with a status or a target: the real ones have none.
    assert layout.exact - {"progress", "progress-dates"} <= on_pages


def test_a_template_of_the_sites_own_is_learnt_too():
    templates = {
        "base.html": '<body><div id="site-banner"></div>{% block content %}{% endblock %}</body>',
        "parts.html": '{% macro box(name, kind="note") %}<aside id="box-{{ kind }}" class="{{ name }}">'
        '<h2 id="{{ name }}">x</h2></aside>{% endmacro %}',
        "page.html": '{% import "parts.html" as parts %}{% set tab = "first-tab" %}<div id=\'{{ tab }}\'>'
        '{{ parts.box("help-box") }}{{ parts.box("warning-box", kind="alert") }}'
        '{% for row in rows %}<p id="row-{{ row.key }}">{{ row.text }}</p>{% endfor %}'
        '<li id="{{ entry.id }}"></li>{# <p id="in-a-comment"> #}'
        '{% for group, options in [("a", ["x", "y"]), ("b", ["z"])] %}{% for option in options %}'
        '<input id="opt-{{ group }}-{{ option }}">{% endfor %}{% endfor %}',
    }
    layout = learn_layout_ids(templates)
    assert layout.exact == {
        "site-banner",
        "box-note",
        "box-alert",
        "help-box",
        "warning-box",
        "first-tab",
        "opt-a-x",
        "opt-a-y",
        "opt-b-z",
    }
    assert layout.shapes == ("row-…",)


def test_a_heading_named_like_a_sites_own_template_id_moves(make_project, tmp_path):
    root = make_project(
        {
            "templates/base.html": (REPO / "sitegen/theme/templates/base.html")
            .read_text()
            .replace('<main id="main-content"', '<div id="site-banner"></div>\n<main id="main-content"'),
            PAGE: FRONT + "## Site banner\n\nSee [the banner part](#site-banner).\n",
        }
    )
    build(root, tmp_path / "out")
    html = (tmp_path / "out/ids-test/index.html").read_text()
    assert duplicate_ids({"page": html}) == {}
    assert '<h2 id="site-banner-2">Site banner</h2>' in html
    assert 'href="#site-banner-2"' in html  # The editor's own heading, not the banner.


def test_an_id_takes_the_next_free_suffix_and_escapes_a_shape():
    layout = LayoutIds(frozenset({"contact", "contact-2"}), ("dataset-…",))
    taken = {"outcome"}
    assert [claim(w, taken, layout) for w in ("contact", "outcome", "outcome", "fresh")] == [
        "contact-3",
        "outcome-2",
        "outcome-3",
        "fresh",
    ]
    # dataset-…-2, -3… would all have the shape: another start.
    assert claim("dataset-timeline", taken, layout) == "part-dataset-timeline"


# --- 1. no page has an id twice -------------------------------------------------------------


def built_pages(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text("utf-8") for p in folder.rglob("*.html")}


def test_the_real_site_built_by_build_py_has_no_id_twice(site_dir):
    pages = built_pages(site_dir)
    assert len(pages) > 80 and duplicate_ids(pages) == {}


@pytest.fixture(scope="module")
def hostile_changes(project) -> dict[str, str]:
    """Content written against the layout: on every kind of page, a heading named after each
    id the real site has (the layout's and content's), the same headings in two entries of
    every list, entry ids made from words equal to layout ids, terms named like layout ids."""
    real = render_project(project)
    every_id = sorted(
        {i for name, data in real.files.items() if name.endswith(".html") for i in ids_of(data.decode("utf-8"))}
        | learn_layout_ids(project.templates).exact
    )
    headings = "\n\n".join(heading_for(i) for i in every_id)
    changes = {}
    for name in project.files:
        if name.startswith("content/"):
            changes[name] = original(project, name) + "\n\n" + headings + "\n"
    layout_words = [i.replace("-", " ").capitalize() for i in sorted(learn_layout_ids(project.templates).exact)]
    for name in LISTS:
        changes[name] = with_intro(project, name, headings)
        data = yaml.safe_load(
            with_entries(
                changed(project, {name: changes[name]}),
                name,
                ["Repeated headings.\n\n" + headings] * 2 + (layout_words if name == NEXT_STEPS else layout_words[:6]),
            )
        )
        changes[name] = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    glossary = yaml.safe_load(with_intro(project, GLOSSARY, headings))
    glossary["terms"] += [
        {"term": t, "expansion": "Some words"} for t in ("ENTRIES", "PROGRESS", "LICENCE", "DfE", "DFE")
    ]
    changes[GLOSSARY] = yaml.safe_dump(glossary, allow_unicode=True, sort_keys=False)
    return changes


def test_hostile_content_makes_no_id_twice_on_any_page(make_project, hostile_changes, tmp_path):
    build(make_project(hostile_changes), tmp_path / "out")
    pages = built_pages(tmp_path / "out")
    assert len(pages) > 80 and duplicate_ids(pages) == {}
    # Every #part link in the pages reaches an element of that page.
    for name, html in pages.items():
        ids = set(ids_of(html))
        assert {f for f in re.findall(r'href="#([^"]*)"', html) if f} <= ids, name


def test_the_same_heading_in_two_entries_of_a_list_has_two_ids(project):
    rendered = site(
        project, {REGIONAL: with_entries(project, REGIONAL, ["## Outcome\n\nFirst.", "## Outcome\n\nSecond."])}
    )
    html = page_html(rendered, "regional-work/index.html")
    assert re.findall(r'<h2 id="(outcome[^"]*)">Outcome</h2>', html) == ["outcome", "outcome-2"]


def test_a_heading_keeps_its_id_in_every_view_of_the_timeline(project):
    text = with_entries(project, TIMELINE, ["## Outcome\n\nFirst.", "## Outcome\n\nSecond."])
    rendered = site(project, {TIMELINE: text})
    period = yaml.safe_load(text)["entries"][-1]["period"]
    year = re.match(r"\d{4}", str(period))
    views = ["timeline/index.html"] + ([f"timeline/{year[0]}/index.html"] if year else [])
    for view in views:
        html = page_html(rendered, view)
        assert re.findall(r'<h2 id="(outcome[^"]*)">Outcome</h2>', html) == ["outcome", "outcome-2"], view


def test_a_heading_named_like_an_entry_id_moves_and_the_entry_keeps_its_id(project):
    text = with_entries(project, REGIONAL, ["Set up a board.", "## Set up board\n\nIt met."], ["set-up-board", None])
    html = page_html(site(project, {REGIONAL: text}), "regional-work/index.html")
    assert '<li class="item" id="set-up-board">' in html
    assert '<h2 id="set-up-board-2">Set up board</h2>' in html


def test_an_entry_id_made_by_the_loader_that_the_layout_uses_moves_everywhere(project):
    # Items without an id are addressed by their item name and place among them (step-1, step-2…): a
    # site whose own template uses one of those ids keeps it, and the item moves.
    templates = dict(project.templates)
    templates["list.html"] = templates["list.html"].replace(
        "{% block content %}", '{% block content %}<span id="step-1"></span>', 1
    )
    data = yaml.safe_load(original(project, NEXT_STEPS))
    data["entries"].append({"status": "planned", "text": "Review the plan."})
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    rendered = render_project(dataclasses.replace(changed(project, {NEXT_STEPS: text}), templates=templates))
    html = page_html(rendered, "next-steps/index.html")
    assert '<span id="step-1"></span>' in html  # The layout's
    assert '<li class="item step" id="step-1-2"' in html
    assert "step-1-2" in rendered.files["data/next-steps.csv"].decode("utf-8")  # The open data says the same
    assert "next-steps/#step-1-2" in [doc["url"] for doc in documents_in(rendered.files)]


def test_an_entry_id_typed_by_the_editor_that_the_layout_uses_is_an_error(project):
    text = with_entries(project, TIMELINE, ["A board met."], ["main-content"])
    line = line_of(text, "- id: main-content")
    layout = learn_layout_ids(project.templates)
    assert problems(project, {TIMELINE: text}) == [
        f"content/timeline.yaml:{line}: the id 'main-content' is already used by the page layout\n"
        f"    {line} | - id: main-content\n"
        f"    hint: choose another id for this entry; the layout uses these on its pages: {layout.describe()}"
    ]
    assert layout.describe().startswith("contact, contents, download-heading, filter-fold, filter-heading, ")
    assert layout.describe().endswith(
        ", site-menu, what-the-checks-find, what-this-site-does, who-is-responsible, and ids like dataset-…"
    )


def test_an_entry_id_typed_by_the_editor_in_the_shape_of_a_layout_id_is_an_error(project):
    text = with_entries(project, REGIONAL, ["A board met."], ["dataset-regional-work"])
    (message,) = problems(project, {REGIONAL: text})
    assert message.startswith(
        f"content/regional-work.yaml:{line_of(text, '- id: dataset-')}: the id 'dataset-regional-work' "
        "is already used by the page layout\n"
    )


def test_glossary_term_ids_miss_the_layout_and_each_other(project):
    glossary = yaml.safe_load(original(project, GLOSSARY))
    glossary["terms"] += [{"term": t, "expansion": "Some words"} for t in ("PROGRESS", "DfE", "DFE")]
    rendered = site(project, {GLOSSARY: yaml.safe_dump(glossary, allow_unicode=True, sort_keys=False)})
    html = page_html(rendered, "glossary/index.html")
    assert duplicate_ids({"glossary": html}) == {}
    assert re.findall(r'<div class="glossary-item" id="((?:progress|dfe)[^"]*)">', html) == [
        "progress-2",
        "dfe",
        "dfe-2",
    ]
    assert "glossary/#dfe-2" in [doc["url"] for doc in documents_in(rendered.files)]


def test_pages_made_by_page_workers_get_the_same_ids(make_project, tmp_path, monkeypatch):
    """Big sites render most pages in worker processes (page_workers.py): same ids, same bytes."""
    # Links from a page the workers make to one the main process makes, to another page the
    # workers make, and from one the main process makes (the plan, in the menu) to theirs.
    extra = {
        f"content/extra-{n}.md": FRONT.replace("A test page", f"Extra {n}")
        + "## Main content\n\n[Back to the top](#main-content), [our plan's contact](/plan/#contact), "
        f"[the next page's top](/extra-{(n + 1) % 8}/#main-content).\n"
        for n in range(8)
    }
    plan = (
        original(read_project(REPO), "content/plan.md")
        + "\n## Contact\n\nWrite to us, or see [the first extra page](/extra-0/#main-content).\n"
    )
    root = make_project({**extra, "content/plan.md": plan})
    built = {}
    for workers in (False, True):
        force_page_workers(monkeypatch) if workers else no_page_workers(monkeypatch)  # Even on one core.
        build(root, tmp_path / str(workers))
        built[workers] = {
            p.relative_to(tmp_path / str(workers)).as_posix(): p.read_bytes()
            for p in (tmp_path / str(workers)).rglob("*")
            if p.is_file()
        }
    assert built[True] == built[False]
    html = built[True]["extra-3/index.html"].decode("utf-8")
    assert '<h2 id="main-content-2">Main content</h2>' in html
    assert 'href="#main-content-2"' in html and 'href="../plan/#contact-2"' in html
    assert 'href="../extra-4/#main-content-2"' in html
    assert 'href="../extra-0/#main-content-2"' in built[True]["plan/index.html"].decode("utf-8")


# --- 1. #part links still reach what the editor meant ---------------------------------------


def test_a_link_to_a_part_named_like_the_layouts_goes_to_the_editors_heading(project):
    body = original(project, ACCESSIBILITY) + "\n## Contact\n\nWrite to us, or see [how to contact us](#contact).\n"
    html = page_html(site(project, {ACCESSIBILITY: body}), "accessibility/index.html")
    assert '<h2 id="contact-2">Contact</h2>' in html and '<h2 id="contact">Contact us</h2>' in html
    assert '<a href="#contact-2">how to contact us</a>' in html
    assert duplicate_ids({"accessibility": html}) == {}


def test_a_link_from_another_page_goes_to_the_editors_heading_too(project):
    body = original(project, ACCESSIBILITY) + "\n## Contact\n\nWrite to us.\n"
    rendered = site(project, {ACCESSIBILITY: body, **test_page("See [how to contact us](/accessibility/#contact).")})
    # The address printed after the link on paper says the same.
    base = rendered.content.config.base_url
    assert f'href="../accessibility/#contact-2" data-print-href="{base}accessibility/#contact-2"' in page_html(
        rendered, "ids-test/index.html"
    )


def test_a_link_to_a_term_goes_to_it_when_its_id_moved(project):
    glossary = yaml.safe_load(original(project, GLOSSARY))
    glossary["terms"].append({"term": "PROGRESS", "expansion": "Some words"})
    rendered = site(
        project,
        {
            GLOSSARY: yaml.safe_dump(glossary, allow_unicode=True, sort_keys=False),
            **test_page("See [what PROGRESS means](/glossary/#progress)."),
        },
    )
    assert 'href="../glossary/#progress-2"' in page_html(rendered, "ids-test/index.html")


def test_a_link_to_a_layout_part_that_no_heading_shares_is_left_alone(project):
    rendered = site(project, test_page("[Skip](#main-content), [the entries](/timeline/#results-heading)."))
    html = page_html(rendered, "ids-test/index.html")
    assert 'href="#main-content"' in html and 'href="../timeline/#results-heading"' in html


def test_a_link_from_one_entry_to_anothers_heading_follows_it(project):
    text = with_entries(project, REGIONAL, ["## Progress\n\nDone.", "See [the progress](#progress)."])
    html = page_html(site(project, {REGIONAL: text}), "regional-work/index.html")
    assert '<h2 id="progress-2">Progress</h2>' in html and 'href="#progress-2"' in html


def test_the_link_checker_checks_the_final_ids(project):
    body = original(project, ACCESSIBILITY) + "\n## Contact\n\nSee [the other contact](#contact-3).\n"
    (message,) = problems(project, {ACCESSIBILITY: body})
    line = len(body.split("\n")) - 1
    assert message.split("\n")[0] == (
        f"content/accessibility.md:{line}: the link to #contact-3 points at a part of the page that does not exist"
    )
    # And a link to the id the heading finally has is fine.
    fine = original(project, ACCESSIBILITY) + "\n## Contact\n\nSee [our contact heading](#contact-2).\n"
    assert warnings(project, {ACCESSIBILITY: fine}) == []


# --- 2. words in capitals -------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The UK and the EU agreed.",
        "It is OK to ask.",
        "The NHS and the BBC took part.",
        "Download the report (PDF, 2 MB).",
        "During COVID-19 the board met online.",
        "Each page is HTML at a stable URL.",
        "Part II of Schedule IV and chapter XII apply.",
        "Plan B worked.",
        "Type `QXZ` in the box.",
    ],
)
def test_well_known_letters_numerals_and_code_need_no_glossary_entry(project, sentence):
    assert warnings(project, test_page(sentence)) == []


def test_letters_explained_in_brackets_count_as_explained_in_that_text(project):
    body = (
        "In 2019, West Mercia Police (WMP) set up the National Crime Unit (NCU). The NCU reports to the "
        "QXZ (Quarterly Xylophone Zone), which the WMP chairs."
    )
    assert warnings(project, test_page(body)) == []
    html = page_html(site(project, test_page(body)), "ids-test/index.html")
    # The explanation is shown where it is written; the next use is marked up from it.
    assert (
        "West Mercia Police (WMP)" in html
        and 'National Crime Unit (NCU). The <abbr title="National Crime Unit">NCU</abbr>' in html
    )
    assert 'which the <abbr title="West Mercia Police">WMP</abbr> chairs' in html


@pytest.mark.parametrize(
    "text, explained",
    [
        ("In 2019, West Mercia Police (WMP) joined.", {"WMP": "West Mercia Police"}),
        ("WMP (West Mercia Police) joined.", {"WMP": "West Mercia Police"}),
        ("the Police and Crime Commissioner (PCC)", {"PCC": "Police and Crime Commissioner"}),
        (
            "His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS)",
            {"HMICFRS": "His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services"},
        ),
        ("HyperText Markup Language (HTML)", {"HTML": "HyperText Markup Language"}),
        ("closed-circuit television (CCTV)", {"CCTV": "closed-circuit television"}),
        ("Independent Sexual Violence Advisers (ISVAs) help", {"ISVA": "Independent Sexual Violence Advisers"}),
        ("the NCA (the National Crime Agency)", {"NCA": "National Crime Agency"}),
        ("The board met (QXZ) today.", {}),
        ("The PCC (see page 4) said so.", {}),
    ],
)
def test_what_counts_as_explaining_letters(text, explained):
    assert defined_in(text) == explained


def test_letters_explained_in_one_entry_are_not_explained_in_another(project):
    text = with_entries(project, REGIONAL, ["The Quarterly Xylophone Zone (QXZ) met.", "The QXZ met again."])
    line = line_of(text, "text: The QXZ met again.")
    assert warnings(project, {REGIONAL: text}) == [
        f"content/regional-work.yaml:{line}: warning: 'QXZ' looks like an abbreviation, but nothing says what it "
        f"stands for\n    {line} | The QXZ met again.\n"
        "    hint: write the words in full the first time, followed by (QXZ); or add QXZ to content/glossary.yaml; "
        "if nearly everyone knows it, add it to known_abbreviations in site_config.yaml"
    ]


@pytest.mark.parametrize(
    "body, word",
    [
        ("The board met (QXZ) on Monday.", "QXZ"),  # Brackets, but the words before do not make the letters
        ("The QXZ (see page 4) met.", "QXZ"),
        ("The DC met the board.", "DC"),  # Could be a numeral, but far more often Detective Constable
    ],
)
def test_letters_nothing_explains_are_still_reported(project, body, word):
    (message,) = warnings(project, test_page(body))
    assert message.startswith(f"content/ids-test.md:6: warning: '{word}' looks like an abbreviation")


def test_a_site_adds_its_own_well_known_abbreviations(project):
    config = original(project, CONFIG) + "\nknown_abbreviations: [QXZ, A&Q]\n"
    assert warnings(project, {CONFIG: config, **test_page("The QXZ and the A&Q met.")}) == []


def test_known_abbreviations_must_be_words_in_capitals(project):
    config = original(project, CONFIG) + "\nknown_abbreviations:\n  - QXZ\n  - pcc\n"
    line = len(config.split("\n")) - 1
    assert problems(project, {CONFIG: config}) == [
        f"site_config.yaml:{line}: each item of 'known_abbreviations' must be a word in capitals, got \"pcc\"\n"
        f"    {line} |   - pcc\n"
        "    hint: write the letters in capitals, exactly as they appear in the text, like NATO"
    ]


def test_the_editors_guide_lists_every_well_known_abbreviation():
    guide = (REPO / "docs/editing.md").read_text("utf-8")
    section = guide[guide.index("**nearly everyone knows it**") : guide.index("known_abbreviations: [")]
    listed = set(re.findall(r"\b[A-Z][A-Z&]+\b", section)) - {"GOV"}
    assert listed == WELL_KNOWN


# --- 3. examples in messages come from the editor's own text --------------------------------


@pytest.mark.parametrize(
    "address, example",
    [
        ("about-us/", "/about-us/"),
        ("../reports/annual/", "/reports/annual/"),
        ("news", "/news"),
    ],
)
def test_a_relative_link_hint_shows_the_editors_own_address_from_the_top(project, address, example):
    (message,) = problems(project, test_page(f"Read [our annual reports]({address})."))
    assert message.split("\n")[-1] == (
        f"    hint: write the address from the top of the site, like {example}; for another website, copy its "
        "full address starting with https://"
    )


@pytest.mark.parametrize(
    "address, page_file, page_address",
    [
        ("/guides/how-to-apply.md", "content/guides/how-to-apply.md", "/guides/how-to-apply/"),
        ("/content/plan.md", "content/plan.md", "/plan/"),
        ("/index.md", "content/index.md", "/"),
        ("/guides/index.md", "content/guides/index.md", "/guides/"),
    ],
)
def test_a_markdown_file_link_hint_names_that_files_own_address(project, address, page_file, page_address):
    found = problems(project, test_page(f"Read [the guide]({address})."))
    assert found[0].split("\n")[-1] == (
        f"    hint: link to the page's address instead: {page_address} is the address of {page_file}"
    )


def test_no_markdown_message_quotes_this_sites_own_examples():
    source = "".join(path.read_text("utf-8") for path in sorted((REPO / "sitegen/markdown").glob("*.py")))
    for example in ("/strategy/", "inspection report", "/timeline/2021/", "like SOC"):
        assert example not in source
