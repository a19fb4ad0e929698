"""The fuzz target's short CI pass: fixed seeds (the same inputs every run) over text
and raw file bytes. `python tests/fuzz.py --minutes 30` runs the same target for
longer (docs/reliability.md)."""
from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from fuzz import FORMATS, check_bytes_once, check_text_once
from strategies import awkward_text, budget

pytestmark = pytest.mark.slow


@budget(80)
@given(text=awkward_text(), fmt=st.sampled_from(FORMATS))
@example(text="Mr\r\nSmith met Mr. Jones\r\rLeave a Reply\r", fmt="text")
@example(text="<p>Dr Lee &amp; Dr. Roe</p>\r<!-- copylint: disable=spacing -->a , b", fmt="html")
@example(text="\ud800 , \udfff.  x\u2028y", fmt="markdown")
def test_fuzz_text(text, fmt):
    check_text_once(text, fmt)


@budget(100)
@given(data=st.one_of(
    st.binary(max_size=2000),
    st.tuples(st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]), awkward_text())
    .map(lambda bom_text: bom_text[0] + bom_text[1].encode("utf-8", "surrogatepass")),
), fmt=st.sampled_from(FORMATS))
@example(data=b"\xef\xbb\xbfMr Smith , Mr. Jones\r", fmt="text")
@example(data=b"\xff\xfeM\x00r\x00 \x00,\x00", fmt="text")
def test_fuzz_file_bytes(data, fmt):
    check_bytes_once(data, fmt)


def test_the_long_run_command_works():
    """The documented command, for one second, with the driver CI can always run."""
    import subprocess
    import sys

    from conftest import ROOT

    done = subprocess.run([sys.executable, "tests/fuzz.py", "--minutes", "0.01", "--hypothesis"],
                          cwd=ROOT, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert b"no failure" in done.stderr
