"""The file names in the headers of `copylint fix --diff`, chosen so that the diff applies.

`patch -p1` and `git apply` drop the first component of a header's name (`a/`, `b/`)
and open the rest relative to the folder they run in; both refuse a name with a `..`
component, and a name that starts with `/` would leave `a//tmp/x.txt`. So each file is
named by a clean relative path, from one root for the whole run so that one
`patch -p1` applies the whole diff:

- the current folder, when every file of the run lies inside it, whether its path was
  typed relative or absolute (`a/docs/x.md`): apply from the folder copylint ran in;
- otherwise the file-system root, as `git diff --no-index` names absolute paths
  (`a/tmp/x.txt`): apply with `patch -d / -p1`.

Standard input is named `-` (`a/-`); give the file to `patch` by name then.
"""
from __future__ import annotations

import os

STDIN = "-"


def diff_labels(paths: list[str]) -> dict[str, str]:
    """The header name (without `a/` or `b/`, with forward slashes) of each path of one run."""
    located = {path: _locate(path) for path in paths if path != STDIN}
    inside = all(relative is not None for _, relative in located.values())
    labels = {STDIN: STDIN}
    for path, (absolute, relative) in located.items():
        labels[path] = (relative if inside else _from_root(absolute)).replace(os.sep, "/")
    return labels


def _locate(path: str) -> tuple[str, str | None]:
    """(absolute path, path relative to the current folder or None when outside it)."""
    cwd = os.getcwd()
    parts = path.replace(os.sep, "/").split("/")
    if not os.path.isabs(path) and ".." not in parts:
        relative = os.path.normpath(path)  # only drops "." and doubled separators: exact
        return os.path.join(cwd, relative), relative
    if ".." not in parts:
        absolute = os.path.normpath(path)
        relative = _under(absolute, cwd)
        if relative is not None:
            return absolute, relative
    # ".." after a symbolic link leads where the link's target is, not where the text
    # says: resolve the folder as the file system does (the file's own name is kept).
    folder, name = os.path.split(path)
    absolute = os.path.join(os.path.realpath(folder or os.curdir), name)
    return absolute, _under(absolute, os.path.realpath(cwd))


def _under(absolute: str, folder: str) -> str | None:
    try:
        relative = os.path.relpath(absolute, folder)
    except ValueError:  # another drive (Windows)
        return None
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return None
    return relative


def _from_root(absolute: str) -> str:
    return os.path.splitdrive(absolute)[1].lstrip(os.sep + "/")


_ESCAPES = {"\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v", "\f": "\\f", "\r": "\\r",
            '"': '\\"', "\\": "\\\\"}


def header_name(prefix: str, label: str) -> str:
    """`prefix` + `label` as a diff header writes it, read back the same by `patch` and
    `git apply`: in double quotes with C escapes when it holds a quote, a backslash or a
    control character (as git writes such names), else followed by a tab when it holds a
    space (else `patch` would stop the name at the space)."""
    name = prefix + label
    if any(c in _ESCAPES or ord(c) < 0x20 or ord(c) == 0x7F for c in name):
        escaped = "".join(_ESCAPES.get(c) or (f"\\{ord(c):03o}" if ord(c) < 0x20 or ord(c) == 0x7F else c)
                          for c in name)
        return f'"{escaped}"'
    return name + "\t" if " " in name else name
