#!/usr/bin/env python3
"""Count word pairs in technical English for the garble detector: the documentation
of scientific software, fetched from the package registries (Debian `-doc` packages,
PyPI wheels' docstrings and documents). Google's book bigrams and WordNet lack most
terms of science and engineering ("feature selection", "polynomial regression",
"activation function"); this corpus of about 12 million words has them. Only counts
leave this script, never text.

Output: a gzipped TSV, `w1 w2<TAB>count`, of pairs seen at least MIN_COUNT times,
after `#total<TAB>N` (all pairs counted) and, for each word of a kept pair, `#left w`
and `#right w` with the counts of all pairs having it second or first (so association
is measured against the whole corpus); tools/build_lexicon.py --tech-bigrams reads it. The sources are pinned below;
downloads are cached in --cache, so a rebuild reads them again offline.

Run: python tools/build_tech_bigrams.py --cache DIR --out tech-bigrams.tsv.gz
"""
from __future__ import annotations

import argparse
import gzip
import html
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

# Debian bookworm documentation packages (HTML and text)
DEBIAN_DOCS = (
    "emboss-doc", "octave-doc", "opencv-doc", "python-astropy-doc", "python-biopython-doc",
    "python-dipy-doc", "python-nipy-doc", "python-nipype-doc", "python-pandas-doc",
    "python-scipy-doc", "python-skimage-doc", "python-sklearn-doc", "python-statsmodels-doc",
    "weka-doc",
)
# PyPI wheels: docstrings, comments and bundled documents of their Python files
PYPI_WHEELS = (
    "accelerate==1.15.0", "astropy==8.0.2", "biopython==1.88", "captum==0.9.0", "cobra==0.32.1",
    "datasets==5.2.0", "deepchem==2.8.0", "diffusers==0.42.1", "gensim==4.4.0",
    "imbalanced-learn==0.14.2", "keras==3.15.1", "librosa==0.11.0", "lifelines==0.30.3",
    "lightgbm==4.7.0", "mne==1.13.2", "monai==1.6.1", "networkx==3.6.1", "nilearn==0.14.1",
    "nltk==3.10.4", "optuna==5.0.0", "pandas==3.1.1", "peft==0.21.2", "pingouin==0.7.0",
    "pydicom==3.0.2", "pymc==5.28.5", "pyod==3.6.7", "pywavelets==1.9.0", "river==0.26.1",
    "scanpy==1.11.5", "scikit-image==0.26.0", "scikit-learn==1.9.1", "scipy==1.17.1",
    "seaborn==0.13.2", "sentence-transformers==6.2.0", "shap==0.51.0", "sktime==1.2.0",
    "spacy==3.8.18", "statsmodels==0.15.0", "timm==1.0.31", "torchvision==0.29.2",
    "transformers==5.24.0", "tslearn==0.10.0", "xgboost==3.2.0",
)
MIN_COUNT = 3
TEXT_SUFFIXES = {".html", ".htm", ".txt", ".rst", ".md", ".tex", ".texi"}

HIDDEN = re.compile(r"<(script|style|pre|code)\b.*?</\1>", re.S | re.I)
TAG = re.compile(r"<[^>]+>")
# punctuation, digits and symbols end a run of words: a pair never spans them
BREAK = re.compile(r"[^A-Za-z' \t\n-]+|\n\s*\n")
WORD = re.compile(r"^[a-z][a-z'-]*[a-z]$|^[a-z]$")
DOCSTRING = re.compile(r'"""(.*?)"""|\'\'\'(.*?)\'\'\'', re.S)
COMMENT = re.compile(r"^\s*#\s?(.*)$", re.M)


def count_pairs(text: str, counts: Counter) -> None:
    """Adds the text's adjacent lower-case word pairs to `counts`."""
    for run in BREAK.split(text):
        words = run.lower().split()
        for a, b in zip(words, words[1:]):
            if WORD.match(a) and WORD.match(b):
                counts[f"{a} {b}"] += 1


def prose_of(name: str, raw: str) -> str:
    """The prose of a document: HTML without its tags, code blocks and scripts."""
    if name.endswith((".html", ".htm")) or raw.lstrip().startswith("<"):
        return html.unescape(TAG.sub(" ", HIDDEN.sub(" ", raw)))
    return raw


def python_prose(source: str) -> str:
    """Docstrings (without doctest lines) and comments of a Python file."""
    parts = []
    for a, b in DOCSTRING.findall(source):
        parts.append("\n".join(line for line in (a or b).split("\n")
                               if not line.strip().startswith((">>>", "..."))))
    parts.append("\n".join(c for c in COMMENT.findall(source)
                           if not c.startswith(("!", "-*-", "noqa", "type:", "pragma", "pylint", "fmt:"))))
    return "\n\n".join(parts)


def fetch(cache: Path) -> tuple[list[Path], list[Path]]:
    """The Debian packages and wheels, downloaded into `cache` unless already there."""
    debs, wheels = cache / "deb", cache / "wheels"
    debs.mkdir(parents=True, exist_ok=True)
    wheels.mkdir(parents=True, exist_ok=True)
    for package in DEBIAN_DOCS:
        if not list(debs.glob(f"{package}_*.deb")):
            subprocess.run(["apt-get", "download", package], cwd=debs, check=True)
    for pin in PYPI_WHEELS:
        name = pin.split("==")[0].replace("-", "_").lower()
        if not [w for w in wheels.glob("*.whl") if w.name.lower().startswith(name + "-")]:
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                            "-d", str(wheels), pin], check=True)
    return sorted(debs.glob("*.deb")), sorted(wheels.glob("*.whl"))


def count_debian(deb: Path, counts: Counter) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["dpkg-deb", "-x", str(deb), tmp], check=True)
        for path in Path(tmp).rglob("*"):
            suffixes = path.suffixes
            compressed = suffixes[-1:] == [".gz"]
            suffix = suffixes[-2] if compressed and len(suffixes) > 1 else path.suffix
            if not path.is_file() or suffix not in TEXT_SUFFIXES:
                continue
            opener = gzip.open if compressed else open
            with opener(path, "rt", encoding="utf-8", errors="replace") as handle:
                count_pairs(prose_of(path.name, handle.read()), counts)


def count_wheel(wheel: Path, counts: Counter) -> None:
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            if ".dist-info/" in name or "/tests/" in name or "/test_" in name:
                continue
            if name.endswith(".py"):
                count_pairs(python_prose(archive.read(name).decode("utf-8", "replace")), counts)
            elif Path(name).suffix in TEXT_SUFFIXES:
                count_pairs(prose_of(name, archive.read(name).decode("utf-8", "replace")), counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", required=True, help="folder for the downloaded packages")
    parser.add_argument("--out", required=True, help="the gzipped TSV to write")
    args = parser.parse_args()
    debs, wheels = fetch(Path(args.cache))
    counts: Counter = Counter()
    for deb in debs:
        count_debian(deb, counts)
    for wheel in wheels:
        count_wheel(wheel, counts)
    kept = sorted((pair, n) for pair, n in counts.items() if n >= MIN_COUNT)
    left, right = Counter(), Counter()
    for pair, n in counts.items():
        a, b = pair.split(" ")
        right[a] += n
        left[b] += n
    words = {w for pair, _ in kept for w in pair.split(" ")}
    with gzip.open(args.out, "wt", encoding="utf-8") as handle:
        handle.write(f"#total\t{sum(counts.values())}\n")
        for w in sorted(words):
            handle.write(f"#left {w}\t{left[w]}\n#right {w}\t{right[w]}\n")
        for pair, n in kept:
            handle.write(f"{pair}\t{n}\n")
    print(f"{args.out}: {len(kept)} pairs seen {MIN_COUNT}+ times, "
          f"{sum(counts.values())} pairs in all, from {len(debs)} Debian packages and {len(wheels)} wheels")


if __name__ == "__main__":
    main()
