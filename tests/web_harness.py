"""Driving `copylint serve` as a person would: the real command in its own process,
and Debian's headless Chromium through selenium and Debian's chromedriver (never a
browser downloaded at run time). Used by tests/test_web_page.py and by
tools/web_screenshots.py, so the screenshots in docs/ come from the tests' browser."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
         "--lang=en-US"]
START_TIMEOUT = 90  # seconds for the server to load its checks and print its URL


def browser_missing() -> str | None:
    """Why the browser tests cannot run here (one line), or None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install '.[test]')"
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.access(path, os.X_OK):
            return f"no {path}: install Debian's {package} (apt-get install chromium chromium-driver)"
    return None


def launch(width: int = 1280, height: int = 900, downloads: Path | None = None):
    """A fresh headless Chromium (its own profile folder, removed on quit)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="copylint-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + [f"--user-data-dir={profile}", f"--window-size={width},{height}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    if downloads is not None:
        driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                               {"behavior": "allow", "downloadPath": str(downloads)})
    quit_driver = driver.quit

    def quit_and_clean():
        try:
            quit_driver()
        finally:
            shutil.rmtree(profile, ignore_errors=True)

    driver.quit = quit_and_clean
    return driver


def set_viewport(driver, width: int | None, height: int | None = None) -> None:
    """The page's viewport exactly `width` x `height` CSS pixels (a headless window
    cannot be narrower than 500 pixels); None: back to the window's own."""
    if width is None:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    else:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": height or 900, "deviceScaleFactor": 1, "mobile": False})


class Server:
    """`copylint serve --port 0 ARGS` in `cwd`; `url` once it prints it."""

    def __init__(self, *args: str, cwd: Path | None = None, env: dict | None = None):
        self.args, self.cwd, self.extra_env = args, cwd or Path(tempfile.gettempdir()), env or {}
        self.process: subprocess.Popen | None = None
        self.url = ""

    def __enter__(self) -> "Server":
        env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1", **self.extra_env)
        self.process = subprocess.Popen([sys.executable, "-m", "checker", "serve", "--port", "0", *self.args],
                                        cwd=self.cwd, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            found = re.search(r"http://\S+/", line)
            if found:
                self.url = found.group(0)
                return self
        self.__exit__(None, None, None)
        raise RuntimeError(f"copylint serve did not start: {self.process.stderr.read()}")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for stream in (self.process.stdout, self.process.stderr) if self.process else ():
            stream.close()


def wait_idle(driver, timeout: float = 30) -> None:
    """Until the page has no check pending or running (body[data-busy="0"])."""
    from selenium.webdriver.support.ui import WebDriverWait

    time.sleep(0.05)
    WebDriverWait(driver, timeout, poll_frequency=0.05).until(
        lambda d: d.execute_script("return document.body.dataset.busy") == "0")


def paste(driver, text: str) -> None:
    """A paste event carrying `text` as the clipboard's plain text, into the editor
    at its caret (a headless browser has no system clipboard to paste from)."""
    driver.execute_script("""
        const editor = document.getElementById('editor');
        editor.focus();
        const data = new DataTransfer();
        data.setData('text/plain', arguments[0]);
        editor.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
    """, text)
