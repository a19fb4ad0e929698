"""How long an editor waits for copylint's diagnostics: from a didChange on a 2,000-word
document to the publishDiagnostics for that version, through a real `copylint lsp`
process over stdio (pygls' client on this side).

    python bench/lsp_latency.py            # 30 edits, then the 1 MB responsiveness probe
    python bench/lsp_latency.py --edits 10 --no-big

Each edit types or deletes one character in the middle of the document (a ranged
change, as editors send) and waits for that version's diagnostics before the next, so
every sample is one whole round: the server's 300 ms debounce, the check, the
positions and the message. The check alone (the same engine in this process) is timed
too, so the two can be told apart. Results go to bench/results/lsp-latency-<time>.json.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from inputs import default_corpus, source_text  # noqa: E402


def document(words: int = 2000) -> tuple[str, str]:
    """About `words` words: the spun news example (it has findings) then the corpus."""
    examples = default_corpus().parent / "examples" / "spun-news.txt"
    corpus, where = source_text(default_corpus())
    parts = [examples.read_text(encoding="utf-8")] if examples.is_file() else []
    parts.append(corpus)
    out, count = [], 0
    for paragraph in "\n\n".join(parts).split("\n\n"):
        if count >= words:
            break
        take = paragraph.split()
        out.append(paragraph)
        count += len(take)
    return "\n\n".join(out).strip() + "\n", f"spun-news.txt + {where}" if examples.is_file() else where


async def measure(text: str, edits: int, big: bool) -> dict:
    from lsprotocol import types
    from pygls.lsp.client import LanguageClient

    client = LanguageClient("copylint-bench", "1")
    published: dict[tuple[str, int | None], float] = {}
    counts: dict[tuple[str, int | None], int] = {}

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_publish(ls, params: types.PublishDiagnosticsParams):
        published[(params.uri, params.version)] = time.perf_counter()
        counts[(params.uri, params.version)] = len(params.diagnostics)

    async def wait(uri, version, timeout=120.0):
        deadline = time.perf_counter() + timeout
        while (uri, version) not in published:
            if time.perf_counter() > deadline:
                raise RuntimeError(f"no diagnostics for version {version}")
            await asyncio.sleep(0.002)
        return published[(uri, version)]

    folder = Path(tempfile.mkdtemp(prefix="copylint-lsp-bench-"))
    await client.start_io(sys.executable, "-m", "checker", "lsp", cwd=str(folder),
                          env=dict(os.environ, PYTHONPATH=str(REPO)))
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities(),
                                                         root_uri=folder.as_uri()))
    client.initialized(types.InitializedParams())
    uri = (folder / "doc.md").as_uri()
    opened = time.perf_counter()
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="markdown", version=1, text=text)))
    first = await wait(uri, 1) - opened
    lines = text.split("\n")
    line = len(lines) // 2
    samples = []
    for version in range(2, edits + 2):
        typing = version % 2 == 0  # type a letter, then delete it
        where = types.Range(start=types.Position(line=line, character=0),
                            end=types.Position(line=line, character=0 if typing else 1))
        sent = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(range=where, text="x" if typing else "")]))
        samples.append(await wait(uri, version) - sent)
    result = {"first_check_s": first, "samples_s": samples, "median_s": statistics.median(samples),
              "findings": counts[(uri, edits + 1)]}
    if big:
        result.update(await probe_big(client, folder, wait, types))
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return result


async def probe_big(client, folder, wait, types) -> dict:
    """Open a 1 MB document, and while it is checked ask for a small document's code
    actions: the answer time is what an editor's light bulb waits."""
    small = (folder / "small.txt").as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=small, language_id="plaintext", version=1, text="Near the border , or so.\n")))
    await wait(small, 1)
    big_text, _ = document(200_000)
    big_text = (big_text * (1_000_000 // len(big_text) + 1))[:1_000_000]
    big = (folder / "big.txt").as_uri()
    opened = time.perf_counter()
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=big, language_id="plaintext", version=1, text=big_text)))
    await asyncio.sleep(0.2)
    answers, last_answer = [], 0.0
    for _ in range(5):
        asked = time.perf_counter()
        await client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=small),
            range=types.Range(start=types.Position(line=0, character=15), end=types.Position(line=0, character=17)),
            context=types.CodeActionContext(diagnostics=[], only=["quickfix"])))
        last_answer = time.perf_counter()
        answers.append(last_answer - asked)
        await asyncio.sleep(0.05)
    big_published = await wait(big, 1)
    return {"big_check_s": big_published - opened, "code_action_during_big_s": answers,
            "answered_while_big_was_checked": last_answer < big_published}


def check_only(text: str, runs: int) -> float:
    from checker.engine import Engine
    from checker.runner import check_text

    engine = Engine()
    check_text(engine, text, "doc.md", "markdown")  # loads what the first check loads
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        check_text(engine, text, "doc.md", "markdown")
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=30)
    parser.add_argument("--no-big", action="store_true", help="skip the 1 MB responsiveness probe")
    args = parser.parse_args()
    text, where = document()
    result = asyncio.run(measure(text, args.edits, not args.no_big))
    result.update({"words": len(text.split()), "source": where, "check_only_median_s": check_only(text, 15),
                   "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                               "platform": platform.platform()},
                   "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())})
    out = REPO / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"lsp-latency-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(result, indent=2))
    samples = sorted(result["samples_s"])
    print(f"document: {result['words']} words ({where}), {result['findings']} findings")
    print(f"didChange -> diagnostics, {len(samples)} edits: median {result['median_s'] * 1000:.0f} ms "
          f"(min {samples[0] * 1000:.0f}, max {samples[-1] * 1000:.0f}; includes the 300 ms debounce)")
    print(f"the check alone (same engine, in process): median {result['check_only_median_s'] * 1000:.0f} ms")
    print(f"first diagnostics after didOpen (new process, data loading): {result['first_check_s']:.2f} s")
    if "big_check_s" in result:
        answers = sorted(result["code_action_during_big_s"])
        print(f"1 MB document: diagnostics after {result['big_check_s']:.2f} s; code actions on another "
              f"document meanwhile answered in median {statistics.median(answers) * 1000:.0f} ms "
              f"(max {answers[-1] * 1000:.0f} ms"
              f"{'' if result['answered_while_big_was_checked'] else '; some after the big check ended'})")


if __name__ == "__main__":
    main()
