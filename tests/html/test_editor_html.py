"""Every editor screen, in every state (a refused save, a preview, a refusal), is valid HTML
according to the Nu Html Checker, like the published pages."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from editor_client import Client

REPO_ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
TIMELINE = "content/timeline.yaml"


def screens(client: Client) -> dict[str, str]:
    got = {
        "index": client.get("/edit/"),
        "list": client.get(f"/edit/list?file={TIMELINE}"),
        "item": client.get(f"/edit/item?file={TIMELINE}&index=1"),
        "step": client.get("/edit/item?file=content/next-steps.yaml&index=0"),
        "term": client.get("/edit/item?file=content/glossary.yaml&index=0"),
        "new-item": client.get(f"/edit/item?file={TIMELINE}&index=new"),
        "settings": client.get(f"/edit/settings?file={TIMELINE}"),
        "page": client.get("/edit/page?file=content/plan.md"),
        "text": client.get("/edit/text?file=content/plan.md"),
        "new": client.get("/edit/new"),
        "changes": client.get("/edit/changes"),
        "not-found": client.get("/edit/page?file=content/../site_config.yaml"),
        "refused": client.get("/edit/", host="evil.example:8000"),
    }
    fields = client.form(f"/edit/item?file={TIMELINE}&index=1")
    fields["period"] = "2O19"
    got["item-error"] = client.post(f"/edit/item?file={TIMELINE}&index=1", fields)
    got["new-error"] = client.post("/edit/new", {"kind": "page", "title": "", "topic": ""})
    fields = client.form("/edit/item?file=content/next-steps.yaml&index=0")
    fields["target"] = "31 February 2027"
    got["date-error"] = client.post("/edit/item?file=content/next-steps.yaml&index=0", fields)
    version = re.search(r'name="version" value="([^"]+)"', got["list"].text).group(1)
    removed = client.post("/edit/item/remove", {"file": TIMELINE, "index": "2", "version": version})
    got["list-after-remove"] = client.get(removed.location.split("#")[0])  # its notice has Undo; its history too
    fields = client.form("/edit/page?file=content/plan.md")
    fields.update(action="preview", body=fields["body"] + "\n\n## More\n\n[Timeline](/timeline/)")
    got["page-preview"] = client.post("/edit/page", fields)
    fields = client.form("/edit/page?file=content/plan.md")
    fields.update(body=fields["body"] + "\n\n[broken](/nowhere/)")
    got["page-error"] = client.post("/edit/page", fields)
    return {name: answer.text for name, answer in got.items()}


def test_every_editor_screen_is_valid_html(make_project, tmp_path, missing_tool):
    java = shutil.which("java")
    if java is None:
        missing_tool("java is not installed (apt-get install default-jre-headless)")
    if not VNU_JAR.is_file():
        missing_tool(f"{VNU_JAR} is missing (npm ci)")
    root = make_project()
    for command in (
        ["init", "--quiet"],
        ["add", "--all"],
        ["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "--quiet", "-m", "First"],
    ):
        subprocess.run(["git", *command], cwd=root, check=True, capture_output=True)
    (root / "content/old-news.md").write_text("---\ntitle: Old news\nupdated: 2026-01-01\n---\n\nGone.\n", "utf-8")
    for command in (  # a page made, then deleted outside the editor: the index lists it, with Undo
        ["add", "content/old-news.md"],
        ["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "--quiet", "-m", "Old news"],
        ["rm", "--quiet", "content/old-news.md"],
        ["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "--quiet", "-m", "Removed old news"],
    ):
        subprocess.run(["git", *command], cwd=root, check=True, capture_output=True)
    (root / "content/files").mkdir(exist_ok=True)  # so the page form lists a document to link again
    (root / "content/files/report.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * 3000 + b"\n%%EOF\n")
    timeline = root / TIMELINE
    timeline.write_text(
        timeline.read_text(encoding="utf-8").replace('period: "2019/20"', 'period: "2020/21"', 1), encoding="utf-8"
    )
    client = Client(root)
    folder = tmp_path / "screens"
    folder.mkdir()
    pages = screens(client)
    assert re.search(r"<title>Error: ", pages["item-error"]) and re.search(r"<title>Error: ", pages["page-error"])
    assert 'class="page-preview"' in pages["page-preview"]
    assert 'id="deleted"' in pages["index"] and "content/old-news.md" in pages["index"]
    assert '<ins class="diff-line">' in pages["changes"]
    assert 'action="/edit/undo"' in pages["list-after-remove"] and 'id="history-heading"' in pages["list-after-remove"]
    assert 'id="f-existing"' in pages["page"] and 'id="f-target-error"' in pages["date-error"]
    for name, text in pages.items():
        (folder / f"{name}.html").write_text(text, encoding="utf-8")
    command = [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout", str(folder)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    messages = json.loads(result.stdout).get("messages", [])
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m.get('message')} {m.get('extract', '')!r}"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]
    assert not errors, "\n".join(errors)
