"""No super-linear behaviour on pathological inputs.

Each input is checked (document model, every built-in rule, sentences, words) at
size n and at 4n; linear work takes about 4x as long, quadratic work 16x. The test
requires under 8x, measured in CPU time of this process (other processes on the
machine do not count) and with a floor so that very short times do not decide.
The largest size of each input is the one the reliability issue names (a 1 MB word,
100,000 lines of "Mr", 10,000 nested brackets, ...) for plain text; Markdown and HTML
run at an eighth of it, since their parsers cost more per character."""
from __future__ import annotations

import gc
import time

import pytest

from checker.engine import Engine
from checker.runner import check_text

pytestmark = pytest.mark.slow

MB = 1_000_000
# name -> (text of about `size` characters, the size for plain text): the inputs
# at the sizes, then the inputs that were quadratic before (at a quarter MB)
PATHOLOGICAL = {
    "one 1 MB word": (lambda size: "a" * size, MB),
    "100,000 lines of Mr alone": (lambda size: "Mr\n" * (size // 3), 300_000),
    "10,000 nested brackets": (lambda size: "(" * (size // 2) + ")" * (size // 2), 20_000),
    "1 MB of spaces": (lambda size: " " * size, MB),
    "1 MB of periods": (lambda size: "." * size, MB),
    "100k the the": (lambda size: "the the " * (size // 8), 800_000),
    "spaces between two words": (lambda size: "x" + " " * size + ", x", MB // 4),
    "periods then a letter": (lambda size: "." * size + "x", MB // 4),
    "dotted run a.a.a": (lambda size: "a." * (size // 2), MB // 4),
    "hyphenated run a-a-a": (lambda size: "a-" * (size // 2), MB // 4),
    "at signs a@a@a": (lambda size: "a@" * (size // 2), MB // 4),
    "unclosed tags <a<a": (lambda size: "<a" * (size // 2), MB // 4),
    "unclosed comments <!--": (lambda size: "<!--" * (size // 4), MB // 4),
    "backticks": (lambda size: "``a " * (size // 4) + "`", MB // 4),
    "brackets and links [a](": (lambda size: "[a](" * (size // 4), MB // 4),
    "Mr. Mr Mr.": (lambda size: "Mr. Smith and Mr Jones. " * (size // 24), MB // 4),
}
# Markdown and HTML parsers cost more per character: a smaller n shows the growth as well
SHRINK = {"text": 1, "markdown": 8, "html": 8}

ENGINE = Engine()


def cpu_seconds(text: str, fmt: str) -> float:
    gc.collect()
    started = time.process_time()
    result = check_text(ENGINE, text, "big.txt", fmt)
    result.document.sentences, result.document.word_count
    return time.process_time() - started


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_time_grows_linearly(name, fmt):
    make, full = PATHOLOGICAL[name]
    size = full // SHRINK[fmt]
    small = min(cpu_seconds(make(size // 4), fmt) for _ in range(2))
    large = cpu_seconds(make(size), fmt)
    floor = 0.03
    assert large < 8 * max(small, floor), f"{name} ({fmt}): {small:.3f}s at n, {large:.3f}s at 4n"
