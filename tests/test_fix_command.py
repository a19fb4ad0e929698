"""`copylint fix` as a user runs it: files on disk, what is written, what is printed,
exit statuses, and what is refused."""
from __future__ import annotations

import codecs
import os
import stat

import pytest

from conftest import cli, cli_process

SPUN = (
    "Credit…Jane Roe/Wire\n"
    "\n"
    "Mr. Alder met Mr. Birch, and Mr Cole joined them near the border , or so it seems.\n"
    "The talks ran late.The ministers met again .\n"
    "\n"
    "Leave a Reply\n"
)
FIXED = (
    "Mr. Alder met Mr. Birch, and Mr. Cole joined them near the border, or so it seems.\n"
    "The talks ran late. The ministers met again.\n"
)
HOUSE_PACK = """\
pack: house
rules:
  - id: house.utilise
    kind: pattern
    severity: warning
    description: Prefer "use" to "utilise".
    message: "Write “use”."
    pattern: '\\butilise\\b'
    fix: 'use'
    fix_safe: false
    examples:
      bad: ["We utilise it."]
      good: ["We use it."]
"""


def test_fix_writes_every_safe_fix_and_a_second_run_changes_nothing(write):
    path = write("a.txt", SPUN)
    first = cli("fix", str(path))
    assert first.exit_code == 0, first
    assert path.read_text(encoding="utf-8") == FIXED
    assert f"{path}: fixed 6 (1 boilerplate.comment-form, 1 boilerplate.photo-credit, " \
           "1 consistency.honorific, 1 spacing.after-punctuation, 2 spacing.before-punctuation)" in first.stderr
    assert first.stdout == ""  # nothing remains to report
    mtime = path.stat().st_mtime_ns
    second = cli("fix", str(path))
    assert second.exit_code == 0
    assert "fixed 0 findings in 0 files; 0 remain" in second.stderr
    assert path.stat().st_mtime_ns == mtime  # not even rewritten
    assert cli("lint", str(path)).exit_code == 0


def test_diff_prints_a_patch_and_writes_nothing(write, tmp_path):
    path = write("a.txt", SPUN)
    result = cli("fix", "--diff", str(path))
    assert result.exit_code == 1  # fixes are pending
    assert path.read_text(encoding="utf-8") == SPUN
    label = os.path.realpath(path).replace(os.sep, "/").lstrip("/")  # outside the current folder: from /
    assert result.stdout.startswith(f"--- a/{label}\n+++ b/{label}\n@@ ")
    assert "-Mr. Alder met Mr. Birch, and Mr Cole joined them near the border , or so it seems.\n" in result.stdout
    assert "+Mr. Alder met Mr. Birch, and Mr. Cole joined them near the border, or so it seems.\n" in result.stdout
    assert "would fix 6" in result.stderr
    clean = write("clean.txt", FIXED)
    again = cli("fix", "--diff", str(clean))
    assert (again.exit_code, again.stdout) == (0, "")


def test_the_diff_applies_with_patch(write, tmp_path):
    import shutil
    import subprocess

    if not shutil.which("patch"):
        pytest.skip("patch not installed")
    path = write("a.txt", SPUN)
    result = cli_process("fix", "--diff", "a.txt", cwd=tmp_path)
    subprocess.run(["patch", "-p1", "-s"], input=result.stdout.encode(), cwd=tmp_path, check=True)
    assert path.read_text(encoding="utf-8") == FIXED


def test_unsafe_fixes_only_with_the_option(write):
    pack = write("house.yml", HOUSE_PACK)
    path = write("b.txt", "We utilise the border , often.\n")
    result = cli("fix", "--rules", str(pack), str(path))
    assert path.read_text(encoding="utf-8") == "We utilise the border, often.\n"
    assert result.exit_code == 1  # the unsafe one remains, at warning
    assert f"{path}:1:4: warning house.utilise Write “use”. -> \"use\"" in result.stdout
    result = cli("fix", "--rules", str(pack), "--unsafe-fixes", str(path))
    assert result.exit_code == 0
    assert path.read_text(encoding="utf-8") == "We use the border, often.\n"


def test_fail_on_decides_whether_what_remains_fails(write):
    pack = write("house.yml", HOUSE_PACK)
    path = write("b.txt", "We utilise it.\n")
    assert cli("fix", "--rules", str(pack), str(path)).exit_code == 1
    assert cli("fix", "--rules", str(pack), "--fail-on", "error", str(path)).exit_code == 0
    assert cli("fix", "--rules", str(pack), "--fail-on", "never", str(path)).exit_code == 0


def test_select_and_ignore_limit_which_rules_fix(write):
    path = write("a.txt", SPUN)
    cli("fix", "--select", "spacing.before-punctuation", str(path))
    text = path.read_text(encoding="utf-8")
    assert "border, or" in text and "again." in text
    assert "Leave a Reply" in text and "late.The" in text and "Mr Cole" in text
    cli("fix", "--ignore", "boilerplate,consistency", str(path))
    text = path.read_text(encoding="utf-8")
    assert "late. The" in text and "Leave a Reply" in text and "Mr Cole" in text
    assert cli("fix", "--select", "no.such-rule", str(path)).exit_code == 2


@pytest.mark.parametrize("encoding,bom", [
    ("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-32-be", codecs.BOM_UTF32_BE),
])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_encoding_bom_and_line_endings_are_kept(write, encoding, bom, newline):
    before = "Hello there , friend.\nShare this article\nÉté ends .\n".replace("\n", newline)
    after = "Hello there, friend.\nÉté ends.\n".replace("\n", newline)
    path = write("e.txt", bom + before.encode(encoding))
    result = cli("fix", str(path))
    assert result.exit_code == 0, result
    assert path.read_bytes() == bom + after.encode(encoding)


def test_a_declared_legacy_encoding_is_kept(write):
    path = write("l.txt", "Caf\u00e9 au lait , s'il vous pla\u00eet.\n".encode("latin-1"))
    assert cli("fix", "--encoding", "latin-1", str(path)).exit_code == 0
    assert path.read_bytes() == "Caf\u00e9 au lait, s'il vous pla\u00eet.\n".encode("latin-1")


def test_permissions_are_kept_and_symlinks_followed(write, tmp_path):
    path = write("p.txt", "Near the border , or not.\n")
    os.chmod(path, 0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(path)
    assert cli("fix", str(link)).exit_code == 0
    assert link.is_symlink()
    assert path.read_text(encoding="utf-8") == "Near the border, or not.\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir() if "copylint-tmp" in p.name] == []


def test_read_only_file_is_reported_and_left_whole(write):
    path = write("r.txt", "Near the border , or not.\n")
    other = write("w.txt", "Near the border , or not.\n")
    os.chmod(path, 0o444)
    result = cli("fix", str(path), str(other))
    assert result.exit_code == 2
    assert f"copylint: error: {path}: read-only file, not fixed" in result.stderr
    assert path.read_text(encoding="utf-8") == "Near the border , or not.\n"
    assert other.read_text(encoding="utf-8") == "Near the border, or not.\n"  # the rest still fixed
    # what remains in the unwritten file is reported
    assert f"{path}:1:16: error spacing.before-punctuation" in result.stdout


def test_a_file_changed_while_copylint_works_is_not_overwritten(write, monkeypatch):
    import checker.fixrun as fixrun

    path = write("c.txt", "Near the border , or not.\n")
    real = fixrun.fix_text

    def fix_while_someone_edits(text, check, **kwargs):
        outcome = real(text, check, **kwargs)
        path.write_text("Someone else's edit , kept.\n", encoding="utf-8")
        return outcome

    monkeypatch.setattr(fixrun, "fix_text", fix_while_someone_edits)
    result = cli("fix", str(path))
    assert result.exit_code == 2
    assert f"copylint: error: {path}: changed on disk while copylint was working; not written" in result.stderr
    assert path.read_text(encoding="utf-8") == "Someone else's edit , kept.\n"
    assert [p.name for p in path.parent.iterdir() if "copylint-tmp" in p.name] == []


def test_unreadable_and_missing_inputs_exit_2_but_others_are_fixed(write, tmp_path):
    good = write("g.txt", "Near the border , or not.\n")
    binary = write("b.txt", b"\x00\x01binary")
    result = cli("fix", str(good), str(binary), str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    assert "binary file" in result.stderr and "no such file or directory" in result.stderr
    assert good.read_text(encoding="utf-8") == "Near the border, or not.\n"


def test_folders_are_walked(write, tmp_path):
    a = write("docs/a.md", "Near the border , or not.\n")
    b = write("docs/sub/b.txt", "Share this article\nThe end.\n")
    skipped = write("docs/c.py", "x = 1 , 2\n")
    assert cli("fix", str(tmp_path / "docs")).exit_code == 0
    assert a.read_text(encoding="utf-8") == "Near the border, or not.\n"
    assert b.read_text(encoding="utf-8") == "The end.\n"
    assert skipped.read_text(encoding="utf-8") == "x = 1 , 2\n"


def test_standard_input_is_fixed_to_standard_output():
    result = cli_process("fix", "-", input="Near the border , or not.\nLeave a Reply\n".encode())
    assert result.exit_code == 0
    assert result.stdout == "Near the border, or not.\n"


def test_remaining_findings_in_json_point_into_the_fixed_file(write):
    pack = write("house.yml", HOUSE_PACK)
    path = write("b.txt", "Leave a Reply\nWe utilise   it.\n")
    result = cli("fix", "--format", "json", "--rules", str(pack), str(path))
    assert result.exit_code == 1
    assert path.read_text(encoding="utf-8") == "We utilise it.\n"
    [entry] = result.json()["files"]
    assert [(f["rule"], f["line"], f["column"], f["fix_safe"]) for f in entry["findings"]] == [
        ("house.utilise", 1, 4, False)]
