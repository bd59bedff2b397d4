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

import io
import re
import zipfile
from dataclasses import dataclass

from ..addresses import ATTACHMENT_TYPES, ContentFile, classify
from ..markdown import slugify

MAX_UPLOAD_BYTES = 20_000_000
FOLDER = "content/files/"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003, Word 97-2003
_OPEN_DOCUMENT = {"ods": "spreadsheet", "odt": "text", "odp": "presentation"}
_OFFICE_FOLDER = {"xlsx": "xl/", "docx": "word/", "pptx": "ppt/"}


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


def file_size(size: int) -> str:
    """As GOV.UK writes it: "312 KB", "1.2 MB" (never "0 KB")."""
    if size < 1_000_000:
        return f"{max(1, -(-size // 1000))} KB"
    megabytes = f"{size / 1_000_000:.1f}".removesuffix(".0")
    return f"{megabytes} MB"


def _looks_like(extension: str, data: bytes) -> bool:
    if extension == "pdf":
        return data.startswith(b"%PDF-")
    if extension == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in ("jpg", "jpeg"):
        return data.startswith(b"\xff\xd8\xff")
    if extension == "gif":
        return data.startswith((b"GIF87a", b"GIF89a"))
    if extension == "webp":
        return data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    if extension in ("xls", "doc"):
        return data.startswith(OLE)
    if extension in _OFFICE_FOLDER or extension in _OPEN_DOCUMENT:
        return _zip_is(extension, data)
    if extension == "csv":
        return _is_text(data)
    return False


def _zip_is(extension: str, data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if extension in _OPEN_DOCUMENT:
                wanted = f"application/vnd.oasis.opendocument.{_OPEN_DOCUMENT[extension]}".encode()
                return "mimetype" in names and archive.read("mimetype").strip() == wanted
            return "[Content_Types].xml" in names and any(n.startswith(_OFFICE_FOLDER[extension]) for n in names)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return False


def _is_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", text):
        return False
    return not re.match(r"\s*<", text)  # A web page saved as .csv is not a table.


def check_upload(filename: str, data: bytes, folder: str = FOLDER) -> Document:
    """The document to add to content/, or `UploadRefused` saying why not."""
    base = filename.replace("\\", "/").rpartition("/")[2]
    stem, dot, extension = base.rpartition(".")
    extension = extension.lower()
    kinds = "PDF, spreadsheets (Excel, OpenDocument, CSV), Word and PowerPoint files, and pictures (PNG, JPEG, GIF, WebP)"
    if not data:
        raise UploadRefused("The file is empty. Choose the file again.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadRefused(f"The file is {file_size(len(data))}; documents can be up to "
                            f"{file_size(MAX_UPLOAD_BYTES)}. Make it smaller (for a PDF, save it again "
                            "'optimised for web'), or split it.")
    if not dot or extension not in ATTACHMENT_TYPES:
        raise UploadRefused(f"The site can publish {kinds}. '{base}' is not one of these.")
    if not _looks_like(extension, data):
        raise UploadRefused(f"'{base}' is called a {ATTACHMENT_TYPES[extension]} but its content is not one: it may "
                            "be damaged, or another kind of file renamed. Open it, save it again as "
                            f"{ATTACHMENT_TYPES[extension]}, and add that file.")
    name = f"{folder}{slugify(stem)}.{'jpg' if extension == 'jpeg' else extension}"
    item = classify(name)
    if not isinstance(item, ContentFile) or item.role != "attachment":
        raise UploadRefused(f"'{base}' cannot be given an address on the site: rename it with letters and digits.")
    return Document(name, data)
