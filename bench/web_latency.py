"""How long the `copylint serve` page takes to show findings, in the tests' browser
(Debian's headless Chromium; tests/web_harness.py): from a paste to the highlights
drawn, from the last keystroke to the re-check drawn (the 0.4 s pause included), and
"accept all safe fixes". Texts: tests/fixtures/example.txt, and from ../shared when
present the spun news example and a book of the development corpus.

    python bench/web_latency.py
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from web_harness import Server, browser_missing, launch, paste, wait_idle  # noqa: E402

SHARED = ROOT.parent / "shared"
TEXTS = [ROOT / "tests/fixtures/example.txt", SHARED / "examples/spun-news.txt",
         SHARED / "corpus/gutenberg_1661_adventures_of_sherlock_holmes.txt"]
RUNS = 3


def measure(driver, url: str, text: str) -> dict:
    from selenium.webdriver.common.keys import Keys

    driver.get(url)
    started = time.perf_counter()
    paste(driver, text)
    wait_idle(driver, 300)
    pasted = time.perf_counter() - started
    editor = driver.find_element("id", "editor")
    editor.send_keys(Keys.CONTROL, Keys.HOME)
    editor.send_keys("Note")
    started = time.perf_counter()
    editor.send_keys(" , ")
    wait_idle(driver, 300)
    typed = time.perf_counter() - started
    findings = driver.find_element("id", "status").text.split(":")[0]
    started = time.perf_counter()
    driver.find_element("id", "fix-all").click()
    wait_idle(driver, 300)
    return {"paste": pasted, "type": typed, "fix": time.perf_counter() - started,
            "findings": findings}


def main() -> int:
    reason = browser_missing()
    if reason:
        print(f"web_latency: {reason}", file=sys.stderr)
        return 2
    texts = [p for p in TEXTS if p.exists()]
    print(f"{'text':<52} {'size':>8} {'paste→shown':>12} {'typing→shown':>13} {'fix all':>8}  findings before fixing")
    with tempfile.TemporaryDirectory() as folder, Server("--no-config", cwd=Path(folder)) as server:
        driver = launch()
        try:
            for path in texts:
                text = path.read_text(encoding="utf-8")
                runs = [measure(driver, server.url, text) for _ in range(RUNS)]
                median = {k: statistics.median(r[k] for r in runs) for k in ("paste", "type", "fix")}
                print(f"{path.name[:52]:<52} {len(text.encode()) / 1000:>6.0f}KB {median['paste']:>11.2f}s "
                      f"{median['type']:>12.2f}s {median['fix']:>7.2f}s  {runs[0]['findings']}")
        finally:
            driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
