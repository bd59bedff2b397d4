"""Saving in the web editor: checked as a build checks it, written only when nothing fails,
and written so that the file's diff is the change and nothing else (comments kept)."""

from __future__ import annotations

import difflib
import html
import re
from pathlib import Path

import pytest
from editor_client import Client

from sitegen.editor.yaml_edit import load
from sitegen.model.loading import load_site
from sitegen.read.project_files import read_project

TIMELINE = "content/timeline.yaml"
BAD_PERIOD_MESSAGE = '\'period\' must look like 2024, 2023/24 or "2020 and ongoing", got "2O19"'


@pytest.fixture
def project(make_project) -> Path:
    return make_project()


@pytest.fixture
def client(project) -> Client:
    return Client(project)


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.split("\n"), after.split("\n"), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def item_url(index: int, file: str = TIMELINE) -> str:
    return f"/edit/item?file={file}&index={index}"


def test_a_bad_period_is_shown_by_its_field_in_the_command_lines_words_and_nothing_is_written(client, project):
    before = (project / TIMELINE).read_bytes()
    fields = client.form(item_url(1))
    fields["period"] = "2O19"
    answer = client.post(item_url(1), fields)
    page = answer.text
    assert answer.status == 200
    assert re.search(r"<title>Error: Edit entry 2 – ", page)
    summary = re.search(
        r'<div class="error-summary" id="error-summary" tabindex="-1" autofocus>.*?</div>\s*</div>', page, re.DOTALL
    ).group(0)
    assert f'<a href="#f-period">{BAD_PERIOD_MESSAGE}</a>' in html.unescape(summary)
    assert 'Write it like 2024, 2023/24 or "2020 and ongoing"' in html.unescape(summary)
    by_field = re.search(r'<p class="error-message" id="f-period-error">(.*?)</p>', page, re.DOTALL).group(1)
    assert html.unescape(by_field) == (
        f'<span class="visually-hidden">Error:</span> {BAD_PERIOD_MESSAGE}.<br>'
        '<span class="error-hint">Write it like 2024, 2023/24 or "2020 and ongoing".'
        "</span>"
    )
    assert 'aria-describedby="f-period-hint f-period-error"' in page
    assert 'value="2O19"' in page  # What was typed is kept, to be corrected.
    assert (project / TIMELINE).read_bytes() == before


def test_a_saved_change_touches_only_its_entry_and_keeps_every_comment(client, project):
    before = (project / TIMELINE).read_text(encoding="utf-8")
    fields = client.form(item_url(1))
    fields["period"] = "2019/20"
    fields["themes"] = ["governance-and-scrutiny", "drugs"]
    fields["correction"] = "true"  # Else "updated" becomes today (test_editor_dates.py).
    answer = client.post(item_url(1), fields)
    assert answer.status == 303 and answer.location.startswith(f"/edit/list?file={TIMELINE}&done=")
    after = (project / TIMELINE).read_text(encoding="utf-8")
    assert changed_lines(before, after) == [
        '-    period: "2018"',
        "-    themes: [governance-and-scrutiny]",
        '+    period: "2019/20"',
        "+    themes: [governance-and-scrutiny, drugs]",
    ]
    comments = [line for line in before.split("\n") if line.lstrip().startswith("#")]
    assert comments and all(line in after.split("\n") for line in comments)


def test_an_unchanged_form_writes_nothing_new(client, project):
    for url, file in (
        (item_url(0), TIMELINE),
        (item_url(2, "content/next-steps.yaml"), "content/next-steps.yaml"),
        ("/edit/page?file=content/plan.md", "content/plan.md"),
        ("/edit/settings?file=content/timeline.yaml", TIMELINE),
    ):
        before = (project / file).read_bytes()
        answer = client.post(url.split("&index")[0] if "settings" in url else url, client.form(url))
        assert answer.status == 303, answer.text[:2000]
        assert (project / file).read_bytes() == before, url


def test_a_warning_is_shown_after_saving_but_does_not_stop_it(client, project):
    fields = client.form(item_url(0))
    fields["text"] = "Worked with partners. To read more, [click here](/plan/)."
    answer = client.post(item_url(0), fields)
    assert answer.status == 303
    assert "[click here](/plan/)" in (project / TIMELINE).read_text(encoding="utf-8")
    shown = client.get(answer.location).text
    assert "1 thing will stop this being published" in shown


def test_steps_are_edited_with_status_radios_and_a_target_date(client, project):
    url = item_url(0, "content/next-steps.yaml")
    page = client.get(url).text
    assert re.search(r"<legend>Status \(optional\)</legend>", page)
    assert page.count('type="radio" id="f-status-') == 4  # "None given" first: a status is never assumed
    assert re.search(r'id="f-status-0" name="status" value="" checked', page)
    assert '<label class="label" for="f-target">Target (optional)</label>' in page
    assert 'id="f-target" name="target" type="text"' in page
    before = (project / "content/next-steps.yaml").read_text(encoding="utf-8")
    fields = client.form(url)
    fields.update(status=["in progress"], target="2027-03-31", correction="true")
    assert client.post(url, fields).status == 303
    after = (project / "content/next-steps.yaml").read_text(encoding="utf-8")
    assert changed_lines(before, after) == [
        "+    status: in progress",
        "+    target: 2027-03-31",
    ]


def test_items_are_added_moved_and_removed_by_buttons_that_post(client, project):
    path = project / TIMELINE
    before = path.read_text(encoding="utf-8")
    count = len(load_site(read_project(project).files).content.collections["timeline"].entries)
    fields = client.form(f"/edit/item?file={TIMELINE}&index=new")
    fields.update(period="2024", themes=["drugs"], text="A new entry for 2024.", correction="true")
    assert client.post(f"/edit/item?file={TIMELINE}&index=new", fields).status == 303
    added = path.read_text(encoding="utf-8")
    assert changed_lines(before, added) == [
        '+  - period: "2024"',
        "+    themes: [drugs]",
        "+    text: A new entry for 2024.",
        "+",
    ]
    version = re.search(r'name="version" value="([^"]+)"', client.get(f"/edit/list?file={TIMELINE}").text).group(1)
    answer = client.post(
        "/edit/item/move", {"file": TIMELINE, "index": str(count), "to": str(count - 1), "version": version}
    )
    assert answer.status == 303
    moved = path.read_text(encoding="utf-8")
    assert moved.index("A new entry for 2024.") < moved.index("Neighbourhood Crime was adopted")
    version = re.search(r'name="version" value="([^"]+)"', client.get(f"/edit/list?file={TIMELINE}").text).group(1)
    answer = client.post("/edit/item/remove", {"file": TIMELINE, "index": str(count - 1), "version": version})
    assert answer.status == 303
    undated = re.sub(r"\nupdated: .*\n", "\n", path.read_text(encoding="utf-8"))  # A removal dates the list.
    assert undated == re.sub(r"\nupdated: .*\n", "\n", before)


def test_removing_an_item_that_another_page_links_to_is_refused(make_project):
    project = make_project(
        {
            "content/plan.md": (Path(__file__).parents[1] / "content/plan.md").read_text(encoding="utf-8")
            + "\nSee [the first entry](/timeline/#worked-with-partners-through-the-criminal).\n"
        }
    )
    client = Client(project)
    before = (project / TIMELINE).read_bytes()
    version = re.search(r'name="version" value="([^"]+)"', client.get(f"/edit/list?file={TIMELINE}").text).group(1)
    answer = client.post("/edit/item/remove", {"file": TIMELINE, "index": "0", "version": version})
    assert answer.status == 200
    assert (
        "the link to /timeline/#worked-with-partners-through-the-criminal points at a part of the page that does "
        "not exist" in html.unescape(answer.text)
    )
    assert "(content/plan.md, line " in answer.text
    assert (project / TIMELINE).read_bytes() == before


def test_a_form_opened_before_another_item_changed_keeps_that_change(client, project):
    fields = client.form(item_url(1))
    path = project / TIMELINE
    path.write_text(
        path.read_text(encoding="utf-8").replace("Criminal Reduction Board", "Crime Reduction Board"), encoding="utf-8"
    )
    fields["text"] = "Mine."
    answer = client.post(item_url(1), fields)
    assert answer.status == 303  # joined item by item (tests/test_editor_together.py)
    text = path.read_text(encoding="utf-8")
    assert "Crime Reduction Board to establish" in text and load(text)["entries"][1]["text"] == "Mine."


def test_a_form_opened_before_the_same_item_changed_saves_nothing_until_someone_chooses(client, project):
    fields = client.form(item_url(0))
    path = project / TIMELINE
    path.write_text(
        path.read_text(encoding="utf-8").replace("Criminal Reduction Board", "Crime Reduction Board"), encoding="utf-8"
    )
    before = path.read_bytes()
    fields["text"] = "Mine."
    answer = client.post(item_url(0), fields)
    assert answer.status == 409 and "Someone else changed this while you were editing it" in answer.text
    assert path.read_bytes() == before


def test_a_page_title_change_touches_one_line_and_keeps_windows_line_breaks(client, project):
    path = project / "content/plan.md"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    before = path.read_bytes()
    fields = client.form("/edit/page?file=content/plan.md")
    fields["title"] = "The Safer West Mercia Plan"
    fields["correction"] = "true"
    fields["body"] = fields["body"].replace("\n", "\r\n")  # As browsers send a textarea.
    assert client.post("/edit/page", fields).status == 303
    after = path.read_bytes()
    assert changed_lines(before.decode(), after.decode()) == [
        "-title: Safer West Mercia Plan\r",
        "+title: The Safer West Mercia Plan\r",
    ]


def test_the_preview_button_shows_the_page_as_the_site_makes_it_and_saves_nothing(client, project):
    before = (project / "content/plan.md").read_bytes()
    fields = client.form("/edit/page?file=content/plan.md")
    fields.update(action="preview", body=fields["body"] + "\n\n## A new heading\n\nSee [the timeline](/timeline/).")
    page = client.post("/edit/page", fields).text
    preview = page[page.index('<section class="page-preview"') :]
    assert '<h2 id="a-new-heading">A new heading</h2>' in preview
    assert 'href="/timeline/"' in preview
    assert (project / "content/plan.md").read_bytes() == before


def pdf(size: int = 1500) -> bytes:
    return b"%PDF-1.4\n" + b"0" * (size - 15) + b"\n%%EOF\n"


def test_a_pdf_is_attached_and_linked_in_the_gov_uk_style(client, project):
    fields = client.form("/edit/page?file=content/plan.md")
    fields.update(action="upload", link_text="Annual report 2024")
    answer = client.post("/edit/page", fields, files={"document": ("Annual Report 2024.PDF", pdf(1_234_567))})
    assert answer.status == 303, answer.text[:3000]
    assert (project / "content/files/annual-report-2024.pdf").read_bytes() == pdf(1_234_567)
    text = (project / "content/plan.md").read_text(encoding="utf-8")
    assert text.endswith(
        "no public copy of it is linked from this site.\n\n[Annual report 2024 (PDF, 1.2 MB)](/files/annual-report-2024.pdf)\n"
    )


def test_a_new_page_starts_as_a_draft_shown_in_the_preview_and_never_published(client, project):
    answer = client.post(
        "/edit/new", {"kind": "page", "title": "Annual report", "topic": "", "name": "", "draft": "true"}
    )
    assert answer.status == 303 and answer.location.startswith("/edit/page?file=content/annual-report.md")
    text = (project / "content/annual-report.md").read_text(encoding="utf-8")
    assert text.startswith('---\ntitle: "Annual report"\nupdated: ') and "draft: true\n---\n" in text
    files = read_project(project).files
    assert "annual-report/" in {p.path for p in load_site(files, include_drafts=True).content.pages}
    assert "annual-report/" not in {p.path for p in load_site(files).content.pages}


def test_a_new_page_cannot_take_an_address_in_use(client, project):
    before = (project / "content/plan.md").read_bytes()
    answer = client.post("/edit/new", {"kind": "page", "title": "Plan", "topic": "", "name": "plan"})
    assert answer.status == 200 and '<a href="#f-name">/plan/ is already taken by content/plan.md.' in answer.text
    assert (project / "content/plan.md").read_bytes() == before


def test_an_error_the_site_already_had_elsewhere_does_not_block_a_change(make_project):
    broken = (Path(__file__).parents[1] / "content/plan.md").read_text(encoding="utf-8") + "\n[Gone](/nowhere/)\n"
    project = make_project({"content/plan.md": broken})
    client = Client(project)
    fields = client.form(item_url(1))
    fields["period"] = "2019/20"
    assert client.post(item_url(1), fields).status == 303
    assert 'period: "2019/20"' in (project / TIMELINE).read_text(encoding="utf-8")


def test_a_document_is_not_added_when_the_page_it_is_linked_from_has_a_mistake(client, project):
    fields = client.form("/edit/page?file=content/plan.md")
    fields.update(action="upload", link_text="Report", body=fields["body"] + "\n\n[Broken](/nowhere/)")
    answer = client.post("/edit/page", fields, files={"document": ("report.pdf", pdf())})
    assert answer.status == 200 and "the link to /nowhere/ goes to a page that does not exist" in answer.text
    assert not (project / "content/files").exists()
    assert "[Broken]" not in (project / "content/plan.md").read_text(encoding="utf-8")


def test_every_previewed_page_links_to_the_file_that_made_it(project):
    from sitegen.editor import mount
    from sitegen.preview.server import PreviewState, make_app, rebuild

    state = PreviewState()
    rebuild(project, state, None, False, lambda message: None)
    app = mount(make_app(state, "'none'"), project, state, "127.0.0.1", 8000)

    def get(path: str) -> tuple[str, str]:
        seen = {}
        body = b"".join(
            app({"PATH_INFO": path, "HTTP_HOST": "127.0.0.1:8000"}, lambda status, headers: seen.update(status=status))
        )
        return seen["status"], body.decode("utf-8", "replace")

    for path, link in (
        ("/plan/", "/edit/page?file=content/plan.md"),
        ("/", "/edit/page?file=content/index.md"),
        ("/timeline/2021/", "/edit/list?file=content/timeline.yaml"),
        ("/glossary/", "/edit/list?file=content/glossary.yaml"),
    ):
        status, page = get(path)
        assert status.startswith("200") and f'<a href="{link}">Edit this ' in page, path
        assert page.index('class="preview-edit"') < page.index("<main")
    status, page = get("/static/css/site.css")  # Not a page: left as it is.
    assert status.startswith("200") and "preview-edit" not in page
    assert get("/edit/")[0].startswith("200")


def test_a_draft_item_is_labelled_in_the_preview_and_left_out_of_the_published_site(client, project, tmp_path):
    from sitegen.pipeline import build
    from sitegen.preview.server import PreviewState, rebuild

    fields = client.form(item_url(1))
    fields["draft"] = ["true"]
    assert client.post(item_url(1), fields).status == 303
    assert "    draft: true\n" in (project / TIMELINE).read_text(encoding="utf-8")
    state = PreviewState()
    rebuild(project, state, None, False, lambda message: None)
    preview = state.files["timeline/index.html"].decode("utf-8")
    item = preview[preview.index('id="supported-west-mercia-polices-development-of"') :]
    assert item.index('<strong class="draft-label">Draft</strong>') < item.index("</li>")
    build(project, tmp_path / "site")
    published = (tmp_path / "site/timeline/index.html").read_text(encoding="utf-8")
    assert "supported-west-mercia-polices-development-of" not in published and "draft-label" not in published
    changes = client.get("/edit/changes").text
    assert "1 entry in “In West Mercia (2018/23)” (/timeline/)" in changes


def test_a_page_with_a_list_in_its_front_matter_saves_and_keeps_it(client, project):
    """The home page's `time_words_meant` is a tuple in the schema: a list of lines in the form."""
    url = "/edit/page?file=content/index.md"
    fields = client.form(url)
    assert fields["time_words_meant"] == "the last 5 years"
    fields["title"] = "Serious and organised crime in West Mercia"
    answer = client.post(url, fields)
    assert answer.status == 303, answer.text[:2000]
    assert 'time_words_meant: ["the last 5 years"]\n' in (project / "content/index.md").read_text(encoding="utf-8")
