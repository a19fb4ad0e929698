"""Where a corpus's documents lie, in partitions, and reading one partition.

A source is a folder tree (the files `lint` would check there), a single text file,
JSON Lines (`.jsonl`, `.ndjson`: one object a line), CSV (a header row, then one
document a record; quoted fields may span lines) or Parquet (`.parquet`, `.pq`).
Planning runs on a worker and returns small `Partition` records: file names, or byte
offsets and record numbers found by one streaming pass over the file (CSV records
cannot be split at arbitrary bytes), or Parquet row groups. Reading a partition also
runs on a worker, so no document passes through the client.

Every document comes out as an `Item`: its id and text, or its id and the one-line
reason it cannot be checked (the same messages `lint` gives for undecodable and
binary files).
"""
from __future__ import annotations

import csv
import json
import os
from dataclasses import asdict, dataclass, replace
from itertools import islice

from ..sources import InputError, decode, discover, format_for, read_source

JSONL = (".jsonl", ".ndjson")
CSV = (".csv",)
PARQUET = (".parquet", ".pq")
# a CSV field may be as long as a document
csv.field_size_limit(2**31 - 1)


@dataclass(frozen=True)
class Fields:
    """Which fields of a record hold the id and the text."""

    id: str = "id"
    text: str = "text"


@dataclass(frozen=True)
class Partition:
    kind: str  # "files", "jsonl", "csv" or "parquet"
    source: str  # the source as the user gave it (ids are built from it)
    location: str  # the absolute path workers read
    documents: int  # records (lines for JSON Lines) in the partition
    first: int = 1  # number of its first record (line, row) in the source, from 1
    start: int = 0  # byte offset of its first record (JSON Lines, CSV)
    files: tuple = ()  # (id, absolute path) pairs (folder trees)
    row_groups: tuple = ()  # Parquet row groups
    columns: tuple = ()  # CSV header
    skip: int = 0  # documents of the partition passed over (a partition cut into single documents)
    take: int = 0  # documents kept after those (0: all)

    def describe(self) -> str:
        """A stable text of what the partition covers (part files are named by it)."""
        return json.dumps(asdict(self), sort_keys=True)


@dataclass
class Item:
    id: str
    text: str | None = None
    error: str | None = None
    format: str = "text"
    path: str | None = None  # a folder tree's file: read when checked, not before


def kind_of(location: str) -> str:
    if os.path.isdir(location):
        return "files"
    extension = os.path.splitext(location)[1].lower()
    for kind, extensions in (("jsonl", JSONL), ("csv", CSV), ("parquet", PARQUET)):
        if extension in extensions:
            return kind
    return "files"


# -- planning --------------------------------------------------------------------------
def plan(source: str, location: str, extensions: tuple, fields: Fields, size: int) -> list[Partition]:
    """The partitions of one source, `size` documents each (Parquet: whole row groups
    up to about `size` rows). Raises InputError for a source that cannot be read."""
    if not os.path.exists(location):
        raise InputError(f"{source}: no such file or directory")
    kind = kind_of(location)
    if kind == "files":
        return _plan_files(source, location, extensions, size)
    try:
        if kind == "jsonl":
            return _plan_lines(source, location, size)
        if kind == "csv":
            return _plan_csv(source, location, fields, size)
        return _plan_parquet(source, location, fields, size)
    except OSError as exc:
        raise InputError(f"{source}: cannot read: {exc.strerror or exc}") from None


def _plan_files(source: str, location: str, extensions: tuple, size: int) -> list[Partition]:
    found, errors = discover([location], extensions if os.path.isdir(location) else ())
    if errors:
        raise InputError(errors[0].replace(location, source, 1))
    root = location.rstrip(os.sep)
    pairs = [(source.rstrip("/" + os.sep) + path[len(root):] if os.path.isdir(location) else source, path)
             for path in found]
    return [Partition("files", source, location, len(chunk), first=i + 1, files=tuple(chunk))
            for i, chunk in _chunks(pairs, size)]


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield i, items[i:i + size]


def _plan_lines(source: str, location: str, size: int) -> list[Partition]:
    partitions, start, first, count, line, offset = [], 0, 1, 0, 0, 0
    with open(location, "rb") as handle:
        for raw in handle:
            line += 1
            if count == size:
                partitions.append(Partition("jsonl", source, location, count, first=first, start=start))
                start, first, count = offset, line, 0
            count += 1
            offset += len(raw)
    if count:
        partitions.append(Partition("jsonl", source, location, count, first=first, start=start))
    return partitions


def _plan_csv(source: str, location: str, fields: Fields, size: int) -> list[Partition]:
    with open(location, "rb") as handle:
        lines = _Lines(handle, 0)
        reader = csv.reader(lines)
        header = next(reader, None)
        if header is None:
            return []
        if fields.text not in header:
            raise InputError(f"{source}: no column '{fields.text}' (columns: {', '.join(header)})")
        partitions, start, first, count, number = [], None, 1, 0, 0
        while True:
            at = lines.position_of(reader.line_num)
            try:
                next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise InputError(f"{source}: not valid CSV near line {reader.line_num}: {exc}") from None
            number += 1
            if start is None:
                start = at
            if count == size:
                partitions.append(Partition("csv", source, location, count, first=first, start=start,
                                            columns=tuple(header)))
                start, first, count = at, number, 0
            count += 1
    if count:
        partitions.append(Partition("csv", source, location, count, first=first, start=start,
                                    columns=tuple(header)))
    return partitions


class _Lines:
    """Lines of a binary file decoded for the csv module (undecodable bytes kept as
    surrogates, so one bad record does not stop the others), remembering where each
    line starts so a record's byte offset is known."""

    def __init__(self, handle, start: int):
        self.handle = handle
        self.offset = start
        self.read = 0  # lines handed out so far
        self.starts = {0: start}

    def __iter__(self):
        return self

    def __next__(self) -> str:
        raw = self.handle.readline()
        if not raw:
            raise StopIteration
        self.read += 1
        self.offset += len(raw)
        self.starts[self.read] = self.offset
        self.starts.pop(self.read - 64, None)  # a record spans at most a few recent lines
        return raw.decode("utf-8", "surrogateescape")

    def position_of(self, line: int) -> int:
        return self.starts[line]


def _plan_parquet(source: str, location: str, fields: Fields, size: int) -> list[Partition]:
    import pyarrow.parquet as pq

    try:
        metadata = pq.ParquetFile(location).metadata
    except Exception as exc:  # pyarrow raises ArrowInvalid and others for a damaged file
        raise InputError(f"{source}: not a readable Parquet file: {exc}") from None
    names = metadata.schema.names
    if fields.text not in names:
        raise InputError(f"{source}: no column '{fields.text}' (columns: {', '.join(names)})")
    partitions, groups, rows, first = [], [], 0, 1
    for index in range(metadata.num_row_groups):
        groups.append(index)
        rows += metadata.row_group(index).num_rows
        if rows >= size:
            partitions.append(Partition("parquet", source, location, rows, first=first, row_groups=tuple(groups)))
            first, groups, rows = first + rows, [], 0
    if groups:
        partitions.append(Partition("parquet", source, location, rows, first=first, row_groups=tuple(groups)))
    return partitions


# -- reading ---------------------------------------------------------------------------
def read(partition: Partition, fields: Fields, encoding: str | None = None):
    """The partition's documents as Items, in source order."""
    reader = {"files": _read_files, "jsonl": _read_lines, "csv": _read_csv, "parquet": _read_parquet}
    items = reader[partition.kind](partition, fields, encoding)
    if partition.skip or partition.take:
        items = islice(items, partition.skip, partition.skip + partition.take if partition.take else None)
    return items


def single_documents(partition: Partition, count: int) -> list[Partition]:
    """The partition as `count` partitions of one document each (its documents read
    one at a time, so one that kills the worker process can be told from the rest)."""
    return [replace(partition, skip=i, take=1) for i in range(count)]


def _read_files(partition: Partition, fields: Fields, encoding):
    for name, path in partition.files:
        yield Item(id=name, path=path, format=format_for(path))


def read_file(item: Item, encoding: str | None) -> Item:
    """A folder tree's document read when it is checked (errors as `lint` words them)."""
    try:
        source = read_source(item.path, encoding, shown=item.id)
    except InputError as exc:
        return Item(id=item.id, error=str(exc))
    return Item(id=item.id, text=source.text, format=source.format)


def _fallback_id(partition: Partition, number: int) -> str:
    return f"{partition.source}:{number}"


def _text_item(name: str, value, encoding) -> Item:
    """A text field as a document: bytes are decoded as a file would be (so binary
    and undecodable values give `lint`'s messages); a string with undecodable bytes
    kept as surrogates is refused the same way."""
    if value is None:
        return Item(id=name, error=f"{name}: no text")
    if isinstance(value, str):
        try:
            value.encode("utf-8")
            raw = None
        except UnicodeEncodeError:
            raw = value.encode("utf-8", "surrogateescape")
        if raw is None and "\x00" not in value[:8192]:
            return Item(id=name, text=value)
        value = raw if raw is not None else value.encode("utf-8")
    if not isinstance(value, (bytes, bytearray)):
        return Item(id=name, error=f"{name}: the text field is not text ({type(value).__name__})")
    try:
        text, _ = decode(bytes(value), name, encoding)
    except InputError as exc:
        return Item(id=name, error=str(exc))
    return Item(id=name, text=text)


def _read_lines(partition: Partition, fields: Fields, encoding):
    with open(partition.location, "rb") as handle:
        handle.seek(partition.start)
        for number in range(partition.first, partition.first + partition.documents):
            raw = handle.readline()
            if not raw.strip():
                continue
            name = _fallback_id(partition, number)
            try:
                record = json.loads(raw)
            except UnicodeDecodeError as exc:
                yield Item(id=name, error=f"{name}: not valid UTF-8 at byte {exc.start}")
                continue
            except json.JSONDecodeError as exc:
                yield Item(id=name, error=f"{name}: not valid JSON ({exc.msg}, column {exc.colno})")
                continue
            if not isinstance(record, dict):
                yield Item(id=name, error=f"{name}: not a JSON object")
                continue
            if record.get(fields.id) is not None:
                name = str(record[fields.id])
            if fields.text not in record:
                yield Item(id=name, error=f"{name}: no field '{fields.text}'")
                continue
            yield _text_item(name, record[fields.text], encoding)


def _read_csv(partition: Partition, fields: Fields, encoding):
    columns = list(partition.columns)
    text_at = columns.index(fields.text)
    id_at = columns.index(fields.id) if fields.id in columns else None
    with open(partition.location, "rb") as handle:
        handle.seek(partition.start)
        reader = csv.reader(_Lines(handle, partition.start))
        for number in range(partition.first, partition.first + partition.documents):
            record = next(reader)
            name = _fallback_id(partition, number)
            if id_at is not None and id_at < len(record) and record[id_at]:
                name = record[id_at].encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            if text_at >= len(record):
                yield Item(id=name, error=f"{name}: no field '{fields.text}' (a short record)")
                continue
            yield _text_item(name, record[text_at], encoding)


def _read_parquet(partition: Partition, fields: Fields, encoding):
    import pyarrow.parquet as pq

    handle = pq.ParquetFile(partition.location)
    wanted = [fields.text] + ([fields.id] if fields.id in handle.schema_arrow.names else [])
    table = handle.read_row_groups(list(partition.row_groups), columns=wanted)
    texts = table.column(fields.text).to_pylist()
    ids = table.column(fields.id).to_pylist() if len(wanted) == 2 else [None] * len(texts)
    for offset, (name, text) in enumerate(zip(ids, texts)):
        name = _fallback_id(partition, partition.first + offset) if name is None else str(name)
        yield _text_item(name, text, encoding)


__all__ = ["Fields", "Item", "Partition", "kind_of", "plan", "read", "read_file", "single_documents"]
