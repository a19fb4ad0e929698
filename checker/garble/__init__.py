"""The garble detector: finds phrasing damaged by article spinners and paraphrasing
tools, with no list of known damage. One concern a module: `lexicon` (loading the
shipped data), `pos` (parts of speech), `candidates` (synonym substitutions),
`collocation` (scoring them), `syntax` (broken clause patterns), `spin` (the
document-level score). The rule kind that wires them in is `checker.kinds.garble`."""

from .spin import spin_score  # noqa: E402,F401  (what `copylint stats` shows; spin.py is tiny)
