"""A long file is decoded a piece at a time as it is read (checker/sources.read_text),
so that its bytes and its text are not held whole at once: the text, and every
refusal, must be what reading it whole gives."""
from __future__ import annotations

import codecs

import pytest
from hypothesis import given, strategies as st

from checker import sources
from checker.sources import InputError, read_source, read_text
from strategies import budget

ENCODINGS = st.sampled_from([None, "utf-8", "latin-1", "utf-16", "cp1252", "utf-32-be", "rot13", "no-such-codec"])
BOM = st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE])


def outcome(call):
    try:
        return "text", call()
    except InputError as exc:
        return "error", str(exc)


@budget(300)
@given(st.text(max_size=60), BOM, st.binary(max_size=6), ENCODINGS, st.integers(1, 7))
def test_a_file_read_in_pieces_is_the_file_read_whole(tmp_path_factory, text, bom, noise, encoding, piece):
    """Text in the codec of its BOM (or UTF-8), sometimes with stray bytes, read 1 to 7
    bytes at a time: the same text, or the same one-line refusal."""
    codec = {codecs.BOM_UTF8: "utf-8", codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be",
             codecs.BOM_UTF32_LE: "utf-32-le"}.get(bom, "utf-8")
    data = bom + text.encode(codec, "surrogatepass") + noise
    path = tmp_path_factory.mktemp("streamed") / "long.txt"
    path.write_bytes(data)
    whole = outcome(lambda: read_source(str(path), encoding).text)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(sources, "STREAMED_FROM", 0)
        m.setattr(sources, "PIECE_BYTES", piece)
        streamed = outcome(lambda: read_text(str(path), encoding)[0])
    assert streamed == whole


def test_a_long_binary_file_is_refused_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "STREAMED_FROM", 0)
    path = tmp_path / "data.txt"
    path.write_bytes(b"abc\x00def" * 100)
    with pytest.raises(InputError, match=r"data.txt: binary file \(contains NUL bytes\), not checked"):
        read_text(str(path))


def test_lint_of_a_long_file_reads_it_in_pieces(tmp_path, monkeypatch):
    """The lint command's findings on a file read a piece at a time (pieces that cut
    its curly quotes' UTF-8 bytes) are those of reading it whole."""
    from conftest import cli

    path = tmp_path / "long.txt"
    path.write_text("“Quoted,” she said near the border , or so. " * 200, encoding="utf-8")
    whole = cli("lint", "--format", "json", str(path))
    monkeypatch.setattr(sources, "STREAMED_FROM", 0)
    monkeypatch.setattr(sources, "PIECE_BYTES", 5)
    streamed = cli("lint", "--format", "json", str(path))
    assert streamed.exit_code == whole.exit_code == 1
    assert streamed.stdout == whole.stdout
