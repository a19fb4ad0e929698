"""`copylint lsp`: a language server over stdio (pygls), so editors show copylint's
findings as diagnostics and apply its fixes as code actions.

The server adds transport only: findings come from the same Engine, settings from the
same SettingsResolver and edits from the same fixer as `copylint lint` and `fix`.
Importing this package costs nothing; `checker.lsp.server` imports pygls.
"""
