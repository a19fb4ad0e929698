"""What in a marked-up source is prose, and what checks must not see.

`analyse(text, fmt)` returns, with offsets into the original text:
- masks: spans that are markup or code (checks see U+FFFC there, findings that touch
  them are dropped, so no fix can ever edit markup);
- substitutions: spans shown to checks as other characters of the same length: an
  entity (`&amp;`, `&#8217;`) reads as its character followed by PAD_CHAR, which the
  phrase matcher skips, so "don&#8217;t" still reads as one word there; a blockquote's
  `>` on a wrapped line reads as a space, so a phrase broken across the wrap matches;
- comments: (start, end, body) of the comments where suppression directives live;
- inline_tags: the masked tags of inline elements (`<em>`, `</a>`), and in Markdown
  the emphasis and strikethrough markers (`*`, `**`, `_`, `~~`) that the parser paired,
  which a browser shows as nothing between the letters around them: the phrase matcher
  reads across them (see Document.folded_across_tags), and no fix may edit them.

Markdown goes through markdown-it-py (CommonMark with tables and strikethrough),
imported only for Markdown; HTML through the standard library's html.parser. Plain
text has no markup; its directive lines (see checker/suppression.py) are its comments.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from .document import LINE_BREAK, PAD_CHAR

# HTML elements whose text is code or not shown as prose
HTML_SKIPPED = frozenset({"script", "style", "code", "pre", "kbd", "samp", "textarea", "svg", "math"})
HTML_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                       "param", "source", "track", "wbr"})
# elements that mark up words inside a line of text and show nothing of their own
# (not <br>, <img>, <code> and the like, which show something or hide their text)
HTML_INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "big", "cite", "data", "del", "dfn", "em", "font",
                         "i", "ins", "mark", "nobr", "q", "s", "small", "span", "strike", "strong", "sub",
                         "sup", "time", "tt", "u", "var", "wbr"})
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")


@dataclass
class Markup:
    masks: list[tuple[int, int]] = field(default_factory=list)
    substitutions: list[tuple[int, int, str]] = field(default_factory=list)
    comments: list[tuple[int, int, str]] = field(default_factory=list)
    inline_tags: list[tuple[int, int]] = field(default_factory=list)  # each also in masks

    def shifted(self, offset: int) -> "Markup":
        return Markup(
            [(s + offset, e + offset) for s, e in self.masks],
            [(s + offset, e + offset, r) for s, e, r in self.substitutions],
            [(s + offset, e + offset, b) for s, e, b in self.comments],
            [(s + offset, e + offset) for s, e in self.inline_tags],
        )

    def extend(self, other: "Markup") -> None:
        self.masks.extend(other.masks)
        self.substitutions.extend(other.substitutions)
        self.comments.extend(other.comments)
        self.inline_tags.extend(other.inline_tags)


def analyse(text: str, fmt: str) -> Markup:
    if fmt == "markdown":
        return markdown_markup(text)
    if fmt == "html":
        return html_markup(text)
    from .suppression import text_comments

    comments = text_comments(text)
    return Markup(masks=[(s, e) for s, e, _ in comments], comments=comments)


def mask_markup(text: str, fmt: str) -> list[tuple[int, int]]:
    """Spans of `text` that are markup or code in format `fmt` ("text": none)."""
    return analyse(text, fmt).masks


def entity_substitution(raw: str) -> str | None:
    """What checks read for an entity: its character, then padding to equal length."""
    decoded = html.unescape(raw)
    if decoded == raw or len(decoded) > len(raw) or not decoded:
        return None
    return decoded + PAD_CHAR * (len(raw) - len(decoded))


# -- HTML -----------------------------------------------------------------------------
def _unclosed_markup_as_text(text: str) -> str:
    """`text` for html.parser, with the `<` of markup that can never close (a `<` after
    the last `>`, a `<!--` after the last `-->`) made an ordinary character of the same
    length. html.parser reads such markup as text anyway, but searches to the end of the
    document for each, which takes quadratic time on "<a<a<a…" or "<!--<!--…"."""
    last_gt, last_close = text.rfind(">"), text.rfind("-->")
    if text.find("<", last_gt + 1) < 0 and text.find("<!--", last_close + 1) < 0:
        return text
    head, tail = text[:last_gt + 1], text[last_gt + 1:].replace("<", " ")
    if last_close >= 0 or "<!--" in head:
        start = max(last_close + 1, 0)
        head = head[:start] + head[start:].replace("<!--", " !--")
    return head + tail


def html_markup(text: str) -> Markup:
    """Text nodes are prose; tags, comments, declarations, attribute values and the
    insides of <script> <style> <code> <pre> (and kbd, samp, textarea, svg, math) are
    masked; entities in prose are substituted."""
    from html.parser import HTMLParser

    events: list[tuple[str, int, str]] = []
    newlines = [0] + [m.end() for m in re.finditer("\n", text)]

    class Scanner(HTMLParser):
        def _event(self, kind: str, payload: str = "") -> None:
            line, column = self.getpos()
            events.append((kind, newlines[line - 1] + column, payload))

        def handle_starttag(self, tag, attrs):
            self._event("start", tag)

        def handle_startendtag(self, tag, attrs):
            self._event("void", tag)

        def handle_endtag(self, tag):
            self._event("end", tag)

        def handle_data(self, data):
            self._event("data", data)

        def handle_entityref(self, name):
            self._event("entity", name)

        def handle_charref(self, name):
            self._event("entity", name)

        def handle_comment(self, data):
            self._event("comment", data)

        def handle_decl(self, decl):
            self._event("other")

        def handle_pi(self, data):
            self._event("other")

        def unknown_decl(self, data):
            self._event("other")

    scanner = Scanner(convert_charrefs=False)
    try:
        scanner.feed(_unclosed_markup_as_text(text))
        scanner.close()
    except Exception:  # html.parser is lenient; on anything unexpected, mask nothing more
        pass
    out = Markup()
    depth: dict[str, int] = {}
    for index, (kind, start, payload) in enumerate(events):
        end = events[index + 1][1] if index + 1 < len(events) else len(text)
        if end <= start:
            continue
        skipping = any(depth.values())
        if kind == "data" and not skipping:
            continue
        if kind == "entity" and not skipping:
            replacement = entity_substitution(text[start:end])
            if replacement is not None:
                out.substitutions.append((start, end, replacement))
            continue
        out.masks.append((start, end))
        if kind in ("start", "end", "void") and payload in HTML_INLINE and not skipping:
            out.inline_tags.append((start, end))
        if kind == "comment":
            out.comments.append((start, end, payload))
        elif kind == "start" and payload in HTML_SKIPPED and payload not in HTML_VOID:
            depth[payload] = depth.get(payload, 0) + 1
        elif kind == "end" and depth.get(payload):
            depth[payload] -= 1
    return out


# -- Markdown -------------------------------------------------------------------------
_PARSER = None
_RECORDING: "_Recorder | None" = None
_RECORDED_RULES = ("backticks", "link", "image", "autolink", "html_inline", "entity")
# The inline rules "emphasis" and "strikethrough" push each delimiter of a run as a text
# token of its own, which the pass of the same name after tokenizing turns into an
# opening or closing tag when it finds the delimiter's partner, or leaves as text. What
# a paired delimiter token becomes (the second `*` of a `**` stays text, emptied):
_PAIRED = frozenset({"em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"})


class _Recorder:
    """Where each inline construct of one paragraph's content lies (content offsets)."""

    def __init__(self, src: str):
        self.src = src
        self.spans: list[tuple[str, int, int, int]] = []  # (rule, start, end, label end)
        self.delimiters: list[tuple[object, int, int]] = []  # (token, start, end)

    def paired_markers(self) -> None:
        """Record as "marker" spans the delimiters the parser paired: read once the
        emphasis and strikethrough passes are done, before the text tokens are joined
        (which would fill an emptied token with its neighbour's text)."""
        for token, start, end in self.delimiters:
            if token.type in _PAIRED or (token.type == "text" and not token.content):
                if self.spans and self.spans[-1][0] == "marker" and self.spans[-1][2] == start:
                    start = self.spans.pop()[1]  # one span for a run: `**`, `***`
                self.spans.append(("marker", start, end, -1))
        self.delimiters = []


def _parser():
    global _PARSER
    if _PARSER is None:
        from markdown_it import MarkdownIt
        from markdown_it.helpers import parseLinkLabel

        md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
        md.disable("inline")  # the inline pass runs per paragraph in _inline_spans

        def wrap(name, rule):
            def recorded(state, silent):
                start = state.pos
                matched = rule(state, silent)
                recorder = _RECORDING
                if matched and not silent and recorder is not None and state.src is recorder.src:
                    label_end = -1
                    if name == "link":
                        label_end = parseLinkLabel(state, start, True)
                    elif name == "image":
                        label_end = parseLinkLabel(state, start + 1, False)
                    recorder.spans.append((name, start, state.pos, label_end))
                return matched
            return recorded

        rules = {r.name: r.fn for r in md.inline.ruler.__rules__}
        strikethrough, emphasis = rules["strikethrough"], rules["emphasis"]

        def delimiters(state, silent):
            """Both delimiter rules in one (the parser tries a rule at every mark of
            punctuation: one call there instead of two), locating the tokens they push."""
            mark = state.src[state.pos]
            if mark == "~":
                rule = strikethrough
            elif mark == "*" or mark == "_":
                rule = emphasis
            else:
                return False
            start, count = state.pos, len(state.tokens)
            matched = rule(state, silent)
            recorder = _RECORDING
            if matched and recorder is not None and state.src is recorder.src:
                # the run's tokens end where the parser stopped (a token of text
                # pending before the run may come first): walk back to its start
                end = state.pos
                for token in reversed(state.tokens[count:]):
                    if end <= start:
                        break
                    recorder.delimiters.append((token, end - len(token.content), end))
                    end -= len(token.content)
            return matched

        def markers(state):
            recorder = _RECORDING
            if recorder is not None and state.src is recorder.src and recorder.delimiters:
                recorder.delimiters.sort(key=lambda d: d[1])
                recorder.paired_markers()

        for name in _RECORDED_RULES:
            rule = next(r for r in md.inline.ruler.__rules__ if r.name == name)
            md.inline.ruler.at(name, wrap(name, rule.fn))
        md.inline.ruler.at("strikethrough", delimiters)  # comes first of the two
        md.inline.ruler.disable("emphasis")  # (its pass after tokenizing stays)
        md.inline.ruler2.before("fragments_join", "copylint_markers", markers)
        _PARSER = md
    return _PARSER


def _inline_spans(content: str, env: dict) -> list[tuple[str, int, int, int]]:
    global _RECORDING
    md = _parser()
    recorder = _Recorder(content)
    _RECORDING = recorder
    try:
        md.inline.parse(content, md, env, [])
    finally:
        _RECORDING = None
    return recorder.spans


FRONT_MATTER = {"---": ("---", "..."), "+++": ("+++",)}


def _front_matter_end(lines: list[str]) -> int:
    """Number of lines of YAML (---) or TOML (+++) front matter at the start; 0: none."""
    if not lines or lines[0].rstrip() not in FRONT_MATTER:
        return 0
    closers = FRONT_MATTER[lines[0].rstrip()]
    for index in range(1, len(lines)):
        if lines[index].rstrip() in closers:
            return index + 1
    return 0


class _Lines:
    def __init__(self, text: str):
        self.starts = [0]
        self.texts = []
        last = 0
        for m in LINE_BREAK.finditer(text):
            self.texts.append(text[last:m.start()])
            last = m.end()
            self.starts.append(last)
        self.texts.append(text[last:])

    def span(self, line: int) -> tuple[int, int]:
        return self.starts[line], self.starts[line] + len(self.texts[line])


def markdown_markup(text: str) -> Markup:
    """Paragraphs, headings, list items, quotes and table cells are prose, with their
    code spans, link targets, autolinks, inline HTML and paired emphasis markers masked;
    code blocks, HTML blocks (except their text), front matter, thematic breaks and link
    reference definitions are masked, and so are quote markers and the padding of table
    cells."""
    lines = _Lines(text)
    out = Markup()
    front = _front_matter_end(lines.texts)
    if front:
        out.masks.append((0, lines.span(front - 1)[1]))
    source = "\n".join([""] * front + lines.texts[front:])
    env: dict = {}
    tokens = _parser().parse(source, env)

    covered: set[int] = set(range(front))
    located: dict[int, list[tuple[int, int]]] = {}  # line -> located content spans (offsets)
    blocks: list[tuple[str, int, int]] = []  # (kind, first line, end line)
    table_map = None
    for token in tokens:
        if token.map is not None:
            first, end = token.map
        if token.type in ("fence", "code_block", "hr"):
            out.masks.append((lines.starts[first], lines.span(end - 1)[1]))
            covered.update(range(first, end))
        elif token.type == "html_block":
            start, stop = lines.starts[first], lines.span(end - 1)[1]
            out.extend(html_markup(text[start:stop]).shifted(start))
            covered.update(range(first, end))
        elif token.type == "table_open":
            table_map = (first, end)
            blocks.append(("table", first, end))
            covered.update(range(first, end))
        elif token.type == "table_close":
            table_map = None
        elif token.type in ("paragraph_open", "heading_open"):
            blocks.append(("paragraph" if token.type == "paragraph_open" else "heading", first, end))
            covered.update(range(first, end))
        elif token.type == "inline" and token.map is not None:
            _inline(text, lines, token, env, out, located, cursor_line=table_map is not None)

    for kind, first, end in blocks:
        for line in range(first, end):
            start, stop = lines.span(line)
            inside = sorted(located.get(line, []))
            gaps, last = [], start
            for s, e in inside:
                if s > last:
                    gaps.append((last, s))
                last = max(last, e)
            if last < stop:
                gaps.append((last, stop))
            for s, e in gaps:
                if kind == "table":
                    # a cell's padding: aligned columns are not repeated spaces; the
                    # pipes stay, so a row still reads as a row of its own
                    out.masks.extend((s + m.start(), s + m.end()) for m in re.finditer(r"\s+", text[s:e]))
                    continue
                # list and heading markers stay (they end sentences, see Document);
                # a quote's '>' is hidden, and on a wrapped line reads as a space
                for m in re.finditer(r">+", text[s:e]):
                    a, b = s + m.start(), s + m.end()
                    if kind == "paragraph" and line > first and a < (inside[0][0] if inside else stop):
                        out.substitutions.append((a, b, " " * (b - a)))
                    elif a < (inside[0][0] if inside else stop):
                        out.masks.append((a, b))
    for line, body in enumerate(lines.texts):
        if line not in covered and body.strip():
            out.masks.append(lines.span(line))  # link reference definitions and the like
    return out


def _inline(text, lines, token, env, out: Markup, located, cursor_line: bool) -> None:
    """Locate one inline token's content in the source, line by line, then mask what
    the inline parser found there."""
    content = token.content
    segments: list[tuple[int, int, int]] = []  # (content start, source start, length)
    offset = 0
    for j, piece in enumerate(content.split("\n")):
        line = token.map[0] + j
        if line < len(lines.texts) and piece:
            hay = lines.texts[line]
            after = max((e - lines.starts[line] for _, e in located.get(line, [])), default=0) if cursor_line else 0
            pos = hay.find(piece, after)
            skip = 0
            if pos < 0:
                skip = len(piece) - len(piece.lstrip())
                pos = hay.find(piece[skip:], after) if skip else -1
            if pos >= 0:
                src = lines.starts[line] + pos
                segments.append((offset + skip, src, len(piece) - skip))
                located.setdefault(line, []).append((src, src + len(piece) - skip))
        offset += len(piece) + 1

    def to_source(index: int) -> int | None:
        for c0, s0, n in segments:
            if c0 <= index <= c0 + n:
                return s0 + index - c0
        return None

    for name, start, end, label_end in _inline_spans(content, env):
        if name == "marker":  # a paired emphasis or strikethrough delimiter run
            sa, sb = to_source(start), to_source(end)
            if sa is not None and sb is not None and sb - sa == end - start:
                out.masks.append((sa, sb))
                out.inline_tags.append((sa, sb))
            continue
        if name in ("link", "image"):
            # the text stays prose with its brackets, the target goes: "[text](url)" reads
            # "[text]" (what the grammar pass expects of a masked "](url)")
            opening = start + (2 if name == "image" else 1)
            pieces = [(label_end, end)] if label_end >= opening else [(start, end)]
            if label_end >= opening and label_end + 1 >= end:
                pieces = []  # "[text]" alone, a shortcut reference: nothing to hide
        else:
            pieces = [(start, end)]
        for a, b in pieces:
            sa, sb = to_source(a), to_source(b)
            if sa is None or sb is None or sb <= sa:
                continue
            if name == "entity":
                replacement = entity_substitution(text[sa:sb])
                if replacement is not None:
                    out.substitutions.append((sa, sb, replacement))
                continue
            out.masks.append((sa, sb))
            tag = _TAG_NAME.match(text, sa) if name == "html_inline" else None
            if tag and tag.group(1).lower() in HTML_INLINE:
                out.inline_tags.append((sa, sb))
            if name == "html_inline" and text.startswith("<!--", sa):
                out.comments.append((sa, sb, text[sa + 4:sb - 3] if text.endswith("-->", sa, sb) else text[sa + 4:sb]))


# -- keeping fixes out of markup -----------------------------------------------------------
def guard_markup(doc, findings: list) -> list:
    """Findings that are safe for the document's markup. Findings that touch masked
    spans are already dropped by the engine (all but those holding whole inline tags);
    here a finding that cuts through a substituted span (an entity) is dropped, one
    whose fix would cut through one or edit masked text (an inline tag) keeps no fix,
    and in HTML a replacement is escaped (a literal "&" or "<" would be read as markup)."""
    if not doc.substitutions and doc.format != "html" and not doc.inline_tags:
        return findings
    from bisect import bisect_left
    from dataclasses import replace

    subs = doc.substitutions
    starts = [s for s, _, _ in subs]

    def cuts(a: int, b: int) -> bool:
        index = bisect_left(starts, max(b, a + 1)) - 1
        while index >= 0 and subs[index][1] > a:
            s, e, _ = subs[index]
            if not (a <= s and e <= b):
                return True
            index -= 1
        return False

    tags = doc.inline_tags
    tag_starts = [s for s, _ in tags]

    def edits_a_tag(a: int, b: int) -> bool:
        """[a, b) overlaps an inline tag (an insertion: falls strictly inside one)."""
        index = bisect_left(tag_starts, max(b, a + 1)) - 1
        return index >= 0 and tags[index][1] > a and (a < b or tags[index][0] < a)

    kept = []
    for f in findings:
        if subs and cuts(f.start, f.end):
            continue
        if f.replacements and (subs and cuts(*f.edit_span) or edits_a_tag(*f.edit_span)):
            f = replace(f, replacements=(), fix_safe=False)  # a fix that would edit markup
        elif f.replacements and doc.format == "html":
            f = replace(f, replacements=tuple(html.escape(r, quote=False) for r in f.replacements))
        kept.append(f)
    return kept
