"""`--languagetool local`: a LanguageTool server on this machine.

language-tool-python owns the installation (where LanguageTool lives, which
version, the download and the server command line); copylint checks Java and the
installation itself first so that each missing piece gets its own clear message,
never downloads during `lint` (only `copylint grammar install` does), and starts
the server with its own bounded wait instead of the library's port-hopping retry.
A server already answering at `local_url` (one started by hand) is reused.
"""
from __future__ import annotations

import atexit
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

MIN_JAVA = 17
JAVA_VERSION = re.compile(r'version "(?:1\.)?(\d+)[^"]*"|^\S+ (\d+)(?:\.\d+)*', re.MULTILINE)
INSTALL_HINT = "run 'copylint grammar install' (downloads LanguageTool, about 260 MB)"
JAVA_HINT = f"install Java {MIN_JAVA} or newer (e.g. 'apt install openjdk-17-jre-headless')"


class LocalUnavailable(Exception):
    """No local LanguageTool can run; the message says what is missing and what to do."""


@dataclass
class Java:
    path: str
    major: int
    description: str


def find_java() -> Java:
    path = shutil.which("java")
    if not path:
        raise LocalUnavailable(f"Java was not found on PATH; LanguageTool needs it: {JAVA_HINT}")
    try:
        done = subprocess.run([path, "-version"], capture_output=True, text=True, timeout=15)
    except (OSError, subprocess.SubprocessError) as exc:
        raise LocalUnavailable(f"cannot run {path} -version ({exc}); {JAVA_HINT}") from None
    output = (done.stderr or "") + (done.stdout or "")
    m = JAVA_VERSION.search(output)
    if not m:
        raise LocalUnavailable(f"cannot tell the version of {path}; {JAVA_HINT}")
    major = int(m.group(1) or m.group(2))
    first = output.strip().splitlines()[0] if output.strip() else ""
    return Java(path, major, first)


def require_java() -> Java:
    java = find_java()
    if java.major < MIN_JAVA:
        raise LocalUnavailable(f"{java.path} is Java {java.major}; LanguageTool needs Java {MIN_JAVA} or newer: "
                               f"{JAVA_HINT}")
    return java


def download_dir() -> Path:
    """Where language-tool-python keeps LanguageTool (its LTP_PATH convention)."""
    return Path(os.environ.get("LTP_PATH") or Path.home() / ".cache" / "language_tool_python")


def installed():
    """language-tool-python's newest installed LanguageTool with its server jar, or None."""
    if not download_dir().is_dir():
        return None  # asking the library would create the folder
    from language_tool_python.download_lt import LocalLanguageTool

    candidates = sorted(LocalLanguageTool.get_installed_versions(), reverse=True)
    for candidate in candidates:
        try:
            candidate.get_jar_path()
        except (FileNotFoundError, OSError):
            continue
        return candidate
    return None


def is_languagetool(url: str, timeout: float = 1.0) -> bool:
    """True when a LanguageTool server answers at url (a quick probe)."""
    from .client import LanguageToolClient, ServerUnavailable

    try:
        return bool(LanguageToolClient(url, timeout, timeout).languages())
    except ServerUnavailable:
        return False


class LocalServer:
    """A LanguageTool server process started for this run, stopped at exit by the
    process that started it (worker processes forked later share it, never stop it)."""

    def __init__(self, url: str, process: subprocess.Popen | None, version: str):
        self.url, self.process, self.version = url, process, version
        self.owner = os.getpid()
        if process is not None:
            atexit.register(self.stop)

    def stop(self) -> None:
        if os.getpid() != self.owner:
            return
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None


def start(options) -> LocalServer:
    """A LanguageTool server on this machine: a running one at options.local_url, or one
    started now from language-tool-python's installation. Never downloads."""
    from . import options as defaults

    reuse = options.local_url or defaults.DEFAULT_LOCAL_URL
    if is_languagetool(reuse):
        return LocalServer(reuse.rstrip("/"), None, "running")
    require_java()
    tool = installed()
    if tool is None:
        raise LocalUnavailable(f"LanguageTool is not installed in {download_dir()}: {INSTALL_HINT}")
    port = _free_port()
    try:
        command = tool.get_server_cmd(port)
    except Exception as exc:  # the library's PathError/JavaError and file errors
        raise LocalUnavailable(f"cannot build the LanguageTool server command: {exc}") from None
    url = f"http://127.0.0.1:{port}"
    log = tempfile.TemporaryFile()  # a file, not a pipe: a chatty server never blocks on it
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                   start_new_session=True)
    except OSError as exc:
        raise LocalUnavailable(f"cannot start LanguageTool ({command[0]}): {exc}") from None
    server = LocalServer(url, process, tool.version_name)
    deadline = time.monotonic() + options.start_timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            detail = log.read().decode("utf-8", "replace").strip().splitlines()
            server.stop()
            raise LocalUnavailable(f"the LanguageTool server exited at start (status {process.returncode})"
                                   + (f": {detail[-1][:200]}" if detail else ""))
        if is_languagetool(url, 1.0):
            return server
        time.sleep(0.2)
    server.stop()
    raise LocalUnavailable(f"the local LanguageTool server did not start within {options.start_timeout:g}s "
                           "(raise languagetool.start_timeout)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
