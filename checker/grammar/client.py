"""A small client for LanguageTool's HTTP API (/v2/languages, /v2/check).

Why not language-tool-python's remote mode: it waits up to 300 s per request and
retries, hides issueType/category handling behind its own Match class, and costs
~90 ms to import; copylint needs every request bounded by a configurable timeout
and a run-wide budget, and the raw JSON. The standard library is enough.
"""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request

READ_CHUNK = 65536
MAX_RESPONSE_BYTES = 64 * 1024 * 1024


class ServerUnavailable(Exception):
    """LanguageTool could not be used; the message says why, in one line."""


class TooLarge(ServerUnavailable):
    """The server refused a request as too long (HTTP 413)."""


class LanguageToolClient:
    def __init__(self, base_url: str, timeout: float, budget: float):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.deadline = time.monotonic() + budget
        self.budget = budget
        self._languages: set[str] | None = None

    # -- the API -----------------------------------------------------------------
    def languages(self) -> set[str]:
        """Language codes the server offers (short and long), fetched once."""
        if self._languages is None:
            data = self._request("GET", "/v2/languages")
            if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
                raise ServerUnavailable(f"{self.base_url} does not answer like a LanguageTool server "
                                        "(/v2/languages is not a list of languages)")
            codes = set()
            for entry in data:
                codes.update(str(entry[k]) for k in ("code", "longCode") if entry.get(k))
            self._languages = codes
        return self._languages

    def check(self, fields: dict[str, str]) -> list[dict]:
        data = self._request("POST", "/v2/check", fields)
        if not isinstance(data, dict) or not isinstance(data.get("matches"), list):
            raise ServerUnavailable(f"{self.base_url} returned a /v2/check answer without a list of matches")
        return data["matches"]

    # -- transport -----------------------------------------------------------------
    def _request(self, method: str, path: str, fields: dict[str, str] | None = None):
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise ServerUnavailable(f"LanguageTool at {self.base_url} used up the time budget of "
                                    f"{self.budget:g}s for this run")
        timeout = min(self.timeout, remaining)
        url = self.base_url + path
        body = urllib.parse.urlencode(fields).encode("utf-8") if fields is not None else None
        request = urllib.request.Request(url, data=body, method=method, headers={
            "Accept": "application/json", "User-Agent": "copylint"})
        if body is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                raw = self._read(response, started + timeout)
        except ServerUnavailable:
            raise
        except urllib.error.HTTPError as exc:
            detail = _first_line(exc.read(2000).decode("utf-8", "replace")) if exc.fp else ""
            if exc.code == 413:
                raise TooLarge(f"LanguageTool at {self.base_url} refused a request as too long") from None
            raise ServerUnavailable(f"LanguageTool at {self.base_url} answered HTTP {exc.code}"
                                    + (f": {detail}" if detail else "")) from None
        except (TimeoutError, OSError) as exc:  # URLError, refused, reset, DNS, timeouts
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError) or "timed out" in str(reason):
                raise ServerUnavailable(f"LanguageTool at {self.base_url} did not answer within "
                                        f"{timeout:g}s") from None
            raise ServerUnavailable(f"cannot reach LanguageTool at {self.base_url}: {reason}") from None
        except Exception as exc:  # http.client oddities from a broken server
            raise ServerUnavailable(f"LanguageTool at {self.base_url} gave a broken answer: {exc!r}") from None
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise ServerUnavailable(f"LanguageTool at {self.base_url} returned something that is not JSON "
                                    f"({_first_line(raw[:80].decode('utf-8', 'replace'))!r}...)") from None

    def _read(self, response, deadline: float) -> bytes:
        chunks, size = [], 0
        while True:
            if time.monotonic() > deadline:
                raise TimeoutError("timed out")
            chunk = response.read(READ_CHUNK)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > MAX_RESPONSE_BYTES:
                raise ServerUnavailable(f"LanguageTool at {self.base_url} sent an answer over "
                                        f"{MAX_RESPONSE_BYTES >> 20} MB")
            chunks.append(chunk)


def _first_line(text: str) -> str:
    text = text.strip()
    return text.splitlines()[0][:160] if text else ""
