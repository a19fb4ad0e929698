"""The page of `copylint serve` in a real browser: Debian's headless Chromium driven by
selenium, against the real command in its own process. What an editor does: paste,
read the highlights, hover, accept one fix, reject one, accept all safe fixes and
download, move with the keyboard, drop a .docx, and what must never happen: a
document's markup running as HTML, an oversized file taken in."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from web_harness import Server, browser_missing, launch, paste, set_viewport, wait_idle

REASON = browser_missing()
if REASON:
    pytest.skip(f"browser tests skipped: {REASON}", allow_module_level=True)
pytest.importorskip("starlette", reason="the web extra is not installed (pip install '.[test]')")

from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

from conftest import cli  # noqa: E402

LIMIT_MB = 0.2  # the server under test takes documents up to 0.2 MB (--max-mb)
# An emoji before the findings: the page must turn code points into UTF-16 offsets.
COPY = ("Credit…Ann Lee/Harbour Pictures 🙂\n\n"
        "Mr. Hale met Mr. Ward and Mr Ross near the quay , as the council said .\n"
        "The vote was close.It passed in the end.\n\nLeave a Reply\n")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve")  # no configuration file above it but the system's
    with Server("--no-config", "--max-mb", str(LIMIT_MB), cwd=folder) as running:
        yield running


@pytest.fixture(scope="module")
def downloads(tmp_path_factory):
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads):
    driver = launch(1280, 900, downloads=downloads)
    yield driver
    driver.quit()


@pytest.fixture
def page(server, browser, downloads):
    for old in downloads.iterdir():
        old.unlink()
    set_viewport(browser, None)
    browser.get(server.url)
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
    return browser


def lint(text: str, *options: str) -> list[dict]:
    return cli("lint", "--format", "json", "--no-config", *options, "-", input=text.encode()).json()["files"][0]["findings"]


def fixed_by_cli(tmp_path: Path, text: str, *options: str) -> str:
    path = tmp_path / "copy.txt"
    path.write_text(text, encoding="utf-8", newline="")
    cli("fix", "--no-config", *options, str(path))
    return path.read_bytes().decode("utf-8")


def editor_text(driver) -> str:
    return driver.execute_script("return document.getElementById('editor').textContent")


def marks(driver) -> list[dict]:
    """Each highlight: its classes, finding ids, text and UTF-16 offsets in the editor."""
    return driver.execute_script("""
        const editor = document.getElementById('editor');
        const out = [];
        for (const mark of editor.querySelectorAll('mark')) {
            const range = document.createRange();
            range.setStart(editor, 0);
            range.setEndBefore(mark);
            const start = range.toString().length;
            out.push({cls: mark.className, ids: mark.dataset.ids, text: mark.textContent,
                      start: start, end: start + mark.textContent.length});
        }
        return out;""")


def utf16(text: str, offset: int) -> int:
    return len(text[:offset].encode("utf-16-le")) // 2


def details(driver) -> str:
    return driver.find_element(By.ID, "details-body").text


def alt(driver, key: str) -> None:
    ActionChains(driver).key_down(Keys.ALT).send_keys(key).key_up(Keys.ALT).perform()
    time.sleep(0.05)


def wait_for_file(folder: Path, name: str, timeout: float = 15) -> Path:
    deadline = time.monotonic() + timeout
    path = folder / name
    while time.monotonic() < deadline:
        if path.exists() and not list(folder.glob("*.crdownload")):
            return path
        time.sleep(0.1)
    raise AssertionError(f"{name} was not downloaded; the folder holds {[p.name for p in folder.iterdir()]}")


def message(driver) -> str:
    WebDriverWait(driver, 15).until(lambda d: d.find_element(By.ID, "message").is_displayed())
    return driver.find_element(By.ID, "message-text").text


# -- paste, and the highlights at the right characters ---------------------------------------

def test_pasted_copy_is_highlighted_at_the_characters_lint_reports(page):
    paste(page, COPY)
    wait_idle(page)
    assert editor_text(page) == COPY
    expected = lint(COPY)
    assert len(expected) >= 5
    shown = marks(page)
    assert len(shown) == len(expected)  # no two of these findings overlap
    for finding, mark in zip(expected, shown):
        assert mark["text"] == COPY[finding["start"]:finding["end"]]
        assert (mark["start"], mark["end"]) == (utf16(COPY, finding["start"]), utf16(COPY, finding["end"]))
        assert mark["cls"] == f"sev-{finding['severity']}"
    status = page.find_element(By.ID, "status").text
    assert status.startswith(f"{len(expected)} findings: ")
    rules = {li.find_element(By.TAG_NAME, "code").text: li.find_element(By.CLASS_NAME, "count").text
             for li in page.find_elements(By.CSS_SELECTOR, "#rules > li")}
    counted = {}
    for f in expected:
        counted[f["rule"]] = counted.get(f["rule"], 0) + 1
    assert rules == {rule: str(n) for rule, n in counted.items()}
    figures = {dd.get_attribute("data-stat"): dd.text for dd in page.find_elements(By.CSS_SELECTOR, "#stats dd")}
    stats = cli("lint", "--format", "json", "--stats", "--no-config", "-", input=COPY.encode()).json()["files"][0]
    assert figures["words"] == str(stats["stats"]["words"])
    assert figures["flesch_reading_ease"] == f"{stats['stats']['flesch_reading_ease']:.1f}"
    assert figures["spin_score"] == f"{stats['spin_score']:.2f}"


def test_hovering_a_highlight_shows_its_message_rule_and_confidence(page):
    paste(page, COPY)
    wait_idle(page)
    honorific = next(f for f in lint(COPY) if f["rule"] == "consistency.honorific")
    mark = next(m for m in page.find_elements(By.CSS_SELECTOR, "#editor mark") if m.text == "Mr")
    ActionChains(page).move_to_element(mark).perform()
    tooltip = page.find_element(By.ID, "tooltip")
    WebDriverWait(page, 5).until(lambda d: tooltip.is_displayed())
    assert tooltip.text.splitlines() == ["warning · consistency.honorific", honorific["message"],
                                         "confidence 100% · fix “Mr.”"]
    mark.click()
    assert honorific["message"] in details(page)
    assert "consistency.honorific" in details(page) and "Confidence: 100%" in details(page)


# -- accept one, reject one, accept all safe, download ---------------------------------------------

def test_accepting_one_fix_changes_that_text_only(page):
    paste(page, COPY)
    wait_idle(page)
    before = lint(COPY)
    honorific = next(f for f in before if f["rule"] == "consistency.honorific")
    next(m for m in page.find_elements(By.CSS_SELECTOR, "#editor mark") if m.text == "Mr").click()
    page.find_element(By.ID, "accept").click()
    wait_idle(page)
    expected = COPY[:honorific["start"]] + "Mr." + COPY[honorific["end"]:]
    assert editor_text(page) == expected
    after = lint(expected)
    assert len(after) == len(before) - 1
    assert [(m["start"], m["end"]) for m in marks(page)] == [(utf16(expected, f["start"]), utf16(expected, f["end"])) for f in after]


def test_accept_all_safe_fixes_then_download_gives_what_copylint_fix_writes(page, downloads, tmp_path):
    paste(page, COPY)
    wait_idle(page)
    page.find_element(By.ID, "fix-all").click()
    wait_idle(page)
    expected = fixed_by_cli(tmp_path, COPY)
    assert expected != COPY
    assert editor_text(page) == expected
    page.find_element(By.ID, "download-text").click()
    downloaded = wait_for_file(downloads, "pasted.corrected.txt")
    assert downloaded.read_bytes() == expected.encode("utf-8")
    assert "Applied " in message(page)
    page.find_element(By.ID, "download-json").click()
    report = json.loads(wait_for_file(downloads, "pasted.copylint.json").read_text(encoding="utf-8"))
    assert report["files"][0]["findings"] == lint(expected)
    page.find_element(By.ID, "download-sarif").click()
    sarif = json.loads(wait_for_file(downloads, "pasted.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and len(sarif["runs"][0]["results"]) == len(lint(expected))


def test_a_rejected_finding_is_hidden_and_survives_accept_all(page, downloads, tmp_path):
    paste(page, COPY)
    wait_idle(page)
    count = len(marks(page))
    next(m for m in page.find_elements(By.CSS_SELECTOR, "#editor mark") if m.text == "Mr").click()
    page.find_element(By.ID, "reject").click()
    assert len(marks(page)) == count - 1
    assert "Mr" not in [m["text"] for m in marks(page)]
    assert "1 rejected" in page.find_element(By.ID, "status").text
    page.find_element(By.ID, "fix-all").click()
    wait_idle(page)
    assert editor_text(page) == fixed_by_cli(tmp_path, COPY, "--ignore", "consistency.honorific")
    page.find_element(By.ID, "restore").click()
    assert "Mr" in [m["text"] for m in marks(page)]


def test_undo_steps_back_through_accept_reject_and_accept_all(page):
    paste(page, COPY)
    wait_idle(page)
    undo = page.find_element(By.ID, "undo")
    assert not undo.is_enabled()
    next(m for m in page.find_elements(By.CSS_SELECTOR, "#editor mark") if m.text == "Mr").click()
    page.find_element(By.ID, "accept").click()
    wait_idle(page)
    accepted = editor_text(page)
    spacing = next(m for m in page.find_elements(By.CSS_SELECTOR, "#editor mark") if m.text == " ,")
    spacing.click()
    page.find_element(By.ID, "reject").click()
    page.find_element(By.ID, "fix-all").click()
    wait_idle(page)
    assert editor_text(page) != accepted and " ," in editor_text(page)  # the rejected one stays
    assert undo.text == "Undo accept all"
    alt(page, "z")
    assert editor_text(page) == accepted and " ," not in [m["text"] for m in marks(page)]
    undo.click()  # the rejection
    assert " ," in [m["text"] for m in marks(page)] and "rejected" not in page.find_element(By.ID, "status").text
    assert undo.text == "Undo accept"
    undo.click()
    assert editor_text(page) == COPY
    assert [m["text"] for m in marks(page)] == [COPY[f["start"]:f["end"]] for f in lint(COPY)]
    assert not undo.is_enabled()
    page.find_element(By.ID, "fix-all").click()
    wait_idle(page)
    assert undo.is_enabled()
    page.find_element(By.ID, "editor").send_keys("!")  # typing has the browser's own undo
    assert not undo.is_enabled()


# -- keyboard ------------------------------------------------------------------------------------

def test_the_keyboard_alone_moves_between_findings_accepts_and_rejects(page):
    paste(page, COPY)
    wait_idle(page)
    expected = lint(COPY)
    editor = page.find_element(By.ID, "editor")
    editor.send_keys(Keys.CONTROL, Keys.HOME)  # the caret on a finding selects it
    seen = [details(page).splitlines()[0]]
    for _ in expected[1:]:
        alt(page, "j")
        seen.append(details(page).splitlines()[0])
    assert [line.split(" · ")[0] for line in seen] == [f"{f['severity']} {f['rule']}" for f in expected]
    assert seen[0].endswith(f"1 of {len(expected)} · line {expected[0]['line']}, column {expected[0]['column']}")
    selected = page.execute_script("return window.getSelection().toString()")
    assert selected == COPY[expected[-1]["start"]:expected[-1]["end"]]
    alt(page, "j")  # wraps round to the first
    assert details(page).splitlines()[0].split(" · ")[0] == f"{expected[0]['severity']} {expected[0]['rule']}"
    alt(page, "k")
    assert expected[-1]["rule"] in details(page)
    ActionChains(page).send_keys(Keys.F8).perform()
    assert expected[0]["rule"] in details(page)
    for _ in expected:
        if "consistency.honorific" in details(page):
            break
        alt(page, "j")
    alt(page, "r")  # reject it: the next finding is selected
    assert len(marks(page)) == len(expected) - 1
    assert "consistency.honorific" not in details(page)
    current = next(f for f in expected if f["rule"] in details(page).splitlines()[0])
    alt(page, "a")  # accept the fix of the one now selected
    wait_idle(page)
    assert editor_text(page) == COPY[:current["start"]] + current["replacements"][0] + COPY[current["end"]:]
    assert page.switch_to.active_element == editor
    ActionChains(page).send_keys(Keys.TAB).perform()  # the text is no keyboard trap
    assert page.switch_to.active_element != editor


def test_buttons_and_regions_have_accessible_names(page):
    paste(page, COPY)
    wait_idle(page)
    unnamed = page.execute_script("""
        return [...document.querySelectorAll('button, select, [role=textbox], input:not([hidden])')]
            .filter(e => !(e.getAttribute('aria-label') || e.textContent.trim() || (e.labels && e.labels.length)))
            .map(e => e.outerHTML);""")
    assert unnamed == []
    assert page.find_element(By.ID, "editor").get_attribute("aria-label").startswith("Document text")
    assert page.find_element(By.ID, "status").get_attribute("role") == "status"
    assert page.find_element(By.ID, "details-body").get_attribute("aria-live") == "polite"


# -- editing -----------------------------------------------------------------------------------------

def test_typing_rechecks_once_the_editor_pauses(page):
    paste(page, "The council met on Monday.")
    wait_idle(page)
    assert marks(page) == []
    editor = page.find_element(By.ID, "editor")
    editor.send_keys(Keys.CONTROL, Keys.END)
    before = page.execute_script("return performance.getEntriesByType('resource').filter(e => e.name.endsWith('/api/check')).length")
    typed = " It ended late , they said."
    editor.send_keys(typed)
    wait_idle(page)
    text = "The council met on Monday." + typed
    assert editor_text(page) == text
    checks = page.execute_script("return performance.getEntriesByType('resource').filter(e => e.name.endsWith('/api/check')).length") - before
    assert 1 <= checks < len(typed) // 3  # debounced: not one check a keystroke
    assert [(m["text"], m["start"]) for m in marks(page)] == [(" ,", text.index(" ,"))]


# -- files ---------------------------------------------------------------------------------------------

def test_a_dropped_docx_is_read_and_checked(page, tmp_path):
    docx = pytest.importorskip("docx", reason="python-docx is not installed (pip install '.[test]')")
    document = docx.Document()
    document.add_paragraph("The harbour reopened on Monday , officials said.")
    document.add_paragraph("Ships waited outside.")
    path = tmp_path / "harbour.docx"
    document.save(path)
    page.find_element(By.ID, "file-input").send_keys(str(path))
    WebDriverWait(page, 15).until(lambda d: "harbour.docx" in d.find_element(By.ID, "status").text)
    wait_idle(page)
    text = "The harbour reopened on Monday , officials said.\n\nShips waited outside."
    assert editor_text(page) == text
    assert [(m["text"], m["start"]) for m in marks(page)] == [(" ,", text.index(" ,"))]
    assert ".txt" in message(page)


def test_a_file_dropped_on_the_page_is_read_with_its_format(page):
    text = "# Notes\n\nKeep `a , b` in code, but not here , please.\n"
    page.execute_script("""
        const data = new DataTransfer();
        data.items.add(new File([arguments[0]], 'notes.md', {type: 'text/markdown'}));
        document.getElementById('editor').dispatchEvent(
            new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));""", text)
    WebDriverWait(page, 15).until(lambda d: "notes.md" in d.find_element(By.ID, "status").text)
    wait_idle(page)
    assert page.find_element(By.ID, "format").get_attribute("value") == "markdown"
    assert editor_text(page) == text
    assert [(m["text"], m["start"]) for m in marks(page)] == [(" ,", text.index(" , please"))]


def test_the_xss_document_shows_literally_and_runs_nothing(page, tmp_path):
    hostile = ("<script>window.__owned = 1</script>\n"
               "<p>Ready , go <img src=x onerror=\"window.__owned = 2\"></p>\n"
               "Credit…<img src=y onerror=\"window.__owned = 3\">/Agency\n"
               "<svg onload=\"window.__owned = 4\"></svg> Leave a Reply\n")
    path = tmp_path / "hostile.html"
    path.write_text(hostile, encoding="utf-8")
    page.find_element(By.ID, "file-input").send_keys(str(path))
    WebDriverWait(page, 15).until(lambda d: "hostile.html" in d.find_element(By.ID, "status").text)
    wait_idle(page)
    assert page.find_element(By.ID, "format").get_attribute("value") == "html"
    assert editor_text(page) == hostile
    assert [m["text"] for m in marks(page)] == [" ,"]  # the markup is read as HTML, shown as text
    Select(page.find_element(By.ID, "format")).select_by_value("text")  # now the credit line is copy
    wait_idle(page)
    credit = next(f for f in lint(hostile) if f["rule"] == "boilerplate.photo-credit")
    assert "<img src=y onerror=" in credit["message"]
    for mark in page.find_elements(By.CSS_SELECTOR, "#editor mark"):  # tooltips and details too
        ActionChains(page).move_to_element(mark).click().perform()
        if "photo-credit" in details(page):
            assert credit["message"] in details(page)
            assert credit["message"] in page.find_element(By.ID, "tooltip").text
    assert "boilerplate.photo-credit" in page.find_element(By.ID, "rules").text
    assert page.execute_script("return window.__owned === undefined")
    assert page.execute_script("return document.querySelectorAll('img, svg, script:not([src])').length") == 0
    assert [e.get_attribute("src") for e in page.find_elements(By.TAG_NAME, "script")] == [page.current_url + "static/app.js"]
    assert page.find_elements(By.CSS_SELECTOR, "#editor *:not(mark):not(br)") == []
    assert editor_text(page) == hostile


def test_an_oversized_file_is_refused_with_a_clear_message(page, tmp_path):
    paste(page, COPY)
    wait_idle(page)
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 60_000)  # 0.3 MB
    page.find_element(By.ID, "file-input").send_keys(str(big))
    assert message(page) == f"big.txt is 0.3 MB; the limit is {LIMIT_MB:.1f} MB. Split it, or check it with 'copylint lint'."
    assert editor_text(page) == COPY  # the document in the page is untouched


def test_oversized_pasted_text_gets_the_servers_message(page):
    paste(page, "word , " * 40_000)  # 0.28 MB of text: read by the server, then refused
    assert message(page) == f"The text is 0.3 MB; the limit is {LIMIT_MB:.1f} MB. Split it, or check it with 'copylint lint'."
    wait_idle(page)
    assert marks(page) == []
    paste(page, "word " * 30_000)  # 0.43 MB in all: the request is refused before it is read
    assert message(page).startswith(f"The request (0.4 MB) is larger than the page accepts: documents may be up to {LIMIT_MB:.1f} MB.")
    wait_idle(page)
    assert marks(page) == []


# -- narrow windows ---------------------------------------------------------------------------------

def test_a_narrow_window_stacks_the_panel_under_the_text(page):
    set_viewport(page, 380, 800)
    paste(page, COPY)
    wait_idle(page)
    layout = page.execute_script("""
        const e = document.getElementById('editor').getBoundingClientRect();
        const a = document.querySelector('aside').getBoundingClientRect();
        return {editorBottom: e.bottom, editorWidth: e.width, asideTop: a.top, asideWidth: a.width,
                scroll: document.documentElement.scrollWidth, inner: window.innerWidth};""")
    assert layout["asideTop"] >= layout["editorBottom"]
    assert layout["scroll"] <= layout["inner"]  # nothing wider than the window
    assert layout["inner"] == 380
    assert layout["editorWidth"] > 340 and layout["asideWidth"] > 340
    assert len(marks(page)) == len(lint(COPY))


# -- the screenshots in docs/ ---------------------------------------------------------------------

def test_the_screenshot_tool_shoots_the_page_at_both_widths(server, tmp_path):
    import struct
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
    from web_screenshots import SIZES, take

    written = take(tmp_path, server.url)
    assert [p.name for p in written] == list(SIZES)
    for path in written:
        header = path.read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", header[16:24]) == SIZES[path.name]
