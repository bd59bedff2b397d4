"""Publish exactly what was checked: the commit's own files are built, strictly, then recorded.

The content is staged in an index of its own (the last commit, with content/ and
site_config.yaml as they are now, as `git add` takes them), and the files are read back
from git, as the commit will hold them, not from the folder. The site is built from
those files with --strict; only if nothing is refused is that very tree committed (the
branch moved only if nobody else moved it meanwhile) and sent. A file that git would
leave out (a .gitignore hiding it) would be missing from the published site: it is
named, and nothing is published.
"""

from __future__ import annotations

import io
import tarfile
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

from ..errors import ContentError, Problem, SiteError
from ..pipeline import render_project
from ..read.project_files import read_project
from .gitrepo import PUBLISHED_REF, RECORDED, GitProblem, Repository, remote_of, run, said, unpublished_commits, unsent
from .published_joins import finish_merge

Check = Callable[[Mapping[str, bytes]], list[Problem]]


class Blocked(Exception):
    """The strict build of what would be published refuses it: nothing was recorded."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems)
        self.problems = problems


def is_recorded(name: str) -> bool:
    return name == "site_config.yaml" or name.startswith("content/")


def strict_problems(root: Path, recorded: Mapping[str, bytes]) -> list[Problem]:
    """What a strict build of the project, with its recorded files as git holds them, refuses."""
    project = read_project(root)
    left_out = sorted(name for name in project.files if is_recorded(name) and name not in recorded)
    problems = [
        Problem(
            name,
            "git leaves this file out (a .gitignore file names it), so the published site would not have it",
            hint="ask a maintainer to change .gitignore so that git records it, or remove the file",
        )
        for name in left_out
    ]
    files = {name: data for name, data in project.files.items() if not is_recorded(name)} | dict(recorded)
    try:
        render_project(replace(project, files=files), strict=True)
    except ContentError as error:
        problems += list(error.problems)
    except SiteError as error:
        problems.append(Problem("site", str(error)))
    return problems


def publish(repo: Repository, message: str, check: Check | None = None) -> str:
    """Check, record and send the content; what happened, in a sentence (or `Blocked`, `GitProblem`)."""
    check = check or (lambda files: strict_problems(repo.root, files))
    parent = run(repo.root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False).stdout.decode().strip()
    with tempfile.TemporaryDirectory(prefix="sitegen-publish-") as folder:
        index = {"GIT_INDEX_FILE": str(Path(folder) / "index")}
        if parent:
            run(repo.root, "read-tree", parent, env=index)
        run(repo.root, "add", "--all", "--", *RECORDED, env=index)
        tree = run(repo.root, "write-tree", env=index).stdout.decode().strip()
    problems = check(_files_of(repo, tree))
    if problems:
        raise Blocked(problems)
    # The editor's saves are commits already: the publish's own commit carries its description,
    # with whatever was not recorded yet (history.py).
    recorded = not parent or tree != _tree_of(repo, parent) or bool(unpublished_commits(repo))
    if recorded:
        _commit(repo, tree, parent, message)
    return _send(repo, recorded, check)


def _tree_of(repo: Repository, commit: str) -> str:
    return run(repo.root, "rev-parse", f"{commit}^{{tree}}").stdout.decode().strip()


def _files_of(repo: Repository, tree: str) -> dict[str, bytes]:
    """content/ and site_config.yaml as the tree holds them (names from the project folder)."""
    paths = [repo.prefix + name for name in RECORDED]
    listed = run(repo.root, "ls-tree", "--name-only", "--full-tree", tree, "--", *paths).stdout.decode().split()
    if not listed:
        return {}
    # Run in the project folder, git archive takes names, and names its files, from there.
    archive = run(repo.root, "archive", "--format=tar", tree, "--", *(n[len(repo.prefix) :] for n in listed)).stdout
    files = {}
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar:
            handle = tar.extractfile(member) if member.isfile() else None
            if handle is not None:
                files[member.name] = handle.read()
    return files


def _commit(repo: Repository, tree: str, parent: str, message: str) -> None:
    result = run(repo.root, "commit-tree", tree, *(("-p", parent) if parent else ()), "-m", message, check=False)
    if result.returncode != 0:
        text = said(result)
        if "tell me who you are" in text.lower() or "user.email" in text or "user.name" in text:
            raise GitProblem(
                "git does not know whose change this is, so nothing was published. Ask a "
                "maintainer to set your name and email for git (git config user.name and "
                "user.email)."
            )
        raise GitProblem(f"git could not record the change, so nothing was published: {text}")
    commit = result.stdout.decode().strip()
    # The branch moves only from the commit that was checked against: someone else's commit
    # in between is never dropped.
    moved = run(repo.root, "update-ref", "-m", f"commit: {message}", "HEAD", commit, parent or "0" * 40, check=False)
    if moved.returncode != 0:
        raise GitProblem(
            "Someone else recorded a change while this one was being checked, so nothing was "
            "published. Press Publish again: your change is still saved."
        )
    run(repo.root, "reset", "--quiet", "--", *RECORDED)  # The index agrees with what was recorded.


def _send(repo: Repository, recorded: bool, check: Check) -> str:
    remote = remote_of(repo)
    if remote is None:
        if not recorded:
            raise GitProblem("There is nothing new to publish.")
        run(repo.root, "update-ref", PUBLISHED_REF, "HEAD")
        return (
            "Your change is recorded in git on this computer. No remote repository is set up, so it was "
            "not sent anywhere: ask a maintainer to add one for publishing."
        )
    name, tracking = remote
    if not recorded and tracking and unsent(repo) == 0:
        raise GitProblem("There is nothing new to publish.")
    push = run(repo.root, "push", "--quiet", *(() if tracking else ("--set-upstream", name, "HEAD")), check=False)
    moved = tracking and push.returncode != 0 and any(w in said(push) for w in ("fetch first", "non-fast-forward"))
    if moved:  # published elsewhere meanwhile: joined item by item, checked, sent again
        _join_published(repo, check)
        push = run(repo.root, "push", "--quiet", check=False)
    if push.returncode != 0:
        raise GitProblem(
            f"Your change is recorded on this computer, but sending it to '{name}' failed: "
            f"{said(push)}. Check the network connection and press Publish again; if it keeps "
            "failing, ask a maintainer."
        )
    run(repo.root, "update-ref", PUBLISHED_REF, "HEAD")
    return f"Published: your change is recorded and sent to '{name}'" + (
        ", joined with what was published elsewhere meanwhile." if moved else "."
    )


def _join_published(repo: Repository, check: Check) -> None:
    """Merge what the site's repository has that this computer does not, item by item where git's
    line merge stops (`published_joins`), and check the joined site strictly; undone, with
    `GitProblem` or `Blocked` saying why, when it cannot be done or is refused."""
    if run(repo.root, "fetch", "--quiet", check=False).returncode != 0:
        return  # the push below fails again and says so
    before = run(repo.root, "rev-parse", "HEAD").stdout.decode().strip()
    words = "Took in what was published elsewhere"
    merged = run(repo.root, "merge", "--no-edit", "--no-verify", "-m", words, "@{u}", check=False)
    if merged.returncode != 0:
        joined, clashes = finish_merge(repo.root, words)
        if not joined:
            run(repo.root, "merge", "--abort", check=False)
            raise GitProblem(
                "Your change is recorded on this computer, but nothing was sent: someone changed the same "
                + (
                    f"thing in the site's repository meanwhile ({'; '.join(clashes[:5])})"
                    if clashes
                    else "lines in the site's repository meanwhile"
                )
                + ". Open it here, make it say what it should, and publish again; or ask a maintainer to join them."
            )
    problems = check(_files_of(repo, _tree_of(repo, "HEAD")))
    if problems:
        run(repo.root, "reset", "--quiet", "--keep", before, check=False)
        raise Blocked(problems)
