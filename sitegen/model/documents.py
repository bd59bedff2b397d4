"""Documents and pictures published as they are: is each what its name says, and how big.

A file called report.pdf must start like a PDF; a spreadsheet must be the zip (or the old
Office format) its type uses; a picture must have its format's signature. A web page, a
script or a program renamed to .pdf is refused (by the build and by the editor's upload),
so nothing but what readers expect is ever published at the site's address.
"""

from __future__ import annotations

import io
import re
import zipfile
from types import MappingProxyType

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003, Word 97-2003
_OPEN_DOCUMENT = MappingProxyType({"ods": "spreadsheet", "odt": "text", "odp": "presentation"})
_OFFICE_FOLDER = MappingProxyType({"xlsx": "xl/", "docx": "word/", "pptx": "ppt/"})


def file_size(size: int) -> str:
    """As GOV.UK writes it: "689 bytes", "312 KB", "1.2 MB"."""
    if size < 1000:
        return f"{size} byte{'' if size == 1 else 's'}"
    if size < 1_000_000:
        return f"{-(-size // 1000)} KB"
    megabytes = f"{size / 1_000_000:.1f}".removesuffix(".0")
    return f"{megabytes} MB"


def looks_like(extension: str, data: bytes) -> bool:
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
                if "mimetype" not in names:
                    return False
                # Read as far as the type can go and no further: a member that unpacks to
                # gigabytes (a "zip bomb") is never unpacked whole.
                with archive.open("mimetype") as member:
                    return member.read(len(wanted) + 16).strip() == wanted
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
