"""``render.py serve``: the live preview in a browser, from the standard library's HTTP server.

A ThreadingHTTPServer bound to 127.0.0.1 (this computer only, unless
``--host`` says otherwise) serves a page shipped in layout/preview/static
(HTML, CSS and JavaScript: no build step, no CDN), the state of the last
render as JSON, the page pictures and PDFs of the session's output folder
(only files of the current pages: nothing else on disk is reachable), and
a server-sent-event stream (``/events``, the browser's EventSource) that
announces every render. The watch loop runs in a second thread; each render
bumps the version the browser shows and makes it reload the state and the
changed pictures. The browser reports what it shows (``POST /api/seen``:
version, pictures loaded, report rows), so a test, or the terminal, can tell
that the page really refreshed.
"""
from __future__ import annotations

import json
import os
import signal
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Optional
from urllib.parse import urlparse

from ..model.errors import ERROR
from ..model.template import display_path

STATIC = Path(__file__).resolve().parent / "static"
STATIC_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                ".css": "text/css; charset=utf-8"}
FILE_TYPES = {".png": "image/png", ".pdf": "application/pdf"}
PING_SECONDS = 15.0  # an SSE comment line keeps proxies and the browser from closing an idle stream


def state_json(state, source: str) -> dict:
    """The render state as the browser page reads it (page pictures, report rows, errors with file:line)."""
    if state is None:
        return {"version": 0, "source": source, "pages": [], "rows": [], "errors": [], "warnings": [], "problems": []}
    pages = [_page_json(state.pages[n]) for n in sorted(state.pages)]
    rows = [{"page": p.number, "region": m.region, "story": m.story, "kind": m.kind, "chars": m.chars,
             "lines": m.lines, "text": m.text()} for p in state.pages.values() for m in p.markers]
    report = state.report
    return {
        "version": state.version, "source": source, "ok": state.ok, "kept": state.kept, "line": state.line(),
        "time": time.strftime("%H:%M:%S", time.localtime(state.started)), "seconds": round(state.seconds, 3),
        "good_at": time.strftime("%H:%M:%S", time.localtime(state.good_at)) if state.good_at else "",
        "placeholder": state.placeholder, "changed": state.changed, "pages": pages, "rows": rows,
        "errors": _errors(state),
        "warnings": [str(d) for d in state.diagnostics if d.severity != ERROR] + (list(report.warnings) if report else []),
        "problems": [p for p in (report.problems() if report else []) if not p.startswith(("overset", "underset"))],
    }


def _page_json(view) -> dict:
    tag = view.digest[:12]
    return {"number": view.number, "label": view.label or str(view.number), "name": view.name, "title": view.title,
            "png": f"/files/{os.path.basename(view.png)}?v={tag}",
            "guides": f"/files/{os.path.basename(view.guides)}?v={tag}" if view.guides else "",
            "pdf": f"/files/{os.path.basename(view.pdf)}?v={tag}", "width": view.size[0], "height": view.size[1]}


def _errors(state) -> list:
    """Errors with their place split out (file, line, column) when the model gave one."""
    out = [{"where": str(d.mark), "file": d.mark.file, "line": d.mark.line, "column": d.mark.column,
            "message": d.message} for d in state.diagnostics if d.severity == ERROR]
    listed = {f"{e['where']}: {e['message']}" for e in out}
    out += [{"where": "", "file": "", "line": 0, "column": 0, "message": e} for e in state.errors if e not in listed]
    return out


class Hub:
    """The latest render state, shared by the watch thread and the request threads; wakes event streams."""

    def __init__(self, session):
        self.session = session
        self.source = display_path(session.source)
        self.state = None
        self.seen: dict = {}
        self.changed = threading.Condition()

    def publish(self, state) -> None:
        """Record a new render and wake every waiting event stream."""
        with self.changed:
            self.state = state
            self.changed.notify_all()

    def snapshot(self) -> dict:
        """The state as JSON-ready data."""
        with self.changed:
            return state_json(self.state, self.source)

    def files(self) -> dict:
        """Basename -> path of every file the browser may fetch (the current pages' PNGs, layers and PDFs)."""
        state = self.state
        if state is None:
            return {}
        paths = [p for v in state.pages.values() for p in (v.png, v.guides, v.pdf) if p]
        return {os.path.basename(p): p for p in paths}

    def wait(self, version: int, timeout: float) -> int:
        """Block until a render newer than ``version`` (or the timeout); the current version."""
        with self.changed:
            self.changed.wait_for(lambda: self.state is not None and self.state.version > version, timeout)
            return self.state.version if self.state is not None else 0


class PreviewHandler(BaseHTTPRequestHandler):
    """Answers the preview page's requests from a Hub (set on the subclass handler_for makes)."""

    server_version = "baoban-preview"
    hub: Hub
    stop: threading.Event

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        """Nothing: the terminal shows one line per render, not one per request."""

    def do_GET(self):  # noqa: N802 - http.server's naming
        """The page, its assets, the state, the pictures and PDFs, or the event stream."""
        path = urlparse(self.path).path
        if path in ("/", "/index.html"):
            return self._index()
        if path.startswith("/static/"):
            return self._static(path[len("/static/"):])
        if path == "/api/state":
            return self._json(self.hub.snapshot())
        if path == "/api/seen":
            return self._json(self.hub.seen)
        if path.startswith("/files/"):
            return self._file(path[len("/files/"):])
        if path == "/events":
            return self._events()
        self.send_error(HTTPStatus.NOT_FOUND, "no such page")

    def do_POST(self):  # noqa: N802
        """The browser reports what it shows (version, pictures loaded, report rows, errors)."""
        if urlparse(self.path).path != "/api/seen":
            return self.send_error(HTTPStatus.NOT_FOUND, "no such page")
        length = min(int(self.headers.get("Content-Length") or 0), 10_000)
        try:
            self.hub.seen = dict(json.loads(self.rfile.read(length) or b"{}"), at=time.time())
        except (ValueError, TypeError):
            return self.send_error(HTTPStatus.BAD_REQUEST, "expected a JSON object")
        self._json({"ok": True})

    def _send(self, body: bytes, ctype: str, cache: str = "no-cache") -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, data) -> None:
        self._send(json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def _index(self) -> None:
        """The page with the current state inlined, so it is drawn before the load event."""
        state = json.dumps(self.hub.snapshot(), ensure_ascii=False).replace("</", "<\\/")
        html = (STATIC / "index.html").read_text(encoding="utf-8")
        html = html.replace('<script id="initial-state" type="application/json">{"version": 0}</script>',
                            f'<script id="initial-state" type="application/json">{state}</script>')
        self._send(html.encode("utf-8"), STATIC_TYPES[".html"])

    def _static(self, name: str) -> None:
        file = STATIC / name
        if "/" in name or file.suffix not in STATIC_TYPES or not file.is_file():
            return self.send_error(HTTPStatus.NOT_FOUND, "no such file")
        self._send(file.read_bytes(), STATIC_TYPES[file.suffix])

    def _file(self, name: str) -> None:
        path = self.hub.files().get(name)
        if path is None or not os.path.isfile(path):
            return self.send_error(HTTPStatus.NOT_FOUND, "not a file of the current pages")
        with open(path, "rb") as f:
            # no-cache: a quick edit and undo must not show a picture cached under an older digest's URL
            self._send(f.read(), FILE_TYPES.get(Path(name).suffix, "application/octet-stream"))

    def _events(self) -> None:
        """Server-sent events: one 'render' event per render, a comment line while idle."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        version = -1
        try:
            while not self.stop.is_set():
                current = self.hub.wait(version, PING_SECONDS)
                if current != version:
                    version = current
                    self.wfile.write(f"event: render\ndata: {json.dumps({'version': current})}\n\n".encode())
                else:
                    self.wfile.write(b": ping\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went away


def handler_for(hub: Hub, stop: threading.Event):
    """A PreviewHandler class bound to one hub and stop event (http.server makes one handler per request)."""
    return type("Handler", (PreviewHandler,), {"hub": hub, "stop": stop})


def _interrupt(_signum, _frame):
    """SIGTERM stops the server like Ctrl-C does."""
    raise KeyboardInterrupt


def serve(session, host: str = "127.0.0.1", port: int = 8000, on_render: Optional[Callable] = None) -> int:
    """Run the watch loop in a thread and the web server in this one until Ctrl-C or SIGTERM; the exit code."""
    from .watch import Watcher

    hub = Hub(session)

    def rendered(state):
        """Publish the state to the browsers, then print it."""
        hub.publish(state)
        if on_render:
            on_render(state)

    watcher = Watcher(session, on_render=rendered)
    try:
        server = ThreadingHTTPServer((host, port), handler_for(hub, watcher.stop_event))
    except OSError as exc:
        print(f"error: cannot listen on {host}:{port} ({exc.strerror or exc}); choose another --port", flush=True)
        return 2
    server.daemon_threads = True
    thread = threading.Thread(target=watcher.run, name="watch", daemon=True)
    thread.start()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)
    print(f"serving http://{host}:{server.server_address[1]}/ (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
        with hub.changed:
            hub.changed.notify_all()
        server.server_close()
        thread.join(timeout=2)
    return 0
