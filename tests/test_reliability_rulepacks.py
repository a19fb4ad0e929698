"""User rule packs: a broken pack is one line on stderr naming the file, the rule and
the field, with exit 2; a user's pattern that backtracks catastrophically is stopped by
its time limit, named, and the run goes on with every other rule."""
from __future__ import annotations


import pytest

from conftest import cli

RULE = "rules:\n  - id: user.x\n    kind: pattern\n    description: d\n"

BROKEN_PACKS = {
    "invalid YAML": ("rules:\n  - id: a.b\n    kind: [pattern\n", "invalid YAML (line 4, column 1)"),
    "not a mapping": ("- a\n- b\n", "field 'rules': a pack is a mapping with a list 'rules'"),
    "empty file": ("", "field 'rules': a pack is a mapping with a list 'rules'"),
    "TOML, not YAML": ('[[rules]]\nid = "user.x"\n', "invalid YAML"),
    "not UTF-8": (b"rules: [\xff]\n", "cannot read rule pack"),
    "unknown kind": ("rules:\n  - id: user.x\n    kind: nope\n    description: d\n",
                     "rule user.x: field 'kind': unknown kind 'nope'"),
    "missing description": ("rules:\n  - id: user.x\n    kind: pattern\n    pattern: x\n",
                            "rule user.x: field 'description': missing"),
    "missing pattern": (RULE, "rule user.x: field 'pattern': missing"),
    "pattern of the wrong type": (RULE + "    pattern: 3\n", "rule user.x: field 'pattern': must be a str"),
    "bad regular expression": (RULE + "    pattern: '(unclosed'\n",
                               "rule user.x: field 'pattern': invalid regular expression: missing )"),
    "bad line pattern": ("rules:\n  - id: user.x\n    kind: boilerplate\n    description: d\n    lines: ['[z-a]']\n",
                         "rule user.x: field 'lines': invalid regular expression '[z-a]'"),
    "unknown severity": (RULE + "    pattern: x\n    severity: huge\n",
                         "rule user.x: field 'severity': must be one of info, warning, error"),
    "examples not a mapping": (RULE + "    pattern: x\n    examples: [1]\n", "rule user.x: field 'examples': must be a dict"),
    "fix names a missing group": (RULE + "    pattern: '(?P<a>x)'\n    fix: '{b}'\n",
                                  "rule user.x: field 'fix': names group 'b' that the pattern does not define"),
    "fix with a lone brace": (RULE + "    pattern: x\n    fix: '{'\n",
                              "rule user.x: field 'fix': bad template: Single '{' encountered"),
    "message with a lone brace": (RULE + "    pattern: x\n    message: 'a } b'\n",
                                  "rule user.x: field 'message': bad template"),
    "bad id": ("rules:\n  - id: X\n    kind: pattern\n    description: d\n    pattern: x\n",
               "rule X: field 'id': must be dotted lower-case"),
    "rule without an id": ("rules:\n  - kind: pattern\n    description: d\n    pattern: x\n",
                           "rule #1: field 'id': missing"),
    "phrase replacement of the wrong type": (
        "rules:\n  - id: user.x\n    kind: phrase\n    description: d\n    phrases: {a: 3}\n",
        "rule user.x: field 'phrases': replacement of 'a' must be a string or a list"),
    "deeply nested YAML": ("rules: " + "[" * 5000 + "]" * 5000 + "\n", "invalid YAML"),
}


@pytest.mark.parametrize("name", list(BROKEN_PACKS))
def test_a_broken_pack_is_one_line_naming_file_rule_and_field(write, name):
    content, expected = BROKEN_PACKS[name]
    pack = write("pack.yml", content)
    target = write("a.txt", "Some text.\n")
    result = cli("lint", "--rules", str(pack), str(target))
    assert result.exit_code == 2, result
    assert result.stderr.splitlines() == [f"copylint: error: {pack}: " + result.stderr.split(f"{pack}: ", 1)[1].strip()]
    assert expected in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


