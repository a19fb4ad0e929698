"""copylint's records as LSP messages: findings as diagnostics, edits as text edits,
quick fixes and suppressions as code actions. Positions go through `PositionMap`."""
from __future__ import annotations

from lsprotocol import types

from ..document import Document
from ..finding import Finding
from .actions import Edit, disable_for_line, quick_fix
from .positions import PositionMap

SOURCE = "copylint"
FIX_ALL = "source.fixAll.copylint"
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}


def lsp_range(positions: PositionMap, start: int, end: int) -> types.Range:
    (sl, sc), (el, ec) = positions.position(start), positions.position(end)
    return types.Range(start=types.Position(line=sl, character=sc), end=types.Position(line=el, character=ec))


def diagnostic(finding: Finding, positions: PositionMap, rule_doc_url: str | None = None) -> types.Diagnostic:
    href = rule_doc_url.replace("{rule}", finding.rule) if rule_doc_url else None
    return types.Diagnostic(
        range=lsp_range(positions, finding.start, finding.end),
        severity=SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning),
        code=finding.rule,
        code_description=types.CodeDescription(href=href) if href else None,
        source=SOURCE,
        message=finding.message,
    )


def text_edit(positions: PositionMap, edit: Edit) -> types.TextEdit:
    return types.TextEdit(range=lsp_range(positions, edit.start, edit.end), new_text=edit.text)


def workspace_edit(uri: str, version: int | None, positions: PositionMap, edits: list[Edit]) -> types.WorkspaceEdit:
    """Edits as a versioned document change, so a client applies them only to the text
    they were computed on."""
    return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
        text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version),
        edits=[text_edit(positions, e) for e in edits],
    )])


def finding_actions(uri: str, version: int | None, text: str, fmt: str, findings: list[Finding],
                    positions: PositionMap, rule_doc_url: str | None, rst: bool) -> list[types.CodeAction]:
    """A quick fix for each finding with a fix, then one "Disable RULE for this line" per
    rule and line."""
    actions, disabled = [], set()
    for finding in findings:
        fixed = quick_fix(text, finding)
        if fixed is not None:
            title, edit = fixed
            actions.append(types.CodeAction(
                title=title, kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic(finding, positions, rule_doc_url)],
                is_preferred=finding.fix_safe or None,
                edit=workspace_edit(uri, version, positions, [edit]),
            ))
    doc = Document.from_text(text, "-", fmt) if findings else None  # read once for every finding
    for finding in findings:
        key = (finding.rule, positions.position(finding.start)[0])
        if key in disabled:
            continue
        disabled.add(key)
        edit = disable_for_line(text, fmt, finding, rst=rst, doc=doc)
        actions.append(types.CodeAction(
            title=f"Disable {finding.rule} for this line", kind=types.CodeActionKind.QuickFix,
            diagnostics=[diagnostic(finding, positions, rule_doc_url)],
            edit=workspace_edit(uri, version, positions, [edit]),
        ))
    return actions


def wanted(only, kind: str) -> bool:
    """Whether a code action of `kind` answers a request limited to `only` kinds."""
    if not only:
        return True
    return any(kind == k or kind.startswith(k + ".") for k in only)
