"""The HTTP face of checker/web/service.py (Starlette), and the guards a page that
handles other people's copy needs:

- every POST must carry this run's token (in the page, unreadable by other sites) in
  `X-Copylint-Token` and be `application/json`, which a cross-site form cannot send;
- the Host header must name this server, so a rebound DNS name cannot reach it;
- request bodies are limited (Starlette's `max_body_size`), with a message that says so;
- a Content-Security-Policy that allows only this server's own script and style, so
  even a slip in the page could not run a document's `<script>`;
- the page's three files are read from the package once at start; no endpoint reads
  or writes any other file.
"""
from __future__ import annotations

import base64
import binascii
import json
import secrets
from importlib import resources

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from .service import RequestError, Span, WebChecker
from .uploads import megabytes, read_upload, too_large

DEFAULT_LIMIT = 5_000_000  # bytes of document text or uploaded file
TOKEN_HEADER = "x-copylint-token"
ASSETS = {"app.js": "text/javascript; charset=utf-8", "style.css": "text/css; charset=utf-8"}
SECURITY_HEADERS = {
    "content-security-policy": ("default-src 'none'; script-src 'self'; style-src 'self'; "
                                "img-src 'self' data:; connect-src 'self'; form-action 'none'; "
                                "base-uri 'none'; frame-ancestors 'none'"),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}


def body_limit(limit: int) -> int:
    """Uploads travel base64-encoded in JSON: 4/3 of the file, plus room for the rest."""
    return limit * 4 // 3 + 64_000


def create_app(checker: WebChecker, *, limit: int = DEFAULT_LIMIT, hosts=("127.0.0.1", "localhost"),
               token: str | None = None) -> Starlette:
    """The application; `hosts`: the Host names it answers to ("*": any, for --host
    on a network address); `token`: fixed for tests, else a new one per run."""
    token = token or secrets.token_urlsafe(32)
    static = resources.files(__package__) / "static"
    page = (static / "index.html").read_text(encoding="utf-8")
    page = (page.replace("{{token}}", token).replace("{{limit}}", str(limit))
            .replace("{{version}}", checker.version))
    assets = {name: (static / name).read_bytes() for name in ASSETS}

    def guarded(handler):
        async def endpoint(request: Request) -> Response:
            if not secrets.compare_digest(request.headers.get(TOKEN_HEADER, ""), token):
                return _error("This page is out of date or came from another site; reload it.", 403)
            if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
                return _error("Requests must be JSON.", 415)
            try:
                body = await request.json()
            except ValueError:
                return _error("The request is not valid JSON.", 400)
            if not isinstance(body, dict):
                return _error("The request must be a JSON object.", 400)
            try:
                return await run_in_threadpool(handler, body)
            except RequestError as exc:
                return _error(str(exc), 422)
        return endpoint

    def text_of(body: dict) -> tuple[str, str, str]:
        text, fmt, name = body.get("text"), body.get("format", "text"), body.get("name") or "pasted.txt"
        if not isinstance(text, str) or not isinstance(fmt, str) or not isinstance(name, str):
            raise RequestError("text, format and name must be strings")
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > limit:
            raise RequestError(too_large("The text", size, limit))
        return text, fmt, name

    def check(body):
        return _JSON(checker.check(*text_of(body)))

    def apply(body):
        return _JSON(checker.apply_one(*text_of(body), Span.of(body.get("finding"))))

    def fix(body):
        rejected = body.get("rejected") or []
        if not isinstance(rejected, list):
            raise RequestError("rejected must be a list of findings")
        return _JSON(checker.fix_safe(*text_of(body), [Span.of(r) for r in rejected]))

    def report(body):
        content, media, filename = checker.report(*text_of(body), str(body.get("kind", "")))
        # as `copylint lint` prints it: a lone surrogate shown as an escape
        return Response(content.encode("utf-8", "backslashreplace"), media_type=media,
                        headers={"content-disposition": f'attachment; filename="{_ascii(filename)}"'})

    def upload(body):
        name, data = body.get("name"), body.get("data")
        if not isinstance(name, str) or not isinstance(data, str):
            raise RequestError("an upload is {name, data} with the file's bytes in base64")
        try:
            raw = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            raise RequestError("the file's bytes are not valid base64") from None
        text, fmt = read_upload(name, raw, limit, checker.engine.settings.encoding)
        return _JSON({"name": name, "format": fmt, "text": text})

    async def index(request: Request) -> Response:
        return HTMLResponse(page)

    def asset(name: str):
        async def serve_asset(request: Request) -> Response:
            return Response(assets[name], media_type=ASSETS[name])
        return serve_asset

    def too_big_message(sent: int | None) -> str:
        what = f"The request ({megabytes(sent)})" if sent is not None else "The request"
        return (f"{what} is larger than the page accepts: documents may be up to "
                f"{megabytes(limit)}. Split it, or check it with 'copylint lint'.")

    async def too_big(request: Request, exc: HTTPException) -> Response:
        return _error(too_big_message(None), 413)  # a body sent without a declared length

    routes = [
        Route("/", index),
        *[Route(f"/static/{name}", asset(name)) for name in ASSETS],
        Route("/api/check", guarded(check), methods=["POST"]),
        Route("/api/apply", guarded(apply), methods=["POST"]),
        Route("/api/fix", guarded(fix), methods=["POST"]),
        Route("/api/report", guarded(report), methods=["POST"]),
        Route("/api/upload", guarded(upload), methods=["POST"]),
    ]
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=list(hosts)),
                  Middleware(_SecurityHeaders)]
    app = Starlette(routes=routes, middleware=middleware, max_body_size=body_limit(limit),
                    exception_handlers={413: too_big})
    return _DeclaredSizeLimit(app, body_limit(limit), too_big_message)


class _JSON(JSONResponse):
    """JSON with every non-ASCII character escaped: a text may hold a lone surrogate
    (JavaScript strings can), which UTF-8 cannot encode but \\uXXXX carries exactly."""

    def render(self, content) -> bytes:
        return json.dumps(content, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def _error(message: str, status: int) -> JSONResponse:
    return _JSON({"error": message}, status_code=status)


def _ascii(name: str) -> str:
    return "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in name)


class _DeclaredSizeLimit:
    """Refuses a body whose declared length is over the limit before reading it, with
    the page's own message (Starlette's `max_body_size` answers a plain "Content Too
    Large" there, and stays the backstop for bodies sent without a length)."""

    def __init__(self, app, limit: int, message):
        self.app, self.limit, self.message = app, limit, message

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            declared = Headers(scope=scope).get("content-length", "")
            if declared.isdigit() and int(declared) > self.limit:
                response = _error(self.message(int(declared)), 413)
                response.headers.update(SECURITY_HEADERS)
                return await response(scope, receive, send)
        return await self.app(scope, receive, send)


class _SecurityHeaders:
    """Adds SECURITY_HEADERS to every response (pure ASGI: no body buffering)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
