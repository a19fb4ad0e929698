"""The garble detector: finds phrasing damaged by article spinners and paraphrasing
tools, with no list of known damage. One concern a module: `lexicon` (loading the
shipped data), `pos` (parts of speech), `candidates` (synonym substitutions),
`collocation` (scoring them), `acronym` (terms their acronym no longer fits), `syntax`
(broken clause patterns), `spin` (the document-level score), `spans` (overlaps), and with `--deep` `deep` (the language model judges swapped-word
candidates) and `fluency` (a small word missing or one too many). The rule kind that
wires them in is `checker.kinds.garble`; the model itself is `checker.lm`'s."""

from .spin import spin_score  # noqa: E402,F401  (what `copylint stats` shows; spin.py is tiny)
