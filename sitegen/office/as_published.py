"""The site as it would be published: what a reviewer looks at before approving.

The preview shows every saved change, drafts included. This shows exactly the commit that
would be published (what was sent for review, or everything saved where review is not
required), built without drafts as the host would build it, from a temporary checkout, and
served under /office/as-published/. Its links are relative, so the whole site works there.
Only the last version built is kept in memory.
"""

from __future__ import annotations

import mimetypes
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..editor import gitrepo
from ..editor.gitrepo import GitProblem, run
from ..errors import ContentError, SiteError
from ..pipeline import render_project
from ..read.project_files import read_project
from . import publishing, screens
from .service import Reply, Service

if TYPE_CHECKING:
    from .store import Session

PREFIX = "/office/as-published/"


def build(built: dict[str, dict[str, bytes]], root: Path, sha: str, base_url: str) -> dict[str, bytes]:
    """The site at commit `sha`, without drafts, in memory (or `SiteError`); `built` keeps the last one."""
    if sha in built:
        return built[sha]
    prefix = gitrepo.repository(root).prefix
    folder = Path(tempfile.mkdtemp(prefix="sitegen-as-published-"))
    tree = folder / "tree"
    run(root, "worktree", "add", "--quiet", "--detach", str(tree), sha)
    try:
        files = dict(render_project(read_project(tree / prefix if prefix else tree), False, base_url).files)
    finally:
        run(root, "worktree", "remove", "--force", str(tree), check=False)
        shutil.rmtree(folder, ignore_errors=True)
        run(root, "worktree", "prune", check=False)
    built.clear()
    built[sha] = files
    return files


def serve(office: Service, session: Session, path: str) -> Reply:
    remote, branch = office.config.settings.git.remote, office.config.settings.git.branch
    review = office.store.waiting_review()
    sha = review.sha if review is not None else publishing.head(office.root)
    try:
        files = build(office.built, office.root, sha, office.config.public_origin + PREFIX)
    except ContentError as error:
        return screens.message(
            409,
            "The site cannot be built as it would be published",
            f"{len(error.problems)} problem(s) stop it: see Review and publish.",
            link=("/office/changes", "Review and publish"),
        )
    except (SiteError, GitProblem) as error:
        return screens.message(409, "The site cannot be built as it would be published", str(error))
    name = path.removeprefix(PREFIX)
    if name and not name.endswith("/") and name not in files and name + "/index.html" in files:
        return 301, [("Location", PREFIX + name + "/")], b""
    name = name + "index.html" if name.endswith("/") or name == "" else name
    body = files.get(name)
    if body is None:
        return screens.message(
            404, "Not found", "The site as it would be published has no page here.", link=(PREFIX, "Its home page")
        )
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if name.endswith(".html"):
        waiting = len(publishing.waiting(office.root, remote, branch, sha))
        banner = Markup(
            '<div class="preview-edit" role="note"><div class="wrapper"><p><strong>The site as it would be published</strong>: '
            "{count} saved change(s) {which}, without drafts. "
            '<a href="/office/changes">Back to Review and publish</a></p></div></div>'
        ).format(count=waiting, which="sent for review" if review is not None else "waiting")
        body = screens.in_office(body.replace(b"<main", str(banner).encode() + b"<main", 1), office, session)
        kind = "text/html; charset=utf-8"
    return 200, [("Content-Type", kind)], body
