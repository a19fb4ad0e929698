"""`copylint serve` without a browser: what its endpoints answer, and that they answer
exactly what `copylint lint` and `copylint fix` say about the same text, with the
guards a page that handles other people's copy needs (token, JSON only, host, size)."""
from __future__ import annotations

import base64
import io
import json
import os
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("starlette", reason="the web extra is not installed (pip install '.[test]')")
pytest.importorskip("httpx2", reason="httpx2 (Starlette's test client) is not installed (pip install '.[test]')")

from starlette.testclient import TestClient  # noqa: E402

from checker import __version__  # noqa: E402
from checker.engine import Engine  # noqa: E402
from checker.finding import Finding  # noqa: E402
from checker.web.app import body_limit, create_app  # noqa: E402
from checker.web.serve import is_loopback, page_url  # noqa: E402
from checker.web.service import RequestError, Span, WebChecker, _moved  # noqa: E402

from conftest import ROOT, cli  # noqa: E402
from strategies import budget  # noqa: E402

ENGINE = Engine()
CHECKER = WebChecker(ENGINE, version=__version__)
TOKEN = "test-token"
COPY = ("Credit…Ann Lee/Harbour Pictures\n\n"
        "Mr. Hale met Mr Ward near the quay , as the council said .\n"
        "The vote was close.It passed in the end.\n\nLeave a Reply\n")


def client(limit: int = 200_000, hosts=("127.0.0.1", "localhost", "testserver")) -> TestClient:
    return TestClient(create_app(CHECKER, limit=limit, hosts=hosts, token=TOKEN))


def post(c: TestClient, path: str, body, token: str = TOKEN, **headers):
    return c.post(path, content=json.dumps(body), headers={"content-type": "application/json",
                                                           "x-copylint-token": token, **headers})


def lint_json(tmp_path, name: str, text: str, *options: str) -> dict:
    """`copylint lint --format json [OPTIONS] NAME` run in a folder holding the text as NAME."""
    (tmp_path / name).write_text(text, encoding="utf-8", newline="")
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        return cli("lint", "--format", "json", *options, "--no-config", name).json()
    finally:
        os.chdir(here)


def fixed_by_cli(text: str, *options: str) -> str:
    return cli("fix", "--no-config", *options, "-", input=text.encode("utf-8")).stdout


# -- the same findings, fixes and reports as the command line ------------------------------

def test_check_returns_the_findings_of_copylint_lint(tmp_path):
    answer = post(client(), "/api/check", {"text": COPY, "format": "text", "name": "copy.txt"})
    assert answer.status_code == 200
    expected = lint_json(tmp_path, "copy.txt", COPY, "--stats")["files"][0]
    assert answer.json()["findings"] == expected["findings"]
    assert {f["rule"] for f in answer.json()["findings"]} >= {
        "consistency.honorific", "spacing.before-punctuation", "boilerplate.comment-form"}
    assert answer.json()["stats"]["words"] == expected["stats"]["words"]
    assert answer.json()["stats"]["flesch_reading_ease"] == expected["stats"]["flesch_reading_ease"]
    assert answer.json()["stats"]["spin_score"] == expected["spin_score"]
    assert answer.json()["rules"]["consistency.honorific"] == ENGINE.rule("consistency.honorific").description


def test_check_reads_markdown_and_html_as_lint_does(tmp_path):
    text = "Some `code , here` and prose , there.\n"
    for fmt, name in (("markdown", "a.md"), ("html", "a.html"), ("text", "a.txt")):
        answer = post(client(), "/api/check", {"text": text, "format": fmt, "name": name}).json()
        assert answer["findings"] == lint_json(tmp_path, name, text)["files"][0]["findings"]
    spans = [(f["start"], f["end"]) for f in post(client(), "/api/check", {"text": text, "format": "markdown"}).json()["findings"]]
    assert spans == [(text.index(" , there"), text.index(" , there") + 2)]


def test_accept_all_safe_fixes_gives_what_copylint_fix_writes():
    answer = post(client(), "/api/fix", {"text": COPY, "format": "text", "rejected": []}).json()
    assert answer["text"] == fixed_by_cli(COPY)
    assert answer["text"] != COPY
    assert answer["applied"]["spacing.before-punctuation"] == 2
    assert answer["converged"] is True
    assert all(not (f["fix_safe"] and f["replacements"]) for f in answer["findings"])


def test_a_rejected_finding_is_left_alone_and_followed_through_the_passes():
    text = "Mr. Hale met Mr Ward near the quay , as the council said .\n"
    start = text.index("Mr Ward")
    rejected = [{"rule": "consistency.honorific", "start": start, "end": start + 2}]
    answer = post(client(), "/api/fix", {"text": text, "rejected": rejected}).json()
    assert answer["text"] == fixed_by_cli(text, "--ignore", "consistency.honorific")
    moved = answer["rejected"]
    assert moved == [{"rule": "consistency.honorific", "start": answer["text"].index("Mr Ward"),
                      "end": answer["text"].index("Mr Ward") + 2}]
    assert any(f["rule"] == "consistency.honorific" and f["start"] == moved[0]["start"]
               for f in answer["findings"])


def test_accept_one_fix_changes_that_finding_only():
    findings = CHECKER.check(COPY)["findings"]
    honorific = next(f for f in findings if f["rule"] == "consistency.honorific")
    wanted = {k: honorific[k] for k in ("rule", "start", "end")}
    answer = post(client(), "/api/apply", {"text": COPY, "finding": wanted}).json()
    assert answer["text"] == COPY[:honorific["start"]] + "Mr." + COPY[honorific["end"]:]
    assert not any(f["rule"] == "consistency.honorific" for f in answer["findings"])
    assert len(answer["findings"]) == len(findings) - 1


def test_accept_one_refuses_a_finding_that_is_not_there():
    answer = post(client(), "/api/apply", {"text": COPY, "finding": {"rule": "consistency.honorific", "start": 0, "end": 2}})
    assert answer.status_code == 422
    assert answer.json() == {"error": "that finding is no longer in the text; check again"}
    text = "They left. “An open quote and more.\n"
    unfixable = next(f for f in CHECKER.check(text)["findings"] if f["rule"] == "punctuation.unbalanced-quotes")
    assert unfixable["replacements"] == []
    answer = post(client(), "/api/apply", {"text": text, "finding": {k: unfixable[k] for k in ("rule", "start", "end")}})
    assert answer.json() == {"error": "punctuation.unbalanced-quotes proposes no fix here"}


def test_accept_one_applies_an_unsafe_fix_the_user_chose():
    text = "President Zelenskyy met aides. Later Mr. Zelensky spoke to Zelenskyy's staff.\n"
    finding = next(f for f in CHECKER.check(text)["findings"] if f["rule"] == "consistency.name")
    assert finding["fix_safe"] is False
    outcome = CHECKER.apply_one(text, "text", "-", Span(finding["rule"], finding["start"], finding["end"]))
    assert outcome["text"] == text.replace("Mr. Zelensky ", "Mr. Zelenskyy ")
    assert CHECKER.fix_safe(text, "text", "-")["text"] == text  # never applied unattended


def test_reports_are_those_of_copylint_lint(tmp_path):
    c = client()
    answer = post(c, "/api/report", {"text": COPY, "name": "copy.txt", "kind": "json"})
    assert answer.status_code == 200
    assert answer.headers["content-disposition"] == 'attachment; filename="copy.copylint.json"'
    assert answer.json() == lint_json(tmp_path, "copy.txt", COPY)
    sarif = post(c, "/api/report", {"text": COPY, "name": "copy.txt", "kind": "sarif"})
    assert sarif.headers["content-type"].startswith("application/sarif+json")
    run = sarif.json()["runs"][0]
    assert sarif.json()["version"] == "2.1.0"
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["charOffset"]) for r in run["results"]] == [
        (f["rule"], f["start"]) for f in CHECKER.check(COPY)["findings"]]
    bad = post(c, "/api/report", {"text": COPY, "kind": "pdf"})
    assert bad.status_code == 422 and bad.json()["error"] == "unknown report 'pdf' (one of json, sarif)"


def test_offsets_count_code_points_past_astral_characters():
    text = "🙂🙂 near the quay , there.\n"
    finding = CHECKER.check(text)["findings"][0]
    assert text[finding["start"]:finding["end"]] == " ,"


def test_a_lone_surrogate_in_the_text_travels_back_exactly():
    text = "Credit…Ann \ud800 Lee/Wire\nnear the quay , there.\n"
    c = client()
    checked = post(c, "/api/check", {"text": text})
    assert checked.status_code == 200
    assert [text[f["start"]:f["end"]] for f in checked.json()["findings"]] == ["Credit…Ann \ud800 Lee/Wire", " ,"]
    fixed = post(c, "/api/fix", {"text": text})
    assert fixed.json()["text"] == fixed_by_the_fixer(text)  # standard input cannot carry it to the CLI
    report = post(c, "/api/report", {"text": text, "kind": "json"})
    assert report.status_code == 200 and "\\ud800" in report.text


def fixed_by_the_fixer(text: str) -> str:
    from checker.fixer import fix_text
    from checker.runner import check_text

    return fix_text(text, lambda t: check_text(ENGINE, t).findings).text


def test_a_check_says_which_optional_checks_were_skipped():
    from checker.config import Settings

    unreachable = WebChecker(Engine(Settings(languagetool={"server": "http://127.0.0.1:9", "timeout": 2})))
    answer = unreachable.check("Near the quay , there.")
    assert [f["rule"] for f in answer["findings"]] == ["spacing.before-punctuation"]  # every other check ran
    assert answer["skipped"]["grammar"].startswith("cannot reach LanguageTool at http://127.0.0.1:9")
    assert answer["problems"] == []


# -- rejected spans through a pass's edits --------------------------------------------------

def _edit(start, end, fix):
    return Finding("r", "error", start, end, "m", (fix,), True)


def test_moved_shifts_by_the_edits_before_and_drops_a_span_an_edit_cuts():
    span = Span("x", 10, 14)
    assert _moved(span, [_edit(2, 4, "")]) == Span("x", 8, 12)
    assert _moved(span, [_edit(2, 4, "abcd"), _edit(14, 15, "")]) == Span("x", 12, 16)
    assert _moved(span, [_edit(10, 10, "ab")]) == Span("x", 12, 16)  # inserted just before
    assert _moved(span, [_edit(12, 13, "")]) is None
    assert _moved(span, [_edit(8, 11, "")]) is None


@budget(40)
@given(st.lists(st.sampled_from(["Mr", "Mr.", "Hale", " ", " ,", ".", "\n", "Leave a Reply", "word", "the the"]),
                max_size=30).map("".join), st.data())
def test_rejecting_any_fixable_finding_keeps_its_text(text, data):
    fixable = [f for f in CHECKER.check(text)["findings"] if f["fix_safe"] and f["replacements"]]
    if not fixable:
        return
    chosen = data.draw(st.sampled_from(fixable))
    outcome = CHECKER.fix_safe(text, "text", "-", [Span(chosen["rule"], chosen["start"], chosen["end"])])
    for kept in outcome["rejected"]:
        assert outcome["text"][kept["start"]:kept["end"]] == text[chosen["start"]:chosen["end"]]
    if not outcome["rejected"]:  # another fix rewrote the text around it
        assert outcome["converged"]


# -- uploads -----------------------------------------------------------------------------------

def upload(c, name: str, data: bytes):
    return post(c, "/api/upload", {"name": name, "data": base64.b64encode(data).decode()})


def test_uploads_are_decoded_as_lint_reads_files():
    c = client()
    assert upload(c, "a.txt", b"\xef\xbb\xbfplain , text").json() == {"name": "a.txt", "format": "text", "text": "plain , text"}
    assert upload(c, "b.MD", "# Title\n".encode()).json()["format"] == "markdown"
    assert upload(c, "c.htm", b"<p>x</p>").json()["format"] == "html"
    binary = upload(c, "d.txt", b"\x00\x01\x02")
    assert binary.status_code == 422
    assert binary.json()["error"] == "d.txt: binary file (contains NUL bytes), not checked"
    latin = upload(c, "e.txt", "caf\u00e9".encode("latin-1"))
    assert latin.json()["error"].startswith("e.txt: not valid UTF-8 at byte 3")
    other = upload(c, "f.pdf", b"%PDF")
    assert other.status_code == 422 and other.json()["error"].startswith("f.pdf: not a file copylint reads")


def test_uploads_are_decoded_with_the_encoding_given_to_serve():
    from checker.config import Settings

    latin = WebChecker(Engine(Settings(encoding="latin-1")))
    c = TestClient(create_app(latin, hosts=("testserver",), token=TOKEN))
    assert upload(c, "e.txt", "caf\u00e9 , bar".encode("latin-1")).json()["text"] == "caf\u00e9 , bar"


def test_serve_uses_the_configuration_of_the_folder_it_starts_in(tmp_path):
    import re
    import urllib.request

    from web_harness import Server

    (tmp_path / "pyproject.toml").write_text('[tool.copylint]\nignore = ["spacing"]\n')
    text = "Mr. Hale met Mr Ward near the quay , as the council said.\n"
    with Server(cwd=tmp_path) as server:
        page = urllib.request.urlopen(server.url, timeout=30).read().decode()
        token = re.search(r'name="copylint-token" content="([^"]+)"', page).group(1)
        request = urllib.request.Request(server.url + "api/check", data=json.dumps({"text": text}).encode(),
                                         headers={"content-type": "application/json", "x-copylint-token": token})
        answer = json.loads(urllib.request.urlopen(request, timeout=30).read())
    unconfigured = lint_json(tmp_path, "copy.txt", text)["files"][0]["findings"]  # --no-config
    assert [f["rule"] for f in unconfigured] == ["consistency.honorific", "spacing.before-punctuation"]
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        configured = cli("lint", "--format", "json", "copy.txt").json()["files"][0]["findings"]
    finally:
        os.chdir(here)
    assert answer["findings"] == configured
    assert [f["rule"] for f in configured] == ["consistency.honorific"]


def docx_bytes(*paragraphs: str, table=None) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for col, value in enumerate(row):
                grid.cell(r, col).text = value
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def test_a_docx_upload_is_read_paragraph_by_paragraph():
    pytest.importorskip("docx", reason="python-docx is not installed (pip install '.[test]')")
    data = docx_bytes("First line , here.", "", "Second paragraph.", table=[["cell one", "cell two"]])
    answer = upload(client(), "report.docx", data).json()
    assert answer == {"name": "report.docx", "format": "text",
                      "text": "First line , here.\n\nSecond paragraph.\n\ncell one\n\ncell two"}
    broken = upload(client(), "broken.docx", b"PK\x03\x04 not really a zip")
    assert broken.json()["error"].startswith("broken.docx: not a readable .docx file")


def test_a_docx_that_unpacks_to_far_more_than_the_limit_is_refused_before_parsing():
    pytest.importorskip("docx", reason="python-docx is not installed (pip install '.[test]')")
    data = docx_bytes("word " * 300_000)
    assert len(data) < 50_000  # under the limit as a file
    answer = upload(client(limit=50_000), "big.docx", data)
    assert answer.status_code == 422
    import zipfile

    unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    assert answer.json()["error"] == (f"big.docx unpacked is {unpacked / 1e6:.1f} MB; the limit is 1.0 MB. "
                                      "Split it, or check it with 'copylint lint'.")


# -- guards ------------------------------------------------------------------------------------

def test_a_post_without_this_runs_token_or_not_json_is_refused():
    c = client()
    assert post(c, "/api/check", {"text": "x"}, token="").status_code == 403
    wrong = post(c, "/api/check", {"text": "x"}, token="guess")
    assert wrong.status_code == 403
    assert wrong.json()["error"] == "This page is out of date or came from another site; reload it."
    form = c.post("/api/check", data={"text": "x"}, headers={"x-copylint-token": TOKEN})
    assert form.status_code == 415 and form.json() == {"error": "Requests must be JSON."}
    broken = c.post("/api/check", content=b"{not json", headers={"content-type": "application/json",
                                                                  "x-copylint-token": TOKEN})
    assert broken.status_code == 400
    assert post(c, "/api/check", ["x"]).status_code == 400
    assert post(c, "/api/check", {"text": 3}).json() == {"error": "text, format and name must be strings"}
    assert post(c, "/api/check", {"text": "x", "format": "pdf"}).json()["error"].startswith("unknown format 'pdf'")
    assert c.get("/api/check").status_code == 405


def test_another_host_name_is_refused():
    c = client(hosts=("127.0.0.1", "localhost"))
    assert c.get("/", headers={"host": "rebound.example:8765"}).status_code == 400
    assert c.get("/", headers={"host": "127.0.0.1:8765"}).status_code == 200


def test_requests_over_the_limit_get_a_clear_message():
    c = client(limit=1000)
    text_over = post(c, "/api/check", {"text": "é" * 600})
    assert text_over.status_code == 422
    assert text_over.json() == {"error": "The text is 0.0 MB; the limit is 0.0 MB. Split it, or check it with 'copylint lint'."}
    body_over = post(c, "/api/check", {"text": "a" * (body_limit(1000) + 10)})
    assert body_over.status_code == 413
    assert body_over.json()["error"].startswith("The request (0.1 MB) is larger than the page accepts: documents may be up to 0.0 MB.")
    streamed = c.post("/api/check", content=iter([b'{"text": "', b"a" * (body_limit(1000) + 10), b'"}']),
                      headers={"content-type": "application/json", "x-copylint-token": TOKEN})
    assert "content-length" not in streamed.request.headers
    assert streamed.status_code == 413
    assert streamed.json()["error"].startswith("The request is larger than the page accepts")
    file_over = upload(client(limit=1000), "a.txt", b"a" * 1001)
    assert file_over.json()["error"] == "a.txt is 0.0 MB; the limit is 0.0 MB. Split it, or check it with 'copylint lint'."


def test_the_page_carries_the_token_and_loads_nothing_from_elsewhere():
    c = client()
    page = c.get("/")
    assert f'<meta name="copylint-token" content="{TOKEN}">' in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    for asset in ("/static/app.js", "/static/style.css"):
        body = c.get(asset).text
        assert "http://" not in body and "https://" not in body and "@import" not in body
    assert "http" not in page.text.replace("http-equiv", "")
    assert c.get("/static/../setup.cfg").status_code == 404
    assert c.get("/static/index.html").status_code == 404


def test_every_run_has_its_own_token():
    import re

    pages = [TestClient(create_app(CHECKER, hosts=("testserver",))).get("/").text for _ in range(2)]
    tokens = [re.search(r'name="copylint-token" content="([^"]+)"', page).group(1) for page in pages]
    assert tokens[0] != tokens[1] and min(len(t) for t in tokens) >= 40


# -- the command -------------------------------------------------------------------------------

def test_loopback_and_urls():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.7")
    assert page_url("0.0.0.0", 80) == "http://127.0.0.1:80/"
    assert page_url("::1", 8000) == "http://[::1]:8000/"


def test_open_hands_the_pages_address_to_the_default_browser(tmp_path):
    import time

    from web_harness import Server

    opened = tmp_path / "opened.txt"
    browser = f"{sys.executable} -c \"import sys; open(sys.argv[2], 'w').write(sys.argv[1])\" %s {opened}"
    with Server("--no-config", "--open", cwd=tmp_path, env={"BROWSER": browser, "DISPLAY": ""}) as server:
        deadline = time.monotonic() + 30
        while not (opened.exists() and opened.read_text()) and time.monotonic() < deadline:
            time.sleep(0.1)  # the file is created before its text is written
        assert opened.read_text() == server.url


def test_serve_on_a_port_in_use_says_so_in_one_line(tmp_path):
    import socket

    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen(1)
    port = holder.getsockname()[1]
    try:
        done = subprocess.run([sys.executable, "-m", "checker", "serve", "--no-config", "--port", str(port)],
                              capture_output=True, text=True, cwd=tmp_path, timeout=60,
                              env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    finally:
        holder.close()
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1].startswith(f"copylint: error: cannot listen on 127.0.0.1:{port}: ")
    assert "Traceback" not in done.stderr


def test_serve_without_the_web_extra_says_how_to_install_it(tmp_path):
    code = ("import sys\n"
            "class WithoutWebExtra:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name.split('.')[0] in ('starlette', 'uvicorn'):\n"
            "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
            "sys.meta_path.insert(0, WithoutWebExtra())\n"
            "sys.argv = ['copylint', 'serve', '--port', '0']\n"
            "import runpy\nrunpy.run_module('checker', run_name='__main__')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=60)
    assert done.returncode == 2
    assert done.stderr == ("copylint: error: 'copylint serve' needs the web extra (starlette is missing): "
                           "pip install 'copylint[web]'\n")


def test_lint_does_not_import_the_web_modules(tmp_path):
    (tmp_path / "a.txt").write_text("Fine text.\n")
    code = ("import sys, runpy\nsys.argv = ['copylint', 'lint', 'a.txt']\n"
            "try:\n    runpy.run_module('checker', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('starlette', 'uvicorn', 'docx') or m.startswith('checker.web')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "[]"
