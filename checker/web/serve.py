"""`copylint serve`: bind the address, print the page's URL, run uvicorn until Ctrl+C.

The socket is bound here, before uvicorn starts, so a port in use is one clear line
(exit 2) and `--port 0` can print the port the system chose."""
from __future__ import annotations

import ipaddress
import socket
import sys
import threading
import webbrowser

import click

from .app import DEFAULT_LIMIT, create_app
from .service import WebChecker

LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket, or click.ClickException with one line."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise click.ClickException(f"cannot use host '{host}': {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(64)
    except OSError as exc:
        sock.close()
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


def page_url(host: str, port: int) -> str:
    shown = host
    if host in ("0.0.0.0", "::"):
        shown = "127.0.0.1"
    elif ":" in host:
        shown = f"[{host}]"
    return f"http://{shown}:{port}/"


def serve_command(engine, host: str, port: int, open_browser: bool, version: str,
                  limit: int = DEFAULT_LIMIT) -> int:
    import uvicorn

    sock = bind(host, port)
    port = sock.getsockname()[1]
    hosts = ["127.0.0.1", "localhost", "[::1]", f"[{host}]" if ":" in host else host]
    if not is_loopback(host):
        click.echo(f"copylint: warning: serving on {host}: other machines can open the page and check "
                   "text with it, and copy sent from them crosses the network unencrypted", err=True)
        hosts = ["*"]
    click.echo("copylint: loading the checks…", err=True)
    checker = WebChecker(engine, version=version)
    checker.check("Warming up: the engine and the readability figures load once.")
    app = create_app(checker, limit=limit, hosts=hosts)
    url = page_url(host, port)
    click.echo(f"copylint: serving the page at {url} (Ctrl+C to stop)")
    sys.stdout.flush()
    if open_browser:
        threading.Timer(0.3, webbrowser.open, args=(url,)).start()
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                            timeout_graceful_shutdown=2)  # Ctrl+C does not wait on idle browser connections
    server = uvicorn.Server(config)
    server.run(sockets=[sock])
    return 0
