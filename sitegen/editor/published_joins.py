"""A git merge that stopped on a clash, finished item by item where it can be.

git joins two versions of a file line by line: two people adding an item at the end of one
list, or changing neighbouring lines of two different items, stop it although nothing clashes.
Each file it stopped on is joined again as the editor joins two saves (`item_merge`): from
the version both started from (stage 1), our version (2) and theirs (3). If every such file
can be joined, the merge is concluded; if one cannot (both changed the same field of the same
item, say), nothing is concluded and the caller aborts the merge, with these clashes to tell.
Used when publishing from this computer (`publishing`) and by the office's service
(`sitegen.office.publishing`).
"""

from __future__ import annotations

from pathlib import Path

from .gitrepo import run
from .item_merge import Clash, NotMergeable, merge


def _stage(root: Path, stage: int, path: str) -> str | None:
    shown = run(root, "show", f":{stage}:{path}", check=False)
    if shown.returncode != 0:
        return None
    try:
        return shown.stdout.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return None


def finish_merge(root: Path, message: str) -> tuple[bool, list[str]]:
    """Join each file a stopped merge left unresolved; conclude the merge if all were joined.

    Returns (whether the merge is now concluded, what clashes: "Item 2 “…”, its text, in
    content/timeline.yaml")."""
    listed = run(root, "diff", "--name-only", "--diff-filter=U", "-z", check=False)
    paths = [p for p in listed.stdout.decode("utf-8", "surrogateescape").split("\0") if p]
    if not paths:
        return False, []
    top = Path(run(root, "rev-parse", "--show-toplevel").stdout.decode().strip())
    clashes: list[str] = []
    joined: dict[str, bytes] = {}
    for path in paths:
        base, ours, theirs = (_stage(root, stage, path) for stage in (1, 2, 3))
        if base is None or ours is None or theirs is None:
            clashes.append(f"{path} (changed or removed as a whole on both sides)")
            continue
        crlf = "\r\n" in theirs
        texts = [text.replace("\r\n", "\n") for text in (base, ours, theirs)]
        try:
            text = merge(path, texts[0], texts[1], texts[2])
        except Clash as clash:
            clashes += [f"{c.where}{', ' + c.field if c.field else ''}, in {path}" for c in clash.clashes]
            continue
        except NotMergeable:
            clashes.append(f"{path} (the same lines, changed on both sides)")
            continue
        joined[path] = (text.replace("\n", "\r\n") if crlf else text).encode("utf-8")
    if clashes:
        return False, clashes
    for path, data in joined.items():
        (top / path).write_bytes(data)
    run(top, "add", "--", *joined)
    done = run(top, "commit", "--quiet", "--no-verify", "-m", message, check=False)
    return done.returncode == 0, []
