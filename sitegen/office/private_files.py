"""Files only the service may read: the accounts file, the sessions database, the client secret.

They are created with mode 0600 and refused when anyone else could read them, so a password
hash or a session cannot leak through a careless `chmod`.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from ..errors import UsageError


def check_private(path: Path, what: str) -> None:
    """Refuse a file (or folder) that the group or other people may read or write."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    if stat.S_IMODE(info.st_mode) & 0o077:
        kind = "folder" if stat.S_ISDIR(info.st_mode) else "file"
        fix = "chmod 700" if kind == "folder" else "chmod 600"
        raise UsageError(
            f"{what} ({path}) can be read by other people on this server, so the service will not use it",
            f"make it readable by the service's own account only: {fix} {path}",
        )


def private_folder(path: Path, what: str) -> Path:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    check_private(path, what)
    return path


def write_private(path: Path, data: bytes) -> None:
    """Write the whole file at once, readable by this account only."""
    temporary = path.parent / f".{path.name}.{secrets.token_hex(6)}.saving"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)


def read_private(path: Path, what: str) -> bytes:
    check_private(path, what)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{what} ({path}) does not exist") from None
