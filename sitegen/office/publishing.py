"""The office's git work: a commit for every save, what is waiting to be published, and publishing.

Every save becomes a commit of its own, authored by the person who made it (the office runs
git as them: see `sitegen.editor.author`). What is waiting is every commit the site's
repository does not have yet. Publishing happens in a separate, temporary checkout of
exactly what was reviewed: changes published meanwhile by others (another office server,
GitHub's website) are merged into it with git's own merge, the result is built strictly as
the host would, and only then sent. A failure changes nothing on the live branch and says
what to do.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..editor import changes, gitrepo
from ..editor.gitrepo import RECORDED, GitProblem, run
from ..editor.published_joins import finish_merge
from ..errors import ContentError, Problem, SiteError
from ..pipeline import render_project
from ..read.project_files import read_project

MAX_SHOWN = 200


@dataclass(frozen=True)
class Commit:
    sha: str
    author: str
    email: str
    when: str  # 2026-12-06 15:04
    subject: str


class Blocked(Exception):
    """A strict build of what would be published fails: these problems first."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


FETCH_TRIES = 5


def remote_ref(remote: str, branch: str) -> str:
    return f"refs/remotes/{remote}/{branch}"


def fetch(root: Path, remote: str, branch: str) -> str:
    """Bring the live branch's latest state; a plain sentence if that failed, else ""."""
    for attempt in range(FETCH_TRIES):
        result = run(
            root, "fetch", "--quiet", remote, f"+refs/heads/{branch}:{remote_ref(remote, branch)}", check=False
        )
        # Two fetches at once (a screen's and a publish's): one finds the other's lock, and tries again.
        if result.returncode == 0 or b"cannot lock ref" not in result.stderr or attempt == FETCH_TRIES - 1:
            break
        time.sleep(0.05 * (attempt + 1))
    if result.returncode != 0:
        return (
            f"The service could not fetch the latest published version from '{remote}' ({gitrepo.said(result)}). "
            "What is listed may be out of date; publishing will try again."
        )
    return ""


def _exists(root: Path, ref: str) -> bool:
    return run(root, "rev-parse", "--verify", "--quiet", ref + "^{commit}", check=False).returncode == 0


def head(root: Path) -> str:
    return run(root, "rev-parse", "HEAD").stdout.decode().strip()


def waiting(root: Path, remote: str, branch: str, upto: str = "HEAD") -> list[Commit]:
    """The commits up to `upto` that the live branch does not have, newest first."""
    ref = remote_ref(remote, branch)
    span = [f"{ref}..{upto}"] if _exists(root, ref) else [upto]
    result = run(
        root,
        "log",
        f"--max-count={MAX_SHOWN}",
        "--no-merges",
        "--format=%H%x00%an%x00%ae%x00%ad%x00%s",
        "--date=format:%Y-%m-%d %H:%M",
        *span,
    )
    found = []
    for line in result.stdout.decode("utf-8", "replace").splitlines():
        parts = line.split("\0")
        if len(parts) == 5:
            found.append(Commit(*parts))
    return found


def is_waiting(root: Path, remote: str, branch: str, sha: str) -> bool:
    """Whether `sha` is a commit of the office's copy that the live branch does not have yet."""
    if not sha or not all(c in "0123456789abcdef" for c in sha) or not _exists(root, sha):
        return False
    if run(root, "merge-base", "--is-ancestor", sha, "HEAD", check=False).returncode != 0:
        return False
    ref = remote_ref(remote, branch)
    return not _exists(root, ref) or run(root, "merge-base", "--is-ancestor", sha, ref, check=False).returncode != 0


def changed_files(root: Path, remote: str, branch: str, upto: str) -> list[changes.FileChange]:
    """What publishing `upto` would change, in plain words (as the editor's Changes page says it)."""
    ref = remote_ref(remote, branch)
    base = run(root, "merge-base", ref, upto, check=False).stdout.decode().strip() if _exists(root, ref) else ""
    prefix = gitrepo.repository(root).prefix
    if base:
        listing = run(root, "diff", "--name-status", "--no-renames", "-z", base, upto, "--", *RECORDED)
        words = listing.stdout.decode("utf-8", "surrogateescape").split("\0")
        pairs = list(zip(words[0::2], words[1::2], strict=False))
    else:
        listing = run(root, "ls-tree", "-r", "--name-only", "-z", upto, "--", *RECORDED)
        pairs = [("A", name) for name in listing.stdout.decode("utf-8", "surrogateescape").split("\0") if name]
    found = []
    for code, name in pairs:
        local = name[len(prefix) :] if prefix and name.startswith(prefix) else name
        status = {"A": "added", "D": "removed"}.get(code[:1], "changed")
        old = _show(root, base, name) if base and status != "added" else None
        new = _show(root, upto, name) if status != "removed" else None
        found.append(changes.describe(local, status, old, new))
    return found


def _show(root: Path, commit: str, name: str) -> bytes | None:
    result = run(root, "show", f"{commit}:{name}", check=False)
    return result.stdout if result.returncode == 0 else None


def recorded_since(root: Path, before: str) -> list[str]:
    """The messages of the commits made since `before`, oldest first: the editor's own record of a
    save (`sitegen.editor.history`), made as whoever is signed in."""
    if not before:
        return []
    result = run(root, "log", "--reverse", "--format=%s", f"{before}..HEAD", check=False)
    return result.stdout.decode("utf-8", "replace").splitlines() if result.returncode == 0 else []


def commit_saved(root: Path) -> str:
    """Record whatever the editor wrote and did not commit itself as one commit (authored by
    whoever is signed in). The editor records each save as a commit of its own
    (`sitegen.editor.history`), so this is what is left over, when its record failed.

    Its message says what changed in the Changes page's words, like 'Changed page “Plan”
    (/plan/)'; "" when nothing changed."""
    run(root, "add", "--all", "--", *RECORDED)
    listing = run(root, "diff", "--cached", "--name-status", "--no-renames", "-z", "--", *RECORDED)
    words = listing.stdout.decode("utf-8", "surrogateescape").split("\0")
    pairs = list(zip(words[0::2], words[1::2], strict=False))
    if not pairs:
        return ""
    prefix = gitrepo.repository(root).prefix
    said = []
    for code, name in pairs[:3]:
        status = {"A": "added", "D": "removed"}.get(code[:1], "changed")
        local = name[len(prefix) :] if prefix and name.startswith(prefix) else name
        old = _show(root, "HEAD", name) if status != "added" else None
        new = _show(root, "", name) if status != "removed" else None  # ":name" is the staged file
        what = changes.describe(local, status, old, new).what
        said.append(f"{status.capitalize()} {what[:1].lower()}{what[1:]}")
    message = "; ".join(said) + (f"; and {len(pairs) - 3} more files" if len(pairs) > 3 else "")
    result = run(root, "commit", "--quiet", "--no-verify", "-m", message, "--", *RECORDED, check=False)
    if result.returncode != 0:
        raise GitProblem(f"Your change is saved, but git could not record it: {gitrepo.said(result)}")
    return message


def take_in(root: Path, remote: str, branch: str, fetched: bool = False) -> tuple[bool, str]:
    """Merge what was published elsewhere into the office's copy, so that people edit the latest
    version: (whether anything changed, a sentence if it could not be done). `fetched`: it was
    fetched just now."""
    problem = "" if fetched else fetch(root, remote, branch)
    ref = remote_ref(remote, branch)
    if problem or not _exists(root, ref):
        return False, problem
    if run(root, "merge-base", "--is-ancestor", ref, "HEAD", check=False).returncode == 0:
        return False, ""  # nothing new
    words = "Took in what was published elsewhere"
    merged = run(root, "merge", "--no-edit", "--no-verify", "-m", words, ref, check=False)
    if merged.returncode != 0 and not finish_merge(root, words)[0]:
        run(root, "merge", "--abort", check=False)
        return False, (
            "What was published elsewhere changes the same items or lines as changes saved here and waiting "
            "for review; they will need joining by hand before publishing (see docs/office.md, 'When publishing "
            "stops')."
        )
    return True, ""


PUSH_TRIES = 3  # the live branch may move again between fetching and sending: fetch, merge and build again


class _MovedAgain(Exception):
    pass


def _publish_once(root: Path, remote: str, branch: str, sha: str, message: str, last: bool) -> tuple[str, bool]:
    """One try: a temporary checkout of `sha`, merged with the live branch, built strictly, sent."""
    ref = remote_ref(remote, branch)
    prefix = gitrepo.repository(root).prefix
    folder = Path(tempfile.mkdtemp(prefix="sitegen-publish-"))
    tree = folder / "tree"
    run(root, "worktree", "add", "--quiet", "--detach", str(tree), sha)
    try:
        moved = _exists(root, ref) and run(root, "merge-base", "--is-ancestor", ref, sha, check=False).returncode != 0
        if moved:
            words = f"Merged what was published meanwhile, for: {message}"
            merged = run(tree, "merge", "--no-edit", "--no-verify", "-m", words, ref, check=False)
            joined, clashes = finish_merge(tree, words) if merged.returncode != 0 else (True, [])
            if not joined:
                run(tree, "merge", "--abort", check=False)
                raise GitProblem(
                    "Nothing was published: someone changed the same "
                    + (
                        f"thing on the live site meanwhile ({'; '.join(clashes[:5])})"
                        if clashes
                        else "lines on the live site meanwhile"
                    )
                    + ", and the two versions cannot be joined by themselves. The changes here are kept. Open "
                    "the item or page, make it say what it should, save, and publish again; or ask the person who "
                    "looks after the editor to join them."
                )
        problems = _strict_problems(tree / prefix if prefix else tree)
        if problems:
            raise Blocked(problems)
        push = run(tree, "push", "--quiet", remote, f"HEAD:refs/heads/{branch}", check=False)
        # Moved meanwhile: told as "fetch first" or "non-fast-forward", or, when another push lands at
        # the same moment, "cannot lock ref".
        rejected = any(words in gitrepo.said(push) for words in ("fetch first", "non-fast-forward", "cannot lock ref"))
        if push.returncode != 0 and rejected and not last:
            raise _MovedAgain
        if push.returncode != 0:
            raise GitProblem(
                f"Nothing was published: sending to '{remote}' failed ({gitrepo.said(push)}). Your changes are "
                "kept here. Press Publish again; if it keeps failing, tell the person who looks after the editor."
            )
        return head(tree), moved
    finally:
        run(root, "worktree", "remove", "--force", str(tree), check=False)
        shutil.rmtree(folder, ignore_errors=True)
        run(root, "worktree", "prune", check=False)


def publish(root: Path, remote: str, branch: str, sha: str, message: str) -> str:
    """Send `sha` (merged with anything published meanwhile) to the live branch; what happened."""
    moved = False
    for attempt in range(PUSH_TRIES):
        problem = fetch(root, remote, branch)
        if problem:
            raise GitProblem(
                problem.replace(
                    "What is listed may be out of date; publishing will try again.",
                    "Nothing was published: try again in a minute.",
                )
            )
        try:
            sent, merged = _publish_once(root, remote, branch, sha, message, last=attempt == PUSH_TRIES - 1)
        except _MovedAgain:
            continue
        moved = moved or merged
        break
    fetch(root, remote, branch)
    joined = run(root, "merge", "--no-edit", "--no-verify", "-m", "Took in what was published", sent, check=False)
    if joined.returncode != 0 and not finish_merge(root, "Took in what was published")[0]:
        run(root, "merge", "--abort", check=False)
        return (
            "Published. Changes saved here after the review clash with what was published meanwhile, so they "
            "stay waiting: ask the person who looks after the editor to join them."
        )
    return f"Published: the changes are on '{branch}' at '{remote}'" + (
        ", merged with what others published meanwhile." if moved else "."
    )


def _strict_problems(root: Path) -> list[Problem]:
    """What a strict build of this checkout (exactly what would be published) refuses."""
    try:
        render_project(read_project(root), strict=True)
    except ContentError as error:
        return list(error.problems)
    except SiteError as error:
        return [Problem("site", str(error))]
    return []
