#!/usr/bin/env python3
"""Export the word pairs of CMU Sphinx's US English language model (BSD-2; shipped in
the PyPI wheel `pocketsphinx`, model/en-us/en-us.lm.bin): two million pairs of news
and general English, eight times the bigrams symspellpy ships. The garble detector
uses them only as evidence that a pair is ordinary English ("laid aside", "rightful
property"): a pair a language model of edited text knows is no spinner's invention.

pocketsphinx writes the model as ARPA text in a child process; that writer is known to
crash in the three-word section, after the pairs are written, so the child's exit
status is not trusted: the pair section is checked against the count the file
declares instead. Output: a gzipped list of the pairs, one "w1 w2" a line.

Run (pocketsphinx installed, e.g. pip install pocketsphinx==5.1.1):
  python tools/export_news_pairs.py --out news-pairs.txt.gz
"""
from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
import tempfile
from pathlib import Path

WRITE_ARPA = """
import os, sys
from pocketsphinx import Config, LogMath, NGramModel, get_model_path
model = NGramModel(Config(), LogMath(), os.path.join(get_model_path(), "en-us", "en-us.lm.bin"))
model.write(sys.argv[1], 0)
"""
# the share of the declared pairs that must be read back for the export to count
COMPLETE = 0.999


def read_pairs(arpa: Path) -> tuple[int, list[str]]:
    """(declared number of pairs, the pairs read) from an ARPA file, lower case,
    letters and apostrophes only (sentence marks and numbers dropped)."""
    declared, pairs, section = 0, [], None
    with arpa.open(encoding="latin-1") as handle:
        for line in handle:
            if line.startswith("ngram 2="):
                declared = int(line.split("=")[1])
            elif line.startswith("\\"):
                section = line.strip()
                if section == "\\3-grams:":
                    break
            elif section == "\\2-grams:":
                parts = line.split()
                if len(parts) >= 3:
                    pairs.append(f"{parts[1]} {parts[2]}")
    return declared, pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        arpa = Path(tmp) / "en-us.arpa"
        subprocess.run([sys.executable, "-c", WRITE_ARPA, str(arpa)], check=False)
        declared, pairs = read_pairs(arpa)
    if not declared or len(pairs) < COMPLETE * declared:
        sys.exit(f"export_news_pairs: error: read {len(pairs)} of {declared} pairs from the model")
    kept = sorted({p for p in pairs if all(w.replace("'", "").isalpha() and w.islower() for w in p.split())})
    with gzip.open(args.out, "wt", encoding="utf-8") as handle:
        handle.writelines(f"{p}\n" for p in kept)
    print(f"{args.out}: {len(kept)} pairs (of {len(pairs)} read, {declared} declared)")


if __name__ == "__main__":
    main()
