"""The preview's memory of the content files it read (`KeptFiles`), checked with a stat.

The preview rebuilds after every save, and a stat costs less than a read: a file's kept
bytes are given again while its size, times and inode are unchanged. The preview owns it
and passes it to `read_project`; a build keeps nothing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

# File times tick coarsely (every few ms on Linux, every 2 s on FAT and some network
# folders): a file read in the same tick as it was written could change again without its
# time changing. Such a read is not trusted later; the file is read again next time.
_TICK_NS = 2_000_000_000


class KeptFiles:
    """The preview's memory of the content files it read: the preview rebuilds after every
    save, and a stat costs less than a read. Owned by the preview; a build keeps nothing."""

    def __init__(self) -> None:
        # path -> (what stat said, when it was read, the bytes)
        self._kept: dict[str, tuple[tuple[int, ...], int, bytes]] = {}

    def read(self, path: str, read: Callable[[], bytes]) -> bytes:
        """The file's bytes: those kept, while stat says the file is the same; else `read()`."""
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            self._kept.pop(path, None)
            return b""
        except OSError:  # Reading says what is wrong.
            self._kept.pop(path, None)
            return read()
        signature = (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino, info.st_dev)
        kept = self._kept.get(path)
        if kept is not None and kept[0] == signature and max(info.st_mtime_ns, info.st_ctime_ns) < kept[1] - _TICK_NS:
            return kept[2]
        read_at = time.time_ns()
        data = read()
        self._kept[path] = (signature, read_at, data)
        return data

    def keep_only(self, paths: set[str]) -> None:
        """Forget the files not listed any more (deleted or renamed)."""
        for gone in [path for path in self._kept if path not in paths]:
            del self._kept[gone]
