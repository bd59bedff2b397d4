"""Where each content file is published: addresses come from file names, as in Hugo.

`content/plan.md` -> `plan/`, `content/index.md` -> the home page, `content/vawg/index.md`
-> the topic `vawg/`, `content/vawg/timeline.yaml` -> `vawg/timeline/`, and a document
such as `content/files/report.pdf` is published as it is, at `files/report.pdf`. Pure
functions of file names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType

from ..errors import Problem
from .ids import slugify

CONTENT_PREFIX = "content/"
# Addresses the generator itself uses at the top of the site.
RESERVED = frozenset({"data", "search", "static", "edit", "404"})
# Documents and pictures published as they are. SVG is left out on purpose: it can carry
# scripts, which would run on the site's own address if a reader opened the file.
ATTACHMENT_TYPES = MappingProxyType(
    {
        "pdf": "PDF",
        "csv": "CSV",
        "xlsx": "Excel spreadsheet",
        "xls": "Excel spreadsheet",
        "ods": "OpenDocument spreadsheet",
        "docx": "Word document",
        "doc": "Word document",
        "odt": "OpenDocument text",
        "pptx": "PowerPoint presentation",
        "odp": "OpenDocument presentation",
        "png": "PNG image",
        "jpg": "JPEG image",
        "jpeg": "JPEG image",
        "gif": "GIF image",
        "webp": "WebP image",
    }
)
_SEGMENT = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_FOLDERS = re.compile(rf"(?:{_SEGMENT}/)*")
_ATTACHMENT_NAME = re.compile(r"[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*")


@dataclass(frozen=True)
class ContentFile:
    """One file under content/ and what the site makes of it."""

    name: str  # "content/vawg/timeline.yaml"
    role: str  # "page", "data" (a list or glossary), "attachment" or "unused"
    path: str  # the address: "vawg/timeline/" (pages and lists), "files/report.pdf" (attachments)

    @property
    def folder(self) -> str:
        """The folder's address: "vawg/" for content/vawg/timeline.yaml, "" at the top."""
        return (
            self.name[len(CONTENT_PREFIX) :].rpartition("/")[0] + "/" if "/" in self.name[len(CONTENT_PREFIX) :] else ""
        )


def is_hidden(name: str) -> bool:
    return any(part.startswith(".") for part in name.split("/"))


def classify(name: str) -> ContentFile | Problem | None:
    """What a file under content/ is, or the problem with its name; None for hidden files."""
    relative = name[len(CONTENT_PREFIX) :]
    if is_hidden(relative):
        return None
    folder, _, base = relative.rpartition("/")
    folder = folder + "/" if folder else ""
    stem, dot, extension = base.rpartition(".")
    extension = extension.lower() if dot else ""
    if extension in ("md", "yaml", "yml"):
        role = "page" if extension == "md" else "data"
        if not _FOLDERS.fullmatch(folder) or not re.fullmatch(_SEGMENT, stem):
            suggestion = "/".join(slugify(part) for part in folder.split("/") if part)
            suggestion = (suggestion + "/" if suggestion else "") + slugify(stem)
            return Problem(
                name,
                "the file name can only use lower-case letters, digits and hyphens",
                hint=f"rename it to content/{suggestion}.{extension}: the name becomes the page's address",
            )
        path = folder if role == "page" and stem == "index" else f"{folder}{stem}/"
        top = path.split("/", 1)[0]
        if top in RESERVED:
            return Problem(
                name,
                f"the address /{path} is already used by the site",
                hint=f"rename the file or its folder; these names are taken: {', '.join(sorted(RESERVED))}",
            )
        return ContentFile(name, role, path)
    if extension in ATTACHMENT_TYPES:
        if not _FOLDERS.fullmatch(folder) or not _ATTACHMENT_NAME.fullmatch(base) or folder.split("/")[0] in RESERVED:
            return Problem(
                name,
                "a document's name can only use letters, digits, hyphens and dots, in folders named in lower case",
                hint=f"rename it like content/files/{slugify(stem)}.{extension}: the name becomes its address",
            )
        return ContentFile(name, "attachment", folder + base)
    return ContentFile(name, "unused", "")


def attachment_type(path: str) -> str:
    """What readers are told a document is: "PDF", "Excel spreadsheet"."""
    return ATTACHMENT_TYPES.get(path.rpartition(".")[2].lower(), "file")
