"""Typography readers notice (issue 13): a period like "2018–23" never breaks at its dash, and
readers see one date style everywhere ("26 November 2026"); ISO dates stay in the data files."""

from __future__ import annotations

import re

import pytest
from htmltools import visible_text
from hypothesis import example, given
from hypothesis import strategies as st
from markupsafe import Markup

from sitegen.render.typography import keep_marks_with_links, keep_periods_whole

PERIOD = re.compile(r"\d{4}[-‑–—]\d{2}(?:\d{2})?(?![\w-])")
NOWRAP = re.compile(r'<span class="nowrap">[^<]*</span>')


@pytest.mark.parametrize(
    "given, expected",
    [
        ("West Mercia, 2018–23", 'West Mercia, <span class="nowrap">2018–23</span>'),
        (
            "from 2018-2023 to 1999—2000",
            'from <span class="nowrap">2018-2023</span> to <span class="nowrap">1999—2000</span>',
        ),
        ("2019/20 and 2021", "2019/20 and 2021"),  # a slash never breaks between digits
        ("on 2026-11-26", "on 2026-11-26"),  # a date, not a period
        ("<b> & 2018–23", '&lt;b&gt; &amp; <span class="nowrap">2018–23</span>'),  # text is escaped first
    ],
)
def test_periods_are_kept_whole_in_text(given, expected):
    assert keep_periods_whole(given) == Markup(expected)


def test_only_text_is_changed_in_html_never_attributes_or_scripts():
    html = Markup('<a href="/2018-23/" title="2018–23">In 2018–23</a><script>"2018-23"</script><p>2018–23</p>')
    assert keep_periods_whole(html) == Markup(
        '<a href="/2018-23/" title="2018–23">In <span class="nowrap">2018–23</span></a>'
        '<script>"2018-23"</script><p><span class="nowrap">2018–23</span></p>'
    )


def periods_kept_whole_tag_by_tag(html: str) -> str:
    """The reference: the page cut into tags and text, each text's periods wrapped, skipping the
    text of a script, style sheet, text box or title (how keep_periods_whole first did it)."""
    parts = re.split(r"(<[^>]*>)", html)
    raw = False
    for index, part in enumerate(parts):
        if index % 2:
            lowered = part.lower()
            if lowered.startswith(("<script", "<style", "<textarea", "<title")):
                raw = True
            elif lowered.startswith(("</script", "</style", "</textarea", "</title")):
                raw = False
        elif not raw:
            parts[index] = re.sub(
                r"(?<![\w/-])\d{4}[-‑–—]\d{2}(?:\d{2})?(?![\w/-])", r'<span class="nowrap">\g<0></span>', part
            )
    return "".join(parts)


MARKUP_PIECES = st.sampled_from(
    [
        "2018–23",
        "2018-2023",
        "1999—2000",
        "12018-23",
        "2018-234",
        "/2018-23",
        "2018-23/",
        "a",
        " ",
        "é",
        "&amp;",
        "<p>",
        "</p>",
        '<a href="/2018-23/">',
        "</a>",
        "<script>",
        "</script>",
        "<STYLE>",
        "</style>",
        "<title>",
        "</title>",
        "<textarea>",
        "</textarea>",
        "<scripty>",
        '<img alt="2018–23">',
        "<",
        ">",
        "<b",
        "x>",
    ]
)


@given(st.lists(MARKUP_PIECES, max_size=30).map("".join))
@example('<p title="2018–23">2018–23</p><script>2018-23</script>2018-23')
def test_periods_are_wrapped_exactly_where_a_tag_by_tag_reading_wraps_them(html):
    assert str(keep_periods_whole(Markup(html))) == periods_kept_whole_tag_by_tag(html)


def test_periods_on_every_page_are_wrapped_as_the_tag_by_tag_reading_wraps_them(real_pages):
    for html in real_pages.values():
        unwrapped = html.replace('<span class="nowrap">', "").replace("</span>", "")
        assert str(keep_periods_whole(Markup(unwrapped))) == periods_kept_whole_tag_by_tag(unwrapped)


def shown_html(html: str) -> str:
    """The header and main parts of a page: where its headings and text are."""
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    main = html[html.index("<main") : html.index("</main>")]
    return header + main


def test_no_period_on_any_page_can_break_at_its_dash(real_pages):
    for path, html in real_pages.items():
        text_only = re.sub(r"<[^>]*>", " ", NOWRAP.sub("", shown_html(html)))
        assert not PERIOD.search(text_only), f"{path}: {PERIOD.search(text_only)[0]!r} can break at its dash"


def test_the_home_heading_and_the_site_title_keep_2018_23_whole(real_pages):
    html = real_pages["index.html"]
    assert '<h1>Serious and organised crime in West Mercia, <span class="nowrap">2018–23</span></h1>' in html
    assert '<span class="nowrap">2018–23</span></a></p>' in html  # the site's name in the header


def test_readers_see_dates_in_one_style_on_every_page(real_pages):
    iso = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
    for path, html in real_pages.items():
        assert not iso.search(visible_text(html)), f"{path} shows {iso.search(visible_text(html))[0]}"


def test_the_open_data_page_gives_its_dates_in_words(real_pages):
    text = visible_text(real_pages["data/index.html"])
    assert "Last updated 26 November 2026. 10 rows." in text


# --- no punctuation mark alone on a line (issue 21) -----------------------------------------


@pytest.mark.parametrize(
    "given, expected",
    [
        (
            '<a href="x/">Drugs</a>, <a href="y/">County lines</a>.',
            '<span class="link-mark"><a href="x/">Drugs</a>,</span> <span class="link-mark"><a href="y/">County lines</a>.</span>',
        ),
        ('<a href="x/">Drugs</a> and more', '<a href="x/">Drugs</a> and more'),  # no mark: nothing to keep
        (
            '<a href="x/">The <abbr title="y">PCC</abbr> page</a>).',
            '<span class="link-mark"><a href="x/">The <abbr title="y">PCC</abbr> page</a>).</span>',
        ),
    ],
)
def test_a_link_keeps_the_mark_after_it_on_its_line(given, expected):
    assert keep_marks_with_links(Markup(given)) == Markup(expected)


def test_theme_links_keep_their_commas_and_full_stop(real_pages):
    html = real_pages["timeline/index.html"]
    assert re.search(r'<span class="link-mark"><a href="[^"]*drugs/"[^>]*>Drugs</a>[.,]</span>', html)


def test_download_sizes_never_split_and_links_keep_their_marks(real_site):
    css = real_site.files["static/css/site.css"].decode()
    assert ".link-mark { white-space: nowrap; }\n.link-mark > a { white-space: normal; }" in css
    assert ".file-size, .attachment-details { white-space: nowrap; }" in css


@pytest.mark.parametrize("keep", [keep_marks_with_links, keep_periods_whole])
def test_plain_text_is_escaped_and_safe_html_is_kept(keep):
    """Filters of the templates: text that is not marked safe is shown as text, never as HTML."""
    assert keep("Fish & chips <b>2018–23</b>").startswith("Fish &amp; chips &lt;b&gt;")
    assert keep(Markup("Fish &amp; chips <b>bold</b>")) == Markup("Fish &amp; chips <b>bold</b>")
