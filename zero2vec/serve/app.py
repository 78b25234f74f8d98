"""The web application and its server: Starlette routes on uvicorn, with the safety rules.

* It binds 127.0.0.1 unless told otherwise; another address needs a ``token`` (checked
  on every request: ``Authorization: Bearer TOKEN`` or ``?token=TOKEN``, the page's
  form) or an explicit ``insecure_public``.
* Every response carries a Content-Security-Policy that allows only this server's
  own scripts and styles (no inline script), so text that reached a page could not run.
* The port is bound before uvicorn starts, so a busy one is a one-line
  :class:`~zero2vec.errors.ServeError`, not a traceback from inside the event loop.
"""
from __future__ import annotations

import errno
import hmac
import ipaddress
import socket
import threading
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import parse_qs

from zero2vec.errors import ConfigError, MissingDependencyError, ServeError, UnknownWordError, Zero2VecError

STATIC = Path(__file__).with_name("static")
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
SECURITY_HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]


def need_starlette() -> None:
    """Fail with one line when the ``serve`` extra is not installed."""
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise MissingDependencyError("zero2vec serve needs Starlette and uvicorn: "
                                     "pip install 'zero2vec[serve]'") from None


class _Guard:
    """ASGI middleware: the token check (when a token is set) and the security headers."""

    def __init__(self, app, token: str | None) -> None:
        self.app, self.token = app, token

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
            await send(message)

        if self.token is not None and not self._allowed(scope):
            from starlette.responses import JSONResponse

            response = JSONResponse({"error": "this server needs its token: open the address it "
                                     "printed (?token=...) or send Authorization: Bearer TOKEN"},
                                    status_code=401)
            return await response(scope, receive, send_with_headers)
        await self.app(scope, receive, send_with_headers)

    def _allowed(self, scope) -> bool:
        given = ""
        for name, value in scope.get("headers", []):
            if name == b"authorization" and value.lower().startswith(b"bearer "):
                given = value[7:].decode("latin-1").strip()
        if not given:
            given = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [""])[0]
        return hmac.compare_digest(given.encode("utf8"), self.token.encode("utf8"))


def create_app(models: Sequence = (), live=None, token: str | None = None, evaluations: Sequence = ()):
    """The ASGI application.

    Parameters
    ----------
    models : sequence of ServedModel
        The models to explore (chosen on the command line).
    live : LiveRun, optional
        A training run to watch (``zero2vec train --serve``).
    token : str, optional
        When set, every request must carry it.
    evaluations : sequence of EvalSet
        Evaluation files to run on every model (the Evaluation tab).
    """
    need_starlette()
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.responses import FileResponse, JSONResponse
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    from zero2vec.serve.api import Api, BodyTooLarge, NotFound

    api = Api(models, live, evaluations)

    def page(request):
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-store"})

    def input_error(request, exc: Exception) -> JSONResponse:
        status = 404 if isinstance(exc, (UnknownWordError, NotFound)) else 413 if isinstance(
            exc, BodyTooLarge) else 400
        return JSONResponse({"error": str(exc)}, status_code=status)

    def http_error(request, exc: HTTPException) -> JSONResponse:
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code)

    routes = [Route("/", page), *api.routes(), Mount("/static", StaticFiles(directory=STATIC), name="static")]
    app = Starlette(routes=routes, exception_handlers={Zero2VecError: input_error,
                                                      HTTPException: http_error})
    guarded = _Guard(app, token)
    guarded.api = api  # (train --serve-wait adds the trained vectors to it)
    return guarded


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_exposure(host: str, token: str | None, insecure_public: bool) -> None:
    """Another address than loopback needs a token or an explicit ``insecure_public``."""
    if token is not None and not token.strip():
        raise ConfigError("--token must not be empty")
    if not is_loopback(host) and token is None and not insecure_public:
        raise ServeError(f"serving on {host} lets other machines in: give --token SECRET (checked "
                         f"on every request) or --insecure-public")


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (``port=0``: a free one); a busy port is a ServeError."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP by name: asyncio sets TCP_NODELAY only on sockets that say so, and without
    # it a response's headers and body wait for a delayed ACK (40 ms per request)
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError as e:
        sock.close()
        if e.errno == errno.EADDRINUSE:
            raise ServeError(f"port {port} on {host} is already in use (another zero2vec serve?); "
                             f"choose another with --port") from None
        raise ServeError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket, token: str | None) -> str:
    host, port = sock.getsockname()[:2]
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{port}/" + (f"?token={token}" if token else "")


class Server:
    """uvicorn serving ``app`` on a bound socket, in the foreground or on a thread."""

    def __init__(self, app, sock: socket.socket, log_level: str = "warning") -> None:
        import uvicorn

        config = uvicorn.Config(app, log_level=log_level, access_log=False, lifespan="off",
                                timeout_graceful_shutdown=1, ws="none")
        self._server = uvicorn.Server(config)
        self.app, self.sock = app, sock
        self._thread: threading.Thread | None = None

    def run(self) -> None:
        """Serve until Ctrl-C (on the main thread) or :meth:`stop`."""
        try:
            self._server.run(sockets=[self.sock])
        finally:
            self.sock.close()

    def start(self) -> Server:
        """Serve on a daemon thread; returns once the server accepts requests."""
        self._thread = threading.Thread(target=self.run, name="zero2vec-serve", daemon=True)
        self._thread.start()
        while not self._server.started and self._thread.is_alive():
            self._thread.join(0.02)
        return self

    def wait(self) -> None:
        """Block until the thread's server stops; Ctrl-C stops it."""
        try:
            while self._thread is not None and self._thread.is_alive():
                self._thread.join(0.5)
        except KeyboardInterrupt:
            pass

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(5)


def open_server(app, host: str, port: int, token: str | None = None,
                insecure_public: bool = False) -> Server:
    """:func:`check_exposure`, :func:`bind`, then a :class:`Server` (not yet running)."""
    check_exposure(host, token, insecure_public)
    return Server(app, bind(host, port))
