"""Write the rendered site to disk, all or nothing.

A build writes into a staging folder next to the output and swaps it in only
when every file is written and the content had no errors. A failed build leaves
the last good site byte-for-byte untouched. The preview instead updates the
live folder in place, file by file (each with an atomic rename), writing only
the files that changed, because it has already rendered everything in memory.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

from ..errors import OutputFolderError
from ..read.project_layout import CONTENT_DIR, STATIC_DIR, TEMPLATES_DIR


def check_output_folder(output: Path, project_root: Path) -> Path:
    """Refuse an output folder whose replacement would destroy something that must be kept.

    A link is followed (a deployment may link _site to the web server's folder), and every
    check below applies to the folder it leads to.
    """
    given = output.expanduser()
    try:
        output = given.resolve(strict=False)
    except (OSError, RuntimeError):  # A link loop (RuntimeError before Python 3.13).
        raise OutputFolderError(
            f"the output folder '{given}' is a link that leads round in a circle",
            "delete the link, or choose a folder of its own, like _site",
        ) from None
    if given.is_symlink() and not output.exists():
        raise OutputFolderError(
            f"the output folder '{given}' is a link to '{output}', which does not exist",
            "make that folder first, or choose a folder of its own, like _site",
        )
    root = project_root.resolve()
    forbidden = {
        Path("/"): "the root of the disk",
        Path.home().resolve(): "your home folder",
        root: "the project folder",
    }
    if output in forbidden:
        raise OutputFolderError(
            f"the output folder '{output}' is {forbidden[output]}: building there would delete it",
            "set output_dir in site_config.yaml to a folder of its own, like _site",
        )
    if output in root.parents:
        raise OutputFolderError(
            f"the output folder '{output}' contains the project",
            "choose a folder of its own inside the project, like _site",
        )
    for name in (CONTENT_DIR, TEMPLATES_DIR, STATIC_DIR, ".git"):
        source = root / name
        if output == source or source in output.parents:
            raise OutputFolderError(
                f"the output folder '{output}' is inside {name}/: the build would overwrite your sources",
                "choose a folder of its own, like _site",
            )
    try:
        # Something in the way that is not a folder: the build would move it aside, or fail.
        if output.exists() and not output.is_dir():
            raise OutputFolderError(
                f"the output folder '{output}' is a file, not a folder: the build would have to replace it",
                "choose a new or empty folder, like _site",
            )
        for place in output.parents:
            if place.exists() and not place.is_dir():
                raise OutputFolderError(
                    f"the output folder '{output}' cannot be made: '{place}' is a file, not a folder",
                    "choose a folder of its own, like _site",
                )
        if output.is_dir() and any(output.iterdir()) and not (output / MARKER).is_file():
            raise OutputFolderError(
                f"the output folder '{output}' already holds files that this tool did not build: "
                "building there would delete them",
                "choose a new or empty folder, like _site",
            )
    except OSError as error:  # A folder on the way that may not be looked into, say.
        raise _cannot_write(output, error) from None
    return output


def _cannot_write(output: Path, error: OSError) -> OutputFolderError:
    where = error.filename or output
    return OutputFolderError(
        f"the site cannot be written to '{output}': '{where}' gave the error \"{error.strerror or error}\"",
        "check that the disk is not full and that you may write to that folder, or choose another, like _site",
    )


# Written into every built site, so a later build knows the folder is safe to replace.
MARKER = ".sitegen-site"
MARKER_TEXT = b"Built by sitegen. This folder is replaced by every build: keep nothing else here.\n"


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


class StagedSite:
    """A new site written beside the old one, swapped in by `commit`, or thrown away."""

    def __init__(self, output: Path):
        self.output = output
        self.staging = output.parent / f".site-staging-{os.getpid()}"
        self.written = 0  # files written by this process
        shutil.rmtree(self.staging, ignore_errors=True)
        try:
            self.staging.mkdir(parents=True)
        except OSError as error:
            raise _cannot_write(output, error) from None
        self._made_dirs: set[Path] = {self.staging}

    def write(self, relative: str, data: bytes) -> None:
        try:
            self._write(relative, data)
        except OSError as error:  # A full disk, say: told, not a traceback (and the old site is kept).
            raise _cannot_write(self.output, error) from error

    def _write(self, relative: str, data: bytes) -> None:
        target = self.staging / relative
        if target.parent not in self._made_dirs:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made_dirs.add(target.parent)
        # os.open and os.write: a big site writes thousands of small files, and a Python file
        # object around each costs as much as the write itself.
        handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view) :]
        finally:
            os.close(handle)
        self.written += 1

    def commit(self) -> None:
        previous = self.output.parent / f".site-previous-{os.getpid()}"
        if self.output.exists():
            os.replace(self.output, previous)
        os.replace(self.staging, self.output)
        shutil.rmtree(previous, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def __enter__(self) -> StagedSite:
        return self

    def __exit__(
        self, error_type: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        """Swap the new site in if the block finished; throw it away if anything went wrong."""
        if error_type is not None:
            self.discard()
            return
        try:
            self.write(MARKER, MARKER_TEXT)
            self.commit()
        except BaseException as failure:
            self.discard()
            if isinstance(failure, OSError):
                raise _cannot_write(self.output, failure) from failure
            raise


def update_site(
    files: Mapping[str, bytes],
    output: Path,
    previous: Mapping[str, bytes],
    previous_files: Mapping[str, bytes] | None = None,
) -> tuple[dict[str, bytes], int]:
    """Bring `output` in line with `files`, writing only what changed since `previous`.

    previous_files: the files of the last update; a file that is the very same bytes object
    (a page the preview reused) is not digested again.
    Returns the new digests and how many files were written.
    """
    digests = {}
    written = 0
    files = {**files, MARKER: MARKER_TEXT}
    for relative, data in files.items():
        if previous_files is not None and previous_files.get(relative) is data and relative in previous:
            new = previous[relative]
        else:
            new = digest(data)
        digests[relative] = new
        target = output / relative
        if previous.get(relative) == new and target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, target)
        written += 1
    for relative in set(previous) - set(files):
        (output / relative).unlink(missing_ok=True)
    return digests, written
