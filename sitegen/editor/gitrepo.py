"""The project's git repository, through the `git` program: what was last published, and
publishing (a commit with the editor's message, then a push when a remote is set up).

Every failure is a `GitProblem` whose text says, in plain words, what happened and what to
do: git missing, the folder not a repository, no name to sign the change with, a push that
failed. Only content/ and site_config.yaml are ever recorded (publishing.py records them).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .author import git_identity

RECORDED = ("content", "site_config.yaml")
TIMEOUT = 120


class GitProblem(Exception):
    pass


@dataclass(frozen=True)
class Repository:
    root: Path  # the project folder
    prefix: str  # where it is inside the repository: "" or "site/"


def run(
    root: Path, *args: str, check: bool = True, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    git = shutil.which("git")
    if git is None:
        raise GitProblem(
            "Publishing needs the program git, which is not installed on this computer. Ask a "
            "maintainer to install it. Until then your changes are saved in the content folder "
            "and the preview shows them."
        )
    env = {
        **os.environ,
        "GIT_TERMINAL_PROMPT": "0",
        "LC_ALL": "C",
        "GIT_ASKPASS": "",
        "SSH_ASKPASS": "",
        **git_identity(),  # the person signed in to the office service, if any
        **(env or {}),
    }
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    try:
        result = subprocess.run(
            [git, "-C", str(root), *args],
            capture_output=True,
            env=env,
            timeout=TIMEOUT,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise GitProblem(
            f"git took more than {TIMEOUT} seconds to answer ('git {args[0]}'), so the editor "
            "stopped it. Check the network connection and try again."
        ) from None
    if check and result.returncode != 0:
        raise GitProblem(f"git could not do '{args[0]}': {said(result)}")
    return result


def said(result: subprocess.CompletedProcess[bytes]) -> str:
    text = (result.stderr or result.stdout).decode("utf-8", "replace").strip()
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("hint:")]
    return " ".join(lines[-4:]) or f"it stopped with status {result.returncode}"


def repository(root: Path) -> Repository:
    result = run(root, "rev-parse", "--show-prefix", check=False)
    if result.returncode != 0:
        raise GitProblem(
            f"The project folder ({root}) is not a git repository, so the editor cannot tell what "
            "changed since the last publish, or publish. Ask a maintainer to set it up (a clone "
            "of the site's repository). Your changes are saved in the content folder."
        )
    return Repository(root, result.stdout.decode().strip())


# Where the last publish is when no remote branch is tracked: the editor records every save as
# a commit (see history.py), so HEAD is not what was last published.
PUBLISHED_REF = "refs/sitegen/published"


def published_base(repo: Repository) -> str | None:
    """The commit last published: the tracked remote branch, else the editor's mark, else HEAD
    (None in a repository without commits)."""
    for candidate in ("@{u}", PUBLISHED_REF, "HEAD"):
        result = run(repo.root, "rev-parse", "--verify", "--quiet", candidate + "^{commit}", check=False)
        if result.returncode == 0:
            return result.stdout.decode().strip()
    return None


def keep_published_base(repo: Repository) -> None:
    """Before the editor's first commit in a project without a tracked remote: mark HEAD as
    what was published, so the Changes page still compares with it."""
    if published_base(repo) is None:
        return
    has_mark = run(repo.root, "rev-parse", "--verify", "--quiet", "@{u}", check=False).returncode == 0
    has_mark = (
        has_mark or run(repo.root, "rev-parse", "--verify", "--quiet", PUBLISHED_REF, check=False).returncode == 0
    )
    if not has_mark:
        run(repo.root, "update-ref", PUBLISHED_REF, "HEAD")


def unpublished_commits(repo: Repository) -> list[str]:
    """The commits made since the last publish (the editor's saves, mostly), newest first."""
    base = published_base(repo)
    if base is None:
        return []
    result = run(repo.root, "rev-list", f"{base}..HEAD", check=False)
    return result.stdout.decode().split() if result.returncode == 0 else []


def changed_files(repo: Repository) -> list[tuple[str, str]]:
    """(status, name) of each changed file under content/ and site_config.yaml, since the last publish."""
    base = published_base(repo)
    found = []
    if base is None:
        result = run(
            repo.root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--", *RECORDED
        )
        entries = [(entry[:2], entry[3:]) for entry in result.stdout.decode("utf-8", "surrogateescape").split("\0")]
    else:
        diff = run(repo.root, "diff", "--name-status", "--no-renames", "-z", base, "--", *RECORDED)
        words = diff.stdout.decode("utf-8", "surrogateescape").split("\0")
        entries = list(zip(words[0::2], words[1::2], strict=False))  # named from the repository's top
        others = run(repo.root, "ls-files", "--others", "--exclude-standard", "-z", "--", *RECORDED)
        entries += [("?", name) for name in others.stdout.decode("utf-8", "surrogateescape").split("\0") if name]
    for code, name in entries:
        if not code or not name or len(code) > 2:
            continue
        name = name[len(repo.prefix) :] if name.startswith(repo.prefix) else name
        status = "added" if "?" in code or "A" in code else "removed" if "D" in code else "changed"
        found.append((status, name))
    return sorted(set(found), key=lambda pair: pair[1])


def published(repo: Repository, name: str) -> bytes | None:
    """The file as it was last published (None: it was not)."""
    base = published_base(repo) or "HEAD"
    result = run(repo.root, "show", f"{base}:{repo.prefix}{name}", check=False)
    return result.stdout if result.returncode == 0 else None


def remote_of(repo: Repository) -> tuple[str, bool] | None:
    """The remote to push to, and whether the branch already tracks it; None when there is none."""
    upstream = run(repo.root, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}", check=False)
    if upstream.returncode == 0:
        return upstream.stdout.decode().strip().split("/", 1)[0], True
    remotes = run(repo.root, "remote").stdout.decode().split()
    if not remotes:
        return None
    return ("origin" if "origin" in remotes else remotes[0]), False


def unsent(repo: Repository) -> int:
    """How many recorded changes the remote does not have yet."""
    result = run(repo.root, "rev-list", "--count", "@{u}..HEAD", check=False)
    return int(result.stdout.decode().strip() or 0) if result.returncode == 0 else 0
