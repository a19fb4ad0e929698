"""Part files: one Parquet file per partition in `REPORT.parts/`, and the report
merged from them.

A part's name carries its index and a digest of what it covers (the partition and
the job's settings), so a resumed job skips exactly the parts that are already
written for the same work and redoes any whose partition or settings changed. Each
part is written to a temporary name and renamed, so a part file that exists is whole:
a worker killed mid-partition leaves nothing that a retry or a resume could mistake
for done. Merging streams the parts batch by batch into one report in the format of
its extension (.parquet, .jsonl, .csv), written to a temporary file and renamed.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import uuid

import pyarrow as pa
import pyarrow.parquet as pq

from .rows import READABILITY

FINDING = pa.struct([
    ("rule", pa.string()), ("severity", pa.string()), ("message", pa.string()),
    ("start", pa.int64()), ("end", pa.int64()), ("line", pa.int64()), ("column", pa.int64()),
    ("end_line", pa.int64()), ("end_column", pa.int64()), ("replacements", pa.list_(pa.string())),
    ("fix_safe", pa.bool_()), ("confidence", pa.float64()),
    ("fix_start", pa.int64()), ("fix_end", pa.int64()),
])
SCHEMA = pa.schema([
    ("id", pa.string()), ("error", pa.string()), ("words", pa.int64()), ("spin_score", pa.float64()),
    ("findings", pa.int64()), ("by_family", pa.map_(pa.string(), pa.int64())),
    ("top", pa.list_(FINDING)),
    *[(name, pa.int64() if name == "sentences" else pa.float64()) for name in READABILITY],
])
FORMATS = {".parquet": "parquet", ".jsonl": "jsonl", ".csv": "csv"}
NESTED = ("by_family", "top")


def parts_folder(out: str) -> str:
    return out + ".parts"


def part_name(index: int, description: str, job: str) -> str:
    digest = hashlib.sha256(f"{job}\n{description}".encode()).hexdigest()[:16]
    return f"part-{index:06d}-{digest}.parquet"


def write_part(folder: str, name: str, rows: list[dict]) -> None:
    os.makedirs(folder, exist_ok=True)
    temporary = os.path.join(folder, f".{name}.{uuid.uuid4().hex}.tmp")
    try:
        pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMA), temporary)
        os.replace(temporary, os.path.join(folder, name))
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def summarize(rows: list[dict], keep: int) -> dict:
    """What the client needs of a partition: counts and its `keep` most spun rows, as
    (spin score, id, words, findings, garble findings)."""
    checked = [r for r in rows if r["error"] is None]
    spun = [(r["spin_score"], r["id"], r["words"], r["findings"], dict(r["by_family"] or {}).get("garble", 0))
            for r in checked if r["spin_score"]]
    return {
        "documents": len(rows),
        "errors": len(rows) - len(checked),
        "findings": sum(r["findings"] for r in checked),
        "spun": most_spun(spun, keep),
    }


def most_spun(entries, keep: int) -> list[tuple]:
    """The `keep` most spun: highest score first; the score saturates near 1 on short
    documents, so among equal scores more garble findings first, then by id."""
    return sorted((tuple(e) for e in entries), key=lambda e: (-e[0], -e[4], e[1]))[:keep]


def summarize_part(path: str, keep: int) -> dict:
    """The summary of a part already written (a resumed job's)."""
    table = pq.read_table(path, columns=["id", "error", "words", "spin_score", "findings", "by_family"])
    return summarize(table.to_pylist(), keep)


def merge(folder: str, names: list[str], out: str) -> int:
    """Writes the report from the parts, in order; returns the number of rows."""
    fmt = FORMATS[os.path.splitext(out)[1].lower()]
    temporary = os.path.join(os.path.dirname(os.path.abspath(out)), f".{os.path.basename(out)}.{uuid.uuid4().hex}.tmp")
    rows = 0
    try:
        if fmt == "parquet":
            with pq.ParquetWriter(temporary, SCHEMA) as writer:
                for batch in _batches(folder, names):
                    writer.write_batch(batch)
                    rows += batch.num_rows
        else:
            with open(temporary, "w", encoding="utf-8", newline="") as stream:
                table = csv.writer(stream) if fmt == "csv" else None
                if table:
                    table.writerow(SCHEMA.names)
                for batch in _batches(folder, names):
                    for row in batch.to_pylist():
                        row["by_family"] = dict(row["by_family"] or [])
                        if table:
                            table.writerow(_csv_cells(row))
                        else:
                            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
                    rows += batch.num_rows
        os.replace(temporary, out)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return rows


def _batches(folder: str, names: list[str]):
    for name in names:
        yield from pq.ParquetFile(os.path.join(folder, name)).iter_batches(batch_size=4096)


def _csv_cells(row: dict) -> list:
    """Nested columns as compact JSON; an empty value as an empty cell."""
    return [json.dumps(row[name], ensure_ascii=False, separators=(",", ":")) if name in NESTED
            else ("" if row[name] is None else row[name]) for name in SCHEMA.names]


def remove(folder: str) -> None:
    shutil.rmtree(folder, ignore_errors=True)
