"""Finding the files to check and reading them into text, with clear refusals for
what is not text. Decoding keeps line endings as they are (no newline translation),
so offsets, lines and columns are those of the file."""
from __future__ import annotations

import codecs
import os
import stat
import sys
from dataclasses import dataclass

FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
# A byte-order mark, the codec that reads the text after it (the BOM dropped), and the
# codec that writes text back after the BOM (without adding one of its own).
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)


class InputError(Exception):
    """A path that cannot be checked; the message is one line for stderr."""


@dataclass
class Source:
    path: str  # as reported
    text: str
    format: str
    encoding: str  # what to write it back with
    raw: bytes


def format_for(path: str) -> str:
    return FORMATS.get(os.path.splitext(path)[1].lower(), "text")


def discover(paths: list[str], extensions: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """(files to check in a stable order, one-line errors). Directories are walked
    (symlinked directories not followed, so loops cannot trap the walk); files named
    directly are always checked whatever their extension."""
    files, errors, seen = [], [], set()
    for given in paths:
        if given == "-":
            files.append("-")
            continue
        if os.path.isdir(given):
            for root, dirs, names in os.walk(given):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    full = os.path.join(root, name)
                    if os.path.splitext(name)[1].lower() in extensions and _is_regular(full):
                        if full not in seen:
                            seen.add(full)
                            files.append(full)
        elif os.path.exists(given) or os.path.islink(given):
            if not _is_regular(given):
                errors.append(f"{given}: not a regular file (skipped)")
            elif given not in seen:
                seen.add(given)
                files.append(given)
        else:
            errors.append(f"{given}: no such file or directory")
    return files, errors


def _is_regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def read_source(path: str, encoding: str | None = None, shown: str | None = None) -> Source:
    """The decoded text of `path` ("-": standard input), or InputError. `shown`: the
    name messages and the Source give it, when not `path` (a worker reading a file
    by its absolute path for a report that names it as the user did)."""
    shown = shown or path
    try:
        raw = sys.stdin.buffer.read() if path == "-" else _read_regular_file(path, shown)
    except PermissionError:
        raise InputError(f"{shown}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{shown}: cannot read: {exc.strerror or exc}") from None
    text, used = decode(raw, shown, encoding)
    return Source(path=shown, text=text, format=format_for(path), encoding=used, raw=raw)


# A file of at least this many bytes is decoded a piece at a time as it is read: its
# bytes and its text are never held whole at once (a 20 MB file: 20 MB of bytes beside
# 40 MB of text, for a moment the largest thing a run holds)
STREAMED_FROM = 8 << 20
PIECE_BYTES = 1 << 20


def read_text(path: str, encoding: str | None = None, shown: str | None = None) -> tuple[str, str]:
    """(text, format) of `path`, as `read_source` gives them, for a check that needs
    neither the bytes nor the encoding: a long regular file is decoded a piece at a
    time as it is read, the text grown in place."""
    shown = shown or path
    if path == "-":
        source = read_source(path, encoding, shown)
        return source.text, source.format
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise InputError(f"{shown}: not a regular file (skipped)")
            if info.st_size < STREAMED_FROM:
                text, _ = decode(handle.read(), shown, encoding)
            else:
                text = _decode_streamed(handle, shown, encoding)
    except PermissionError:
        raise InputError(f"{shown}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{shown}: cannot read: {exc.strerror or exc}") from None
    return text, format_for(path)


def _decode_streamed(handle, path: str, encoding: str | None) -> str:
    """The text of an open file read a piece at a time: the codec `decode` would pick,
    run incrementally; input that fails is read again whole, so that the error is
    `decode`'s own, word for word."""
    from .heap import return_freed_memory

    return_freed_memory()  # large blocks mapped on their own: the text grows without copies
    head = handle.read(max(PIECE_BYTES, 8192))  # what `decode` reads a BOM and NUL bytes from
    if not head:
        return decode(head, path, encoding)[0]
    codec = next((name for bom, name, _ in BOMS if head.startswith(bom)), None)
    if codec is None and encoding:
        codec = encoding
    elif codec is None:
        if b"\x00" in head[:8192]:
            raise InputError(f"{path}: binary file (contains NUL bytes), not checked")
        codec = "utf-8"
    try:
        info = codecs.lookup(codec)
        if not getattr(info, "_is_text_encoding", True):  # rot13, base64: bytes.decode refuses them
            raise LookupError(codec)
    except LookupError:
        raise InputError(f"{path}: unknown encoding '{codec}'") from None
    decoder = info.incrementaldecoder()
    text = ""
    try:
        text = decoder.decode(head)  # a str of its own: grown in place below
        del head
        while True:
            piece = handle.read(PIECE_BYTES)
            if not piece:
                break
            text += decoder.decode(piece)  # grown in place: nothing else refers to it
        text += decoder.decode(b"", final=True)
    except UnicodeError:  # read again whole: `decode`'s own error (or answer), word for word
        text = ""  # the part decoded so far is not held beside the whole
        handle.seek(0)
        return decode(handle.read(), path, encoding)[0]
    return text


def _read_regular_file(path: str, shown: str | None = None) -> bytes:
    """The bytes of `path` if it is a regular file when opened. Opening does not block
    (a FIFO put in a file's place after discovery would wait for a writer forever), and
    the type is checked on the open file, not the name, so a swap cannot slip through."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError(f"{shown or path}: not a regular file (skipped)")
        return handle.read()


def decode(raw: bytes, path: str, encoding: str | None = None) -> tuple[str, str]:
    for bom, name, _ in BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(name), name
            except UnicodeDecodeError as exc:
                raise InputError(f"{path}: not valid {name} at byte {exc.start}") from None
    if encoding:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not valid {encoding} at byte {exc.start}") from None
        except LookupError:
            raise InputError(f"{path}: unknown encoding '{encoding}'") from None
    if b"\x00" in raw[:8192]:
        raise InputError(f"{path}: binary file (contains NUL bytes), not checked")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not valid UTF-8 at byte {exc.start}; give its encoding with --encoding"
        ) from None
