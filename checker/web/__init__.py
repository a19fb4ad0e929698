"""`copylint serve`: a local web page over the same engine, settings and fixer as the
command line. `service` is the work without HTTP (check, fix, report, read uploads);
`app` adds transport and its guards; `serve` binds and runs it; `static/` is the page."""
