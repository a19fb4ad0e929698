// copylint serve: the page. Every check, fix and report is the server's (the same engine
// and fixer as the command line); this file only shows them and sends the user's choices.
// Document text is only ever put into the page as text nodes (textContent), never as HTML.
"use strict";
(() => {
  const token = document.querySelector('meta[name="copylint-token"]').content;
  const limit = Number(document.querySelector('meta[name="copylint-limit"]').content);
  const DEBOUNCE_MS = 400;
  const RANK = { info: 1, warning: 2, error: 3 };
  const LIST_CAP = 200; // findings listed per rule in the side panel

  const $ = (id) => document.getElementById(id);
  const editor = $("editor");
  const formatSelect = $("format");

  const state = {
    text: "",
    name: "pasted.txt",
    docx: false,
    findings: [], // records from the server, plus u0/u1 (UTF-16 offsets into state.text) and id
    rules: {},
    stats: null,
    rejected: [], // {rule, u0, u1}: hidden, and left alone by "accept all safe fixes"
    current: -1, // id of the selected finding
    seq: 0,
    timer: null,
    controller: null,
    checkFailed: false,
    history: [], // what the page was before each accept, reject and "accept all" (Undo)
    openRules: new Set(),
  };

  // ---- offsets: the server counts code points, JavaScript strings count UTF-16 units ----
  const SURROGATE = /[\uD800-\uDFFF]/;

  function unitsFromCodePoints(text) {
    if (!SURROGATE.test(text)) return (cp) => cp;
    const units = [];
    let u = 0;
    for (const ch of text) { units.push(u); u += ch.length; }
    units.push(u);
    return (cp) => units[Math.min(cp, units.length - 1)];
  }

  function codePoints(text, u) {
    const before = text.slice(0, u);
    if (!SURROGATE.test(before)) return u;
    let n = 0;
    for (const _ of before) n += 1; // eslint-disable-line no-unused-vars
    return n;
  }

  // ---- spans across an edit: one replaced region found by common prefix and suffix ----
  function diff(before, after) {
    const max = Math.min(before.length, after.length);
    let p = 0;
    while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p += 1;
    let s = 0;
    while (s < max - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s += 1;
    return { at: p, removed: before.length - p - s, added: after.length - p - s };
  }

  function shifted(spans, d) {
    const end = d.at + d.removed;
    const delta = d.added - d.removed;
    const out = [];
    for (const span of spans) {
      if (span.u1 <= d.at) out.push(span);
      else if (span.u0 >= end) out.push({ ...span, u0: span.u0 + delta, u1: span.u1 + delta });
      // a span the edit touches inside is dropped: its text is no longer what was judged
    }
    return out;
  }

  // ---- reading the editor back as text, and caret positions as offsets ----
  function readNodes(root) {
    let out = "";
    const nodes = root.childNodes;
    for (let i = 0; i < nodes.length; i += 1) {
      const node = nodes[i];
      if (node.nodeType === Node.TEXT_NODE) out += node.data;
      else if (node.nodeName === "BR") out += (root === editor && i === nodes.length - 1) ? "" : "\n";
      else if (node.nodeType === Node.ELEMENT_NODE) out += readNodes(node);
    }
    return out;
  }

  function offsetOf(container, offset) {
    const range = document.createRange();
    range.setStart(editor, 0);
    range.setEnd(container, offset);
    const fragment = range.cloneContents();
    let out = "";
    for (const node of fragment.childNodes) {
      out += node.nodeType === Node.TEXT_NODE ? node.data : node.nodeName === "BR" ? "\n" : readNodes(node);
    }
    return out.length;
  }

  function selectionOffsets() {
    const selection = window.getSelection();
    if (!selection.rangeCount) return null;
    const range = selection.getRangeAt(0);
    if (!editor.contains(range.startContainer) || !editor.contains(range.endContainer)) return null;
    return { start: offsetOf(range.startContainer, range.startOffset), end: offsetOf(range.endContainer, range.endOffset) };
  }

  function pointAt(u) {
    const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
    let seen = 0;
    let last = null;
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (u <= seen + node.data.length) return [node, u - seen];
      seen += node.data.length;
      last = node;
    }
    return last ? [last, last.data.length] : [editor, 0];
  }

  function selectOffsets(start, end) {
    const selection = window.getSelection();
    const range = document.createRange();
    range.setStart(...pointAt(start));
    range.setEnd(...pointAt(end));
    selection.removeAllRanges();
    selection.addRange(range);
  }

  // ---- which findings show ----
  function isRejected(f) {
    return state.rejected.some((r) => r.rule === f.rule && r.u0 === f.u0 && r.u1 === f.u1);
  }

  function visible() {
    return state.findings.filter((f) => !isRejected(f));
  }

  function byId(id) {
    return state.findings.find((f) => f.id === id) || null;
  }

  // ---- drawing the text with its highlights ----
  function render() {
    const keepCaret = document.activeElement === editor ? selectionOffsets() : null;
    const text = state.text;
    const shown = visible();
    const cuts = new Set([0, text.length]);
    for (const f of shown) { cuts.add(Math.min(f.u0, text.length)); cuts.add(Math.min(f.u1, text.length)); }
    const points = [...cuts].sort((a, b) => a - b);
    const starts = [...shown].sort((a, b) => a.u0 - b.u0);
    const fragment = document.createDocumentFragment();
    let active = [];
    let next = 0;
    for (let i = 0; i < points.length; i += 1) {
      const a = points[i];
      active = active.filter((f) => f.u1 > a);
      const here = [];
      while (next < starts.length && starts[next].u0 <= a) { here.push(starts[next]); next += 1; }
      for (const f of here) {
        if (f.u0 === f.u1) fragment.append(markFor([f], "", true));
        else if (f.u1 > a) active.push(f);
      }
      if (i === points.length - 1) break;
      const piece = text.slice(a, points[i + 1]);
      fragment.append(active.length ? markFor(active, piece, false) : document.createTextNode(piece));
    }
    if (text.endsWith("\n")) fragment.append(document.createElement("br")); // shows the last empty line
    editor.replaceChildren(fragment);
    if (keepCaret) selectOffsets(keepCaret.start, keepCaret.end);
  }

  function markFor(findings, piece, point) {
    const mark = document.createElement("mark");
    const worst = findings.reduce((w, f) => (RANK[f.severity] > RANK[w] ? f.severity : w), "info");
    mark.className = `sev-${worst}${point ? " point" : ""}`;
    if (findings.some((f) => f.id === state.current)) mark.classList.add("current");
    mark.dataset.ids = findings.map((f) => f.id).join(" ");
    mark.textContent = piece;
    return mark;
  }

  function markCurrent() {
    for (const mark of editor.querySelectorAll("mark")) {
      mark.classList.toggle("current", mark.dataset.ids.split(" ").includes(String(state.current)));
    }
    for (const button of $("rules").querySelectorAll("button[data-id]")) {
      const on = Number(button.dataset.id) === state.current;
      button.classList.toggle("current", on);
      if (on) button.setAttribute("aria-current", "true"); else button.removeAttribute("aria-current");
    }
  }

  // ---- the side panel ----
  function element(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === "className") node.className = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(key, value);
    }
    for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    return node;
  }

  function quoted(text) {
    return element("span", { className: "quote" }, text === "" ? "∅" : text);
  }

  function fixDescription(f) {
    if (!f.replacements.length) return "No fix proposed.";
    return f.replacements[0] === "" ? "delete it" : null;
  }

  function excerpt(f) {
    const text = state.text.slice(f.u0, f.u1).replace(/\s+/g, " ");
    return text.length > 40 ? `${text.slice(0, 37)}…` : text;
  }

  function renderDetails() {
    const body = $("details-body");
    const f = byId(state.current);
    $("accept").disabled = !f || !f.replacements.length;
    $("reject").disabled = !f;
    if (!f) {
      body.replaceChildren(element("p", { className: "muted" },
        visible().length ? "Select a highlight, or press Alt+J for the next finding." : "No findings."));
      return;
    }
    const shown = visible();
    const index = shown.findIndex((x) => x.id === f.id) + 1;
    const fix = fixDescription(f);
    const confidence = `${Math.round(f.confidence * 100)}%`;
    body.replaceChildren(element("div", { className: "detail" },
      element("p", {}, element("span", { className: `badge sev-${f.severity}` }, f.severity), " ",
        element("code", {}, f.rule), ` · ${index} of ${shown.length} · line ${f.line}, column ${f.column}`),
      element("p", { className: "message" }, f.message),
      element("p", {}, "Text: ", quoted(state.text.slice(f.u0, f.u1))),
      element("p", {}, "Fix: ", fix === null ? quoted(f.replacements[0]) : fix,
        f.replacements.length ? (f.fix_safe ? " (safe)" : " (unsafe: check it)") : ""),
      element("p", {}, `Confidence: ${confidence}`)));
  }

  function renderRules() {
    const list = $("rules");
    const groups = new Map();
    for (const f of visible()) {
      if (!groups.has(f.rule)) groups.set(f.rule, []);
      groups.get(f.rule).push(f);
    }
    const items = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
    list.replaceChildren(...items.map(([rule, findings]) => {
      const worst = findings.reduce((w, f) => (RANK[f.severity] > RANK[w] ? f.severity : w), "info");
      const details = element("details", { dataset: { rule } },
        element("summary", {}, element("span", { className: `dot sev-${worst}`, "aria-hidden": "true" }),
          element("code", {}, rule),
          element("span", { className: "count", "aria-label": `${findings.length} findings` }, findings.length)),
        element("p", { className: "desc" }, state.rules[rule] || ""),
        element("ol", {}, ...findings.slice(0, LIST_CAP).map((f) => element("li", {},
          element("button", { type: "button", dataset: { id: f.id } }, `${f.line}:${f.column} `, quoted(excerpt(f)))))),
        ...(findings.length > LIST_CAP ? [element("p", { className: "muted" }, `and ${findings.length - LIST_CAP} more`)] : []));
      details.open = state.openRules.has(rule);
      details.addEventListener("toggle", () => {
        if (details.open) state.openRules.add(rule); else state.openRules.delete(rule);
      });
      return element("li", {}, details);
    }));
    if (!items.length) list.replaceChildren(element("li", { className: "muted" }, "No findings."));
  }

  const STAT_LABELS = [
    ["words", "Words", (v) => v.toLocaleString("en")],
    ["sentences", "Sentences", (v) => v.toLocaleString("en")],
    ["paragraphs", "Paragraphs", (v) => v.toLocaleString("en")],
    ["average_sentence_words", "Average sentence (words)", (v) => v.toFixed(1)],
    ["flesch_reading_ease", "Flesch reading ease", (v) => v.toFixed(1)],
    ["flesch_kincaid_grade", "Flesch-Kincaid grade", (v) => v.toFixed(1)],
    ["gunning_fog", "Gunning fog", (v) => v.toFixed(1)],
    ["reading_time_seconds", "Reading time", (v) => (v >= 90 ? `${Math.round(v / 60)} min` : `${Math.round(v)} s`)],
    ["spin_score", "Spin score (0–1)", (v) => v.toFixed(2)],
  ];

  function renderStats() {
    const stats = state.stats || {};
    const rows = [];
    for (const [key, label, shown] of STAT_LABELS) {
      const value = stats[key];
      rows.push(element("dt", {}, label), element("dd", { dataset: { stat: key } },
        typeof value === "number" ? shown(value) : "–"));
    }
    $("stats").replaceChildren(...rows);
  }

  function renderStatus() {
    const shown = visible();
    const counts = { error: 0, warning: 0, info: 0 };
    for (const f of shown) counts[f.severity] += 1;
    const parts = Object.entries(counts).filter(([, n]) => n).map(([s, n]) => `${n} ${s}${n === 1 || s === "info" ? "" : "s"}`);
    const status = $("status");
    const summary = shown.length ? `${shown.length} finding${shown.length === 1 ? "" : "s"}: ${parts.join(", ")}` : "No findings";
    const safe = shown.filter((f) => f.fix_safe && f.replacements.length).length;
    status.replaceChildren(`${summary} in ${state.name}.`, ...(state.notes || []).map((note) => ` ${note}`));
    if (state.rejected.length) {
      const restore = element("button", { type: "button", id: "restore" }, "show them again");
      restore.addEventListener("click", () => { state.rejected = []; refresh(); });
      status.append(` ${state.rejected.length} rejected (`, restore, ").");
    }
    $("fix-all").textContent = `Accept all safe fixes (${safe})`;
    $("fix-all").disabled = safe === 0;
  }

  function refresh() {
    if (state.current !== -1 && (!byId(state.current) || isRejected(byId(state.current)))) state.current = -1;
    render();
    renderDetails();
    renderRules();
    renderStats();
    renderStatus();
    renderUndo();
    markCurrent();
  }

  // ---- talking to the server ----
  class ServerError extends Error {}

  async function api(path, body, signal) {
    let response;
    try {
      response = await fetch(path, {
        method: "POST",
        headers: { "content-type": "application/json", "x-copylint-token": token },
        body: JSON.stringify(body),
        signal,
      });
    } catch (error) {
      if (error.name === "AbortError") throw error;
      throw new ServerError("The copylint server does not answer; is 'copylint serve' still running?");
    }
    if (!response.ok) {
      let message = `The server answered ${response.status}.`;
      try { message = (await response.json()).error || message; } catch (_) { /* not JSON */ }
      throw new ServerError(message);
    }
    return response;
  }

  function showMessage(text, kind = "error") {
    const box = $("message");
    $("message-text").textContent = text;
    box.className = kind === "note" ? "note" : "";
    box.setAttribute("role", kind === "note" ? "status" : "alert");
    box.hidden = false;
  }

  function hideMessage() { $("message").hidden = true; }

  function requestBody(extra = {}) {
    return { text: state.text, format: formatSelect.value, name: state.name, ...extra };
  }

  function setBusy(busy) { document.body.dataset.busy = busy ? "1" : "0"; }

  function cancelCheck() {
    clearTimeout(state.timer);
    state.timer = null;
    if (state.controller) state.controller.abort();
    state.controller = null;
    state.seq += 1;
  }

  function scheduleCheck(delay = DEBOUNCE_MS) {
    cancelCheck();
    setBusy(true);
    state.timer = setTimeout(runCheck, delay);
  }

  async function runCheck() {
    cancelCheck();
    const seq = state.seq;
    const controller = new AbortController();
    state.controller = controller;
    const text = state.text;
    setBusy(true);
    $("status").textContent = "Checking…";
    try {
      const data = await (await api("/api/check", requestBody(), controller.signal)).json();
      if (seq !== state.seq || text !== state.text) return;
      takeResults(data);
      if (state.checkFailed) hideMessage(); // the error was about an earlier text
      state.checkFailed = false;
    } catch (error) {
      if (error.name === "AbortError" || seq !== state.seq) return;
      showMessage(error.message);
      state.checkFailed = true;
      renderStatus();
    } finally {
      if (seq === state.seq) setBusy(false);
    }
  }

  function takeResults(data) {
    const toUnits = unitsFromCodePoints(state.text);
    state.findings = data.findings.map((f, id) => ({ ...f, id, u0: toUnits(f.start), u1: toUnits(f.end) }));
    state.rules = data.rules;
    state.stats = data.stats;
    // why this check is incomplete, or which optional checks could not run (as lint says on stderr)
    state.notes = [...data.problems.map((p) => `Not fully checked: ${p}`),
      ...Object.entries(data.skipped).map(([check, why]) => `Skipped ${check}: ${why}`)];
    refresh();
  }

  // ---- the text changes ----
  function textChanged(after) {
    const d = diff(state.text, after);
    state.findings = shifted(state.findings, d);
    state.rejected = shifted(state.rejected, d);
    state.text = after;
  }

  function setDocument(text, name, format) {
    cancelCheck();
    state.text = text;
    state.name = name;
    state.docx = /\.docx$/i.test(name);
    state.findings = [];
    state.rejected = [];
    state.current = -1;
    state.history = [];
    formatSelect.value = format;
    refresh();
    runCheck();
  }

  editor.addEventListener("input", (event) => {
    if (event.isComposing) return;
    forget(); // typing has the browser's own undo (Ctrl+Z)
    textChanged(readNodes(editor));
    scheduleCheck();
  });
  editor.addEventListener("compositionend", () => { textChanged(readNodes(editor)); scheduleCheck(); });

  editor.addEventListener("paste", (event) => {
    const pasted = event.clipboardData && event.clipboardData.getData("text/plain");
    if (pasted === null || pasted === undefined) return;
    event.preventDefault();
    forget();
    const at = selectionOffsets() || { start: state.text.length, end: state.text.length };
    textChanged(state.text.slice(0, at.start) + pasted + state.text.slice(at.end));
    render();
    selectOffsets(at.start + pasted.length, at.start + pasted.length);
    scheduleCheck(0);
  });

  // ---- files ----
  function megabytes(size) { return `${(size / 1000000).toFixed(1)} MB`; }

  function toBase64(bytes) {
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  }

  async function openFile(file) {
    if (file.size > limit) {
      showMessage(`${file.name} is ${megabytes(file.size)}; the limit is ${megabytes(limit)}. Split it, or check it with 'copylint lint'.`);
      return;
    }
    try {
      setBusy(true);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const data = await (await api("/api/upload", { name: file.name, data: toBase64(bytes) })).json();
      hideMessage();
      setDocument(data.text, data.name, data.format);
      if (state.docx) showMessage("Read from .docx as plain text: the corrected text downloads as .txt.", "note");
    } catch (error) {
      setBusy(false);
      showMessage(error.message);
    }
  }

  $("open-file").addEventListener("click", () => $("file-input").click());
  $("file-input").addEventListener("change", (event) => {
    const file = event.target.files[0];
    event.target.value = "";
    if (file) openFile(file);
  });
  const hasFiles = (event) => event.dataTransfer && [...event.dataTransfer.types].includes("Files");
  document.addEventListener("dragover", (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    document.body.classList.add("dragging");
  });
  document.addEventListener("dragleave", (event) => {
    if (event.relatedTarget === null) document.body.classList.remove("dragging");
  });
  document.addEventListener("drop", (event) => {
    document.body.classList.remove("dragging");
    if (!hasFiles(event)) return;
    event.preventDefault();
    if (event.dataTransfer.files.length) openFile(event.dataTransfer.files[0]);
  });
  formatSelect.addEventListener("change", () => scheduleCheck(0));

  // ---- choosing, accepting, rejecting ----
  function select(id, { moveSelection = true } = {}) {
    state.current = id;
    const f = byId(id);
    markCurrent();
    renderDetails();
    if (!f) return;
    const details = $("rules").querySelector(`details[data-rule="${CSS.escape(f.rule)}"]`);
    if (details && !details.open) {
      details.open = true;
      state.openRules.add(f.rule);
    }
    const mark = editor.querySelector(`mark[data-ids~="${id}"]`);
    if (mark) mark.scrollIntoView({ block: "nearest" });
    if (moveSelection) selectOffsets(f.u0, f.u1);
  }

  function step(direction) {
    const shown = visible().sort((a, b) => a.u0 - b.u0 || a.u1 - b.u1);
    if (!shown.length) return;
    const at = shown.findIndex((f) => f.id === state.current);
    let index;
    if (at === -1) {
      const caret = document.activeElement === editor ? selectionOffsets() : null;
      const from = caret ? caret.start : -1;
      index = direction > 0 ? shown.findIndex((f) => f.u0 >= from) : shown.map((f) => f.u0 < Math.max(from, 0) || from < 0).lastIndexOf(true);
      if (index === -1) index = direction > 0 ? 0 : shown.length - 1;
    } else {
      index = (at + direction + shown.length) % shown.length;
    }
    select(shown[index].id);
  }

  function selectAfter(u) {
    const shown = visible().sort((a, b) => a.u0 - b.u0 || a.u1 - b.u1);
    const following = shown.find((f) => f.u0 >= u);
    if (following) select(following.id); else { state.current = -1; markCurrent(); renderDetails(); }
  }

  // ---- undo: the page before the last accept, reject or "accept all" ----
  function snapshot(label) {
    return { label, text: state.text, name: state.name, findings: state.findings, rules: state.rules,
      stats: state.stats, rejected: state.rejected.map((r) => ({ ...r })) };
  }

  function remember(before) {
    state.history.push(before);
    if (state.history.length > 100) state.history.shift();
    renderUndo();
  }

  function forget() {
    state.history = [];
    renderUndo();
  }

  function renderUndo() {
    const last = state.history[state.history.length - 1];
    $("undo").disabled = !last;
    $("undo").textContent = last ? `Undo ${last.label}` : "Undo";
  }

  function undo() {
    const before = state.history.pop();
    if (!before) return;
    cancelCheck();
    setBusy(false);
    Object.assign(state, { text: before.text, findings: before.findings, rules: before.rules,
      stats: before.stats, rejected: before.rejected, current: -1 });
    hideMessage();
    refresh();
  }

  async function accept() {
    const f = byId(state.current);
    if (!f || !f.replacements.length) return;
    const before = snapshot("accept");
    cancelCheck();
    setBusy(true);
    try {
      const finding = { rule: f.rule, start: codePoints(state.text, f.u0), end: codePoints(state.text, f.u1) };
      const data = await (await api("/api/apply", requestBody({ finding }))).json();
      textChanged(data.text);
      state.current = -1;
      takeResults(data);
      remember(before);
      hideMessage();
      selectAfter(f.u0);
    } catch (error) {
      showMessage(error.message);
    } finally {
      setBusy(false);
    }
  }

  function reject() {
    const f = byId(state.current);
    if (!f) return;
    remember(snapshot("reject"));
    state.rejected.push({ rule: f.rule, u0: f.u0, u1: f.u1 });
    state.current = -1;
    refresh();
    selectAfter(f.u0);
  }

  async function fixAll() {
    const before = snapshot("accept all");
    cancelCheck();
    setBusy(true);
    try {
      const rejected = state.rejected.map((r) => ({ rule: r.rule, start: codePoints(state.text, r.u0), end: codePoints(state.text, r.u1) }));
      const data = await (await api("/api/fix", requestBody({ rejected }))).json();
      state.text = data.text;
      const toUnits = unitsFromCodePoints(state.text);
      state.rejected = data.rejected.map((r) => ({ rule: r.rule, u0: toUnits(r.start), u1: toUnits(r.end) }));
      state.current = -1;
      takeResults(data);
      if (data.text !== before.text) remember(before);
      const applied = Object.entries(data.applied);
      const total = applied.reduce((n, [, k]) => n + k, 0);
      showMessage(total ? `Applied ${total} safe fix${total === 1 ? "" : "es"}: ${applied.map(([rule, n]) => `${n} ${rule}`).join(", ")}.`
        : "No safe fix to apply.", "note");
      if (!data.converged) showMessage("Some fixes kept undoing each other; check the result.");
    } catch (error) {
      showMessage(error.message);
    } finally {
      setBusy(false);
    }
  }

  // ---- downloads ----
  function stem() {
    const base = state.name.split(/[\\/]/).pop();
    const dot = base.lastIndexOf(".");
    return dot > 0 ? base.slice(0, dot) : base || "document";
  }

  function extension() {
    if (state.docx) return ".txt";
    const base = state.name.split(/[\\/]/).pop();
    const dot = base.lastIndexOf(".");
    return dot > 0 ? base.slice(dot) : ".txt";
  }

  function download(blob, filename) {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  async function downloadReport(kind) {
    try {
      const response = await api("/api/report", requestBody({ kind }));
      const named = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") || "");
      download(await response.blob(), named ? named[1] : `${stem()}.${kind}`);
    } catch (error) {
      showMessage(error.message);
    }
  }

  $("download-text").addEventListener("click", () => {
    download(new Blob([state.text], { type: "text/plain;charset=utf-8" }), `${stem()}.corrected${extension()}`);
  });
  $("download-json").addEventListener("click", () => downloadReport("json"));
  $("download-sarif").addEventListener("click", () => downloadReport("sarif"));
  $("fix-all").addEventListener("click", fixAll);
  $("accept").addEventListener("click", accept);
  $("reject").addEventListener("click", reject);
  $("undo").addEventListener("click", undo);
  $("next").addEventListener("click", () => step(1));
  $("prev").addEventListener("click", () => step(-1));
  $("message-close").addEventListener("click", hideMessage);
  $("rules").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-id]");
    if (button) select(Number(button.dataset.id), { moveSelection: false });
  });

  // ---- hover and caret: what a highlight is ----
  const tooltip = $("tooltip");

  function describe(ids) {
    return ids.map((id) => byId(id)).filter(Boolean).map((f) => {
      const fix = f.replacements.length ? (f.replacements[0] === "" ? "delete" : `“${f.replacements[0]}”`) : "none";
      return `${f.severity} · ${f.rule}\n${f.message}\nconfidence ${Math.round(f.confidence * 100)}% · fix ${fix}`;
    }).join("\n\n");
  }

  editor.addEventListener("mouseover", (event) => {
    const mark = event.target.closest("mark");
    if (!mark) return;
    tooltip.textContent = describe(mark.dataset.ids.split(" ").map(Number));
    tooltip.hidden = false;
    const box = mark.getBoundingClientRect();
    const top = box.bottom + 6;
    tooltip.style.left = `${Math.max(4, Math.min(box.left, window.innerWidth - tooltip.offsetWidth - 4))}px`;
    tooltip.style.top = `${top + tooltip.offsetHeight > window.innerHeight ? box.top - tooltip.offsetHeight - 6 : top}px`;
  });
  editor.addEventListener("mouseout", (event) => {
    if (event.target.closest("mark")) tooltip.hidden = true;
  });
  editor.addEventListener("click", (event) => {
    const mark = event.target.closest("mark");
    if (mark) select(Number(mark.dataset.ids.split(" ")[0]), { moveSelection: false });
  });

  document.addEventListener("selectionchange", () => {
    if (document.activeElement !== editor || document.body.dataset.busy === "1") return;
    const at = selectionOffsets();
    if (!at) return;
    const current = byId(state.current);
    if (current && current.u0 <= at.start && at.start <= current.u1) return;
    const under = visible().filter((f) => f.u0 <= at.start && at.start < f.u1)
      .sort((a, b) => (a.u1 - a.u0) - (b.u1 - b.u0))[0];
    if (under) select(under.id, { moveSelection: false });
  });

  // ---- keyboard ----
  document.addEventListener("keydown", (event) => {
    if (event.key === "F8") {
      event.preventDefault();
      step(event.shiftKey ? -1 : 1);
      return;
    }
    if (event.key === "Escape") { tooltip.hidden = true; return; }
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    const action = { KeyJ: () => step(1), KeyK: () => step(-1), KeyA: accept, KeyR: reject, KeyF: fixAll, KeyZ: undo }[event.code];
    if (action) {
      event.preventDefault();
      action();
    }
  });

  refresh();
})();
