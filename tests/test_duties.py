"""The law as a checklist (issue 23): a `kind: duties` list says each duty the office has, its
legal reference, how often it is due and where the site publishes it. The build warns about a
duty with nowhere to go, a link elsewhere checked longer ago than its frequency allows (by the
build date), and, when the site names the law (`required_duties`), each duty of it missing;
with `duty_checks: strict` a --strict build refuses them."""

from __future__ import annotations

import dataclasses

import pytest
import yaml
from editor_client import Client
from other_sites import copy_second_site
from tooling import REPO_ROOT

from sitegen.errors import ContentError
from sitegen.model.duty_catalogues import SPECIFIED_INFORMATION_ORDER
from sitegen.pipeline import render_project
from sitegen.read.project_files import Project, read_project

CHECKLIST = "content/duties.yaml"
DUTIES = """kind: duties
title: What we must publish
description: The information the law says the authority must publish, how often, and where to find it.
item_name: duty
item_name_plural: duties
updated: 2026-12-01
reviewed: 2026-12-01
entries:
  - id: spending-over-500
    duty: Each item of spending over £500
    reference: Schedule paragraph 3(g)
    frequency: monthly
    where: /money/spending/
  - id: decisions
    duty: A record of each decision of significant public interest
    reference: Schedule paragraph 5(d)
    frequency: keep current
    where: https://www.lindmere-fire.gov.uk/decisions/
    checked: 2026-11-20
"""


def project_with(tmp_path, duties: str = DUTIES, **settings: str) -> Project:
    root = copy_second_site(tmp_path / "site")
    (root / CHECKLIST).write_text(duties, encoding="utf-8")
    config = yaml.safe_load((root / "site_config.yaml").read_text(encoding="utf-8"))
    config.update(settings)
    (root / "site_config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    return read_project(root)


def refused(project: Project) -> list[str]:
    with pytest.raises(ContentError) as caught:
        render_project(project, strict=True)
    return [problem.format() for problem in caught.value.problems]


def test_a_strict_build_of_a_site_missing_a_required_duty_fails_naming_the_duty_and_its_reference(tmp_path):
    project = project_with(tmp_path, required_duties="specified-information-order", duty_checks="strict")
    found = refused(project)
    missing = [d for d in SPECIFIED_INFORMATION_ORDER if d.id not in ("spending-over-500", "decisions")]
    assert len(found) == len(missing) == 13
    assert (
        f"{CHECKLIST}: the duty 'The most recent HMICFRS PEEL report and summary assessment' (Schedule paragraph "
        "7B (added by SI 2021/547) of the Specified Information Order 2011 (SI 2011/3050)) is not in the checklist\n"
        "    hint: add it to a 'kind: duties' list with 'id: hmicfrs-reports', and where the site publishes it"
    ) in found


def test_without_duty_checks_strict_the_missing_duties_are_warnings_a_strict_build_lets_through(tmp_path):
    project = project_with(tmp_path, required_duties="specified-information-order")
    rendered = render_project(project, strict=True)
    assert len([w for w in rendered.warnings if "is not in the checklist" in w.message]) == 13
    assert "what-we-must-publish" not in rendered.files  # The Lindmere site's checklist is at duties/.
    assert "duties/index.html" in rendered.files


def test_a_duty_with_nowhere_to_go_is_named_at_its_line(tmp_path):
    duties = DUTIES.replace("    where: /money/spending/\n", "")
    found = refused(project_with(tmp_path, duties, duty_checks="strict"))
    assert found == [
        f"{CHECKLIST}:9: the duty 'Each item of spending over £500' (Schedule paragraph 3(g)) has nowhere to go\n"
        "    hint: give 'where': a page or list of this site, or a web address"
    ]


def test_a_duty_published_on_a_page_that_does_not_exist_is_named_with_did_you_mean(tmp_path):
    duties = DUTIES.replace("/money/spending/", "/money/spendng/")
    found = refused(project_with(tmp_path, duties, duty_checks="strict"))
    assert found[0].startswith(
        f"{CHECKLIST}:9: the duty 'Each item of spending over £500' (Schedule paragraph 3(g)) is published at "
        "/money/spendng/, a page that does not exist\n    hint: did you mean /money/spending/?"
    )


@pytest.mark.parametrize("today, overdue", [("2027-02-19", False), ("2027-06-01", True)])
def test_a_link_elsewhere_is_overdue_when_checked_longer_ago_than_its_frequency_allows(
    tmp_path, monkeypatch, today, overdue
):
    monkeypatch.setenv("SITEGEN_TODAY", today)  # "keep current": checked at least every 183 days.
    project = project_with(tmp_path, duty_checks="strict")
    if not overdue:
        render_project(project, strict=True)
        return
    assert refused(project) == [
        f"{CHECKLIST}:14: the duty 'A record of each decision of significant public interest' (Schedule paragraph "
        "5(d)) is overdue: last checked 2026-11-20, 193 days before 2027-06-01, longer than 'keep current' allows "
        "(183 days)\n"
        "    hint: check that the address still has the latest, then change 'checked' to today's date"
    ]


def test_a_link_elsewhere_that_says_nowhere_when_it_was_checked_is_named(tmp_path):
    duties = DUTIES.replace("    checked: 2026-11-20\n", "")
    found = refused(project_with(tmp_path, duties, duty_checks="strict"))
    assert "links elsewhere but says nowhere when it was last checked" in found[0]


def test_the_checklist_page_shows_each_duty_with_its_reference_frequency_and_where(tmp_path):
    files = render_project(project_with(tmp_path), strict=True).files
    page = files["duties/index.html"].decode("utf-8")
    assert "<dt>Legal reference</dt>\n    <dd>Schedule paragraph 3(g)</dd>" in page
    # A page of the site prints its full address (issue 21: printed links say where they go).
    assert (
        '<a href="../money/spending/" data-print-href="https://www.lindmere-fire.gov.uk/safety/money/spending/">/money/spending/</a>'
        in page
    )
    assert '<time datetime="2026-11-20">20 November 2026</time>' in page
    assert b"reference,frequency,where,checked,checked_start" in files["data/duties.csv"].replace(b"\r\n", b"\n")


def test_west_mercia_builds_strictly_with_its_duties_in_the_checklist_even_when_duty_checks_are_strict():
    project = read_project(REPO_ROOT)
    config = yaml.safe_load(project.files["site_config.yaml"])
    config["duty_checks"] = "strict"
    files = dict(project.files)
    files["site_config.yaml"] = yaml.safe_dump(config, allow_unicode=True, sort_keys=False).encode("utf-8")
    rendered = render_project(dataclasses.replace(project, files=files), strict=True)
    checklist = rendered.content.collections["what-we-must-publish"]
    assert [e.id for e in checklist.entries] == [
        "publication-scheme",
        "key-information",
        "national-policing-priorities",
        "hmicfrs-reports",
        "hmicfrs-responses",
    ]


def test_the_editor_edits_a_duty_with_its_frequency_as_radios_and_its_check_as_a_date(tmp_path):
    project = project_with(tmp_path)
    client = Client(project.root)
    url = f"/edit/item?file={CHECKLIST}&index=1"
    page = client.get(url).text
    assert page.count('type="radio" id="f-frequency-') == 5
    # A date box as the editor's others (issue 18): text, shown as readers see the date.
    assert (
        'id="f-checked" name="checked" type="text" autocomplete="off" spellcheck="false" value="20 November 2026"'
        in page
    )
    fields = client.form(url)
    fields["checked"] = "2026-12-05"
    assert client.post(url, fields).status == 303
    assert "    checked: 2026-12-05\n" in (project.root / CHECKLIST).read_text(encoding="utf-8")
