"""Partitioning a corpus for `copylint screen` (no cluster needed): whatever the texts
(quotes, commas, line breaks of every kind inside CSV fields, any Unicode) and the
partition size, the partitions read back every document once, in order, with its
text unchanged."""
from __future__ import annotations

import csv
import json

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from checker.screen.corpus import Fields, kind_of, plan, read

pq = pytest.importorskip("pyarrow.parquet", reason="Parquet sources need pyarrow ('.[screen]')")

texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60)
corpora = st.lists(texts, min_size=0, max_size=25)


def _write(kind: str, path, docs) -> None:
    if kind == "jsonl":
        path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in docs), encoding="utf-8")
    elif kind == "csv":
        with open(path, "w", encoding="utf-8", newline="") as stream:
            table = csv.writer(stream)
            table.writerow(["text", "id"])
            table.writerows([t, i] for i, t in docs)
    else:
        import pyarrow as pa

        pq.write_table(pa.table({"id": [i for i, _ in docs], "text": [t for _, t in docs]}), path,
                       row_group_size=3)


@pytest.mark.parametrize("kind", ["jsonl", "csv", "parquet"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(corpus=corpora, size=st.integers(1, 7))
def test_partitions_read_back_every_document_once_in_order(tmp_path, kind, corpus, size):
    docs = [(f"doc-{n}", text) for n, text in enumerate(corpus)]
    path = tmp_path / f"docs.{kind}"
    _write(kind, path, docs)
    assert kind_of(str(path)) == kind
    partitions = plan("docs", str(path), (), Fields(), size)
    items = [item for p in partitions for item in read(p, Fields())]
    assert [(item.id, item.text, item.error) for item in items] == [(i, t, None) for i, t in docs]
    assert sum(p.documents for p in partitions) == len(docs)
    if kind != "parquet":  # Parquet partitions are whole row groups
        assert all(p.documents <= size for p in partitions)


def test_a_folder_tree_is_planned_as_lint_walks_it(tmp_path, monkeypatch):
    from checker.sources import discover

    for name in ("b/2.txt", "a/1.md", "a/skip.bin", "c.txt", ".hidden/d.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("Text.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path.parent)
    partitions = plan(tmp_path.name, str(tmp_path), (".txt", ".md"), Fields(), 2)
    walked = discover([tmp_path.name], (".txt", ".md"))[0]
    assert [name for p in partitions for name, _ in p.files] == walked
    assert walked == [f"{tmp_path.name}/c.txt", f"{tmp_path.name}/a/1.md", f"{tmp_path.name}/b/2.txt"]
    assert [p.documents for p in partitions] == [2, 1]
    assert partitions[0].files[0][1] == str(tmp_path / "c.txt")  # workers read the absolute path


def test_a_csv_without_the_text_column_is_refused_with_its_columns(tmp_path):
    from checker.sources import InputError

    (tmp_path / "a.csv").write_text("id,body\n1,Text\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"^feed.csv: no column 'text' \(columns: id, body\)$"):
        plan("feed.csv", str(tmp_path / "a.csv"), (), Fields(), 10)
