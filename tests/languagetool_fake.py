"""A stand-in LanguageTool server for the tests: LanguageTool's real HTTP API
(/v2/languages, /v2/check with form-encoded text or data, /v2/healthcheck) with a
handful of simple rules computed over the text it receives, so offsets are real
(in UTF-16 code units, as LanguageTool counts). It can also misbehave on request.

Run as a script (`python languagetool_fake.py --port N`) it serves until killed:
the tests' fake `java` starts it that way.
"""
from __future__ import annotations

import json
import re
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LANGUAGES = [
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
    {"name": "German (Germany)", "code": "de", "longCode": "de-DE"},
]
MISSPELLINGS = {"recieve": "receive", "teh": "the", "grammer": "grammar", "definately": "definitely"}
VOWEL_SOUND = re.compile(r"[aeio]", re.I)


def _rule(rule_id, description, issue_type, category_id, category_name):
    return {"id": rule_id, "description": description, "issueType": issue_type,
            "category": {"id": category_id, "name": category_name}}


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def find_problems(text: str, language: str, picky: bool):
    """(start, end, rule, message, short message, replacements) in character offsets."""
    speller = f"MORFOLOGIK_RULE_{language.replace('-', '_').upper()}"
    for m in re.finditer(r"[^\W\d_]+", text):
        word = m.group()
        if word.lower() in MISSPELLINGS:
            yield (m.start(), m.end(), _rule(speller, "Possible spelling mistake", "misspelling", "TYPOS",
                                             "Possible Typo"),
                   "Possible spelling mistake found.", "Spelling mistake", [MISSPELLINGS[word.lower()]])
    for m in re.finditer(r"\b([Aa]n?) +([^\W\d_]+)", text):
        article, word = m.group(1), m.group(2)
        wants_an = bool(VOWEL_SOUND.match(word)) and not word.lower().startswith(("uni", "one"))
        if article.lower() == "a" and wants_an or article.lower() == "an" and not wants_an:
            fix = ("an" if wants_an else "a")
            fix = fix.capitalize() if article[0].isupper() else fix
            message = (f"Use “{fix}” instead of ‘{article}’ if the following word "
                       f"{'starts' if wants_an else 'does not start'} with a vowel sound, e.g. ‘an article’.")
            yield (m.start(1), m.end(1), _rule("EN_A_VS_AN", "Use of 'a' vs. 'an'", "misspelling", "MISC",
                                               "Miscellaneous"), message, "Wrong article", [fix])
    for m in re.finditer(r"(?<=\S)  +(?=\S)", text):
        yield (m.start(), m.end(), _rule("WHITESPACE_RULE", "Whitespace repetition (bad formatting)",
                                         "whitespace", "TYPOGRAPHY", "Typography"),
               "Possible typo: you repeated a whitespace", "", [" "])
    for m in re.finditer(r"(?<=\w) +([,.)])", text):
        yield (m.start(), m.end(), _rule("COMMA_PARENTHESIS_WHITESPACE", "Use of whitespace before comma and "
                                         "before/after parentheses", "whitespace", "TYPOGRAPHY", "Typography"),
               "Don't put a space before the full stop.", "", [m.group(1)])
    for m in re.finditer(r"\b(\w+) (\1)\b", text, re.I):
        yield (m.start(), m.end(), _rule("ENGLISH_WORD_REPEAT_RULE", "Word repetition (e.g. 'will will')",
                                         "duplication", "MISC", "Miscellaneous"),
               "Possible typo: you repeated a word.", "Word repetition", [m.group(1)])
    for m in re.finditer(r"\bin order to\b", text, re.I):
        yield (m.start(), m.end(), _rule("IN_ORDER_TO", "in order to (to)", "style", "REDUNDANCY", "Redundant"),
               "Consider shortening this phrase: <suggestion>to</suggestion>.", "Wordiness", ["to"])
    if picky:
        for m in re.finditer(r"\ball of the\b", text, re.I):
            yield (m.start(), m.end(), _rule("ALL_OF_THE", "all of the (all the)", "style", "STYLE", "Style"),
                   "Consider using “all the”.", "", ["all the"])


class FakeLanguageTool:
    """Serves on 127.0.0.1 in a thread. `mode` selects a fault: None, "500",
    "hang", "garbage", "no-matches", "bad-match", "not-lt", "truncate"."""

    def __init__(self, port: int = 0, max_text_length: int | None = None, mode: str | None = None):
        self.mode = mode
        self.max_text_length = max_text_length
        self.requests: list[dict] = []  # form fields of every /v2/check
        self.release = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                path = urllib.parse.urlparse(self.path).path
                if path == "/v2/languages":
                    if fake.mode == "not-lt":
                        return self._send(200, b"<html>hello</html>", "text/html")
                    return self._json(LANGUAGES)
                if path == "/v2/healthcheck":
                    return self._send(200, b"OK", "text/plain")
                return self._send(404, b"Not found", "text/plain")

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8")
                fields = {k: v[0] for k, v in urllib.parse.parse_qs(body, keep_blank_values=True).items()}
                if urllib.parse.urlparse(self.path).path != "/v2/check":
                    return self._send(404, b"Not found", "text/plain")
                fake.requests.append(fields)
                if fake.mode == "hang":
                    fake.release.wait(60)
                    return
                if fake.mode == "500":
                    return self._send(500, b"Error: Internal Server Error: java.lang.OutOfMemoryError", "text/plain")
                if fake.mode == "garbage":
                    return self._send(200, b"{\"matches\": [ oops", "application/json")
                if fake.mode == "no-matches":
                    return self._json({"software": {"name": "LanguageTool"}, "status": "ok"})
                status, answer = fake.check(fields)
                if isinstance(answer, str):
                    return self._send(status, answer.encode("utf-8"), "text/plain")
                if fake.mode == "bad-match" and answer["matches"]:
                    answer["matches"][0]["offset"] = "seven"
                self._json(answer)

            def _json(self, data):
                self._send(200, json.dumps(data).encode("utf-8"), "application/json")

            def _send(self, status, payload, ctype):
                self.send_response(status)
                self.send_header("Content-Type", ctype + "; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02},
                                       daemon=True)

    def start(self) -> "FakeLanguageTool":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def check(self, fields):
        """(status, JSON answer or error text) as LanguageTool gives for these fields."""
        language = fields.get("language", "")
        if language not in {e["longCode"] for e in LANGUAGES} | {"en", "de", "auto"}:
            return 400, f"Error: '{language}' is not a language code known to LanguageTool."
        if "data" in fields:
            parts = json.loads(fields["data"])["annotation"]
        else:
            parts = [{"text": fields.get("text", "")}]
        # plain text as LanguageTool checks it; for each of its characters, the span of
        # the original (text and markup) it comes from, in UTF-16 units
        original_units, plain, origin = 0, [], []
        for part in parts:
            if "text" in part:
                for ch in part["text"]:
                    plain.append(ch)
                    origin.append((original_units, original_units + _units(ch)))
                    original_units += _units(ch)
            else:
                width = _units(part["markup"])
                for ch in part.get("interpretAs", ""):
                    plain.append(ch)
                    origin.append((original_units, original_units + width))
                original_units += width
        text = "".join(plain)
        if self.max_text_length is not None and len(text) > self.max_text_length:
            return 413, f"Error: Your text exceeds the limit of {self.max_text_length} characters"
        disabled = set(filter(None, fields.get("disabledRules", "").split(",")))
        enabled = set(filter(None, fields.get("enabledRules", "").split(",")))
        off_categories = set(filter(None, fields.get("disabledCategories", "").split(",")))
        only = fields.get("enabledOnly") == "true"
        matches = []
        for start, end, rule, message, short, replacements in find_problems(
                text, language, fields.get("level") == "picky"):
            if rule["id"] in disabled or rule["category"]["id"] in off_categories:
                continue
            if only and rule["id"] not in enabled:
                continue
            offset, stop = origin[start][0], origin[end - 1][1]
            sentence_start = max(text.rfind(". ", 0, start) + 2, 0)
            matches.append({
                "message": message,
                "shortMessage": short,
                "replacements": [{"value": r} for r in replacements],
                "offset": offset,
                "length": stop - offset,
                "context": {"text": text[max(0, start - 20):end + 20], "offset": min(start, 20),
                            "length": end - start},
                "sentence": text[sentence_start:text.find(".", end) + 1 or len(text)],
                "type": {"typeName": "Other"},
                "rule": rule,
                "ignoreForIncompleteSentence": False,
                "contextForSureMatch": 0,
            })
        matches.sort(key=lambda m: m["offset"])
        return 200, {
            "software": {"name": "LanguageTool", "version": "6.8", "buildDate": "2026-01-01",
                         "apiVersion": 1, "premium": False, "status": ""},
            "language": {"name": "English (US)", "code": language,
                         "detectedLanguage": {"name": "English (US)", "code": language, "confidence": 0.9}},
            "matches": matches,
        }


if __name__ == "__main__":
    port = int(sys.argv[sys.argv.index("--port") + 1])
    FakeLanguageTool(port).server.serve_forever()
