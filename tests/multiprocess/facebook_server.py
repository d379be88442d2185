"""The in-process fake Graph API (tests/channels/fake_facebook.py) served over real HTTP on loopback, so
Tripcast processes started by a test can reach it: each request is handed to the fake's respx routes."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import respx

from tests.channels.fake_facebook import BASE, FakeFacebook


class FacebookServer:
    def __init__(self) -> None:
        self.router = respx.MockRouter(assert_all_called=False)
        self.fake = FakeFacebook(self.router)
        self._lock = threading.Lock()  # one request at a time: the fake's records stay consistent
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FacebookServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer(self, method: str, path: str, headers: dict[str, str], body: bytes) -> httpx.Response:
        request = httpx.Request(method, BASE + path, headers=headers, content=body)
        with self._lock:
            response = self.router.handler(request)
        response.read()
        return response

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _serve(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                response = server.answer(self.command, self.path, headers, body)
                self.send_response(response.status_code)
                self.send_header("content-type", response.headers.get("content-type", "application/json"))
                self.send_header("content-length", str(len(response.content)))
                self.end_headers()
                self.wfile.write(response.content)

            do_GET = do_POST = _serve

        return Handler
