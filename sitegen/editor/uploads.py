"""Documents and pictures added through the editor: checked by what they contain, not only
by their name, limited in size, named by the site's rules, and linked in the GOV.UK style.

A file called report.pdf must start like a PDF; a spreadsheet must be the zip (or the old
Office format) its type uses; a picture must have its format's signature. A web page, a
script or a program renamed to .pdf is refused, so nothing but what readers expect is ever
published at the site's address.

The link's words say what the file is and how big, as GOV.UK attachments do: "Annual report
(PDF, 1.2 MB)". The editor writes them into the page when it adds the link, so the page's
text says exactly what readers will see, the editor can reword it, and the build has
nothing to guess (see docs/editing.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.addresses import ATTACHMENT_TYPES, ContentFile, classify
from ..model.documents import file_size, looks_like
from ..model.ids import slugify

MAX_UPLOAD_BYTES = 20_000_000
FOLDER = "content/files/"
MAX_SLUG = 80  # letters, digits and hyphens of a document's address


class UploadRefused(Exception):
    """Why a file was not added, in plain words."""


@dataclass(frozen=True)
class Document:
    name: str  # "content/files/annual-report.pdf"
    data: bytes

    @property
    def address(self) -> str:
        return "/" + self.name.removeprefix("content/")

    @property
    def kind(self) -> str:
        return ATTACHMENT_TYPES[self.name.rpartition(".")[2]]

    def link(self, words: str) -> str:
        """The Markdown link: [Annual report (PDF, 1.2 MB)](/files/annual-report.pdf)."""
        words = re.sub(r"[\[\]\n\r]", " ", words).strip() or self.name.rpartition("/")[2]
        return f"[{words} ({self.kind}, {file_size(len(self.data))})]({self.address})"


def check_upload(filename: str, data: bytes, folder: str = FOLDER) -> Document:
    """The document to add to content/, or `UploadRefused` saying why not."""
    base = filename.replace("\\", "/").rpartition("/")[2]
    stem, dot, extension = base.rpartition(".")
    extension = extension.lower()
    kinds = (
        "PDF, spreadsheets (Excel, OpenDocument, CSV), Word and PowerPoint files, and pictures (PNG, JPEG, GIF, WebP)"
    )
    if not data:
        raise UploadRefused("The file is empty. Choose the file again.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadRefused(
            f"The file is {file_size(len(data))}; documents can be up to "
            f"{file_size(MAX_UPLOAD_BYTES)}. Make it smaller (for a PDF, save it again "
            "'optimised for web'), or split it."
        )
    if not dot or extension not in ATTACHMENT_TYPES:
        raise UploadRefused(f"The site can publish {kinds}. '{base}' is not one of these.")
    if not looks_like(extension, data):
        raise UploadRefused(
            f"'{base}' is called a {ATTACHMENT_TYPES[extension]} but its content is not one: it may "
            "be damaged, or another kind of file renamed. Open it, save it again as "
            f"{ATTACHMENT_TYPES[extension]}, and add that file."
        )
    slug = slugify(stem)
    if len(slug) > MAX_SLUG:  # A long file name: its first words.
        slug = slug[: MAX_SLUG + 1].rsplit("-", 1)[0][:MAX_SLUG]
    name = f"{folder}{slug}.{'jpg' if extension == 'jpeg' else extension}"
    item = classify(name)
    if not isinstance(item, ContentFile) or item.role != "attachment":
        raise UploadRefused(f"'{base}' cannot be given an address on the site: rename it with letters and digits.")
    return Document(name, data)
