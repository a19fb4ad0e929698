"""Screenshots of the `copylint serve` page for docs/, taken by the browser the tests use
(Debian's headless Chromium through selenium; tests/web_harness.py).

    python tools/web_screenshots.py            # writes docs/web-wide.png and docs/web-narrow.png
    python tools/web_screenshots.py --out DIR

The page shows tests/fixtures/example.txt with its findings, one of them selected.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from web_harness import Server, browser_missing, launch, paste, set_viewport, wait_idle  # noqa: E402

SIZES = {"web-wide.png": (1280, 800), "web-narrow.png": (400, 1150)}
EXAMPLE = ROOT / "tests" / "fixtures" / "example.txt"


def take(out: Path, url: str | None = None) -> list[Path]:
    """Writes one PNG per entry of SIZES into `out`; returns their paths. `url`: a
    running `copylint serve` (default: start one for the shots)."""
    if url is None:
        with tempfile.TemporaryDirectory() as folder, Server("--no-config", cwd=Path(folder)) as server:
            return take(out, server.url)
    text = EXAMPLE.read_text(encoding="utf-8")
    written = []
    for name, (width, height) in SIZES.items():
        driver = launch()
        try:
            set_viewport(driver, width, height)
            driver.get(url)
            paste(driver, text)
            wait_idle(driver)
            for _ in range(2):  # Alt+J twice: the second finding selected
                driver.execute_script("document.dispatchEvent(new KeyboardEvent('keydown',"
                                      "{key: 'j', code: 'KeyJ', altKey: true, bubbles: true}))")
            driver.execute_script("window.getSelection().removeAllRanges(); document.activeElement.blur()")
            path = out / name
            driver.save_screenshot(str(path))
            written.append(path)
        finally:
            driver.quit()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNG files")
    args = parser.parse_args()
    reason = browser_missing()
    if reason:
        print(f"web_screenshots: {reason}", file=sys.stderr)
        return 2
    for path in take(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
