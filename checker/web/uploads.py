"""Turning a file the user dropped on the page into text: the bytes arrive in the
request and nothing touches the disk. Plain text, Markdown and HTML are decoded as
`copylint lint` decodes files (checker/sources.py); .docx is read with python-docx,
paragraph by paragraph, tables cell by cell."""
from __future__ import annotations

import io
import zipfile

from ..sources import InputError, decode, format_for
from .service import RequestError

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".rst")
DOCX = ".docx"
# A .docx is a zip: refuse one that would unpack to more than this many times the size
# limit before an XML parser sees it (a small file can expand enormously).
DOCX_EXPANSION = 20


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def too_large(what: str, size: int, limit: int) -> str:
    """The one message for every size refusal, on the page and from the server."""
    return (f"{what} is {megabytes(size)}; the limit is {megabytes(limit)}. "
            "Split it, or check it with 'copylint lint'.")


def read_upload(name: str, data: bytes, limit: int, encoding: str | None = None) -> tuple[str, str]:
    """(text, format) of an uploaded file, or RequestError with one line for the user;
    `encoding`: the settings' (--encoding), as for `copylint lint`."""
    shown = name or "the file"
    if len(data) > limit:
        raise RequestError(too_large(shown, len(data), limit))
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix == DOCX:
        return _docx_text(shown, data, limit), "text"
    if suffix not in TEXT_SUFFIXES:
        raise RequestError(f"{shown}: not a file copylint reads "
                           f"({', '.join(TEXT_SUFFIXES + (DOCX,))})")
    try:
        text, _ = decode(data, shown, encoding)
    except InputError as exc:
        raise RequestError(str(exc)) from None
    return text, format_for(name)


def _docx_text(name: str, data: bytes, limit: int) -> str:
    try:
        import docx
        from docx.table import Table
    except ImportError:
        raise RequestError("reading .docx needs python-docx: pip install 'copylint[web]'") from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
        if unpacked > DOCX_EXPANSION * limit:
            raise RequestError(too_large(f"{name} unpacked", unpacked, DOCX_EXPANSION * limit))
        document = docx.Document(io.BytesIO(data))
        paragraphs = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                paragraphs.extend(cell.text for row in block.rows for cell in row.cells)
            else:
                paragraphs.append(block.text)
    except RequestError:
        raise
    except Exception as exc:  # python-docx raises many kinds on a damaged file
        raise RequestError(f"{name}: not a readable .docx file ({type(exc).__name__})") from None
    text = "\n\n".join(p for p in paragraphs if p.strip())
    if len(text.encode("utf-8")) > limit:
        raise RequestError(too_large(f"The text of {name}", len(text.encode("utf-8")), limit))
    return text
