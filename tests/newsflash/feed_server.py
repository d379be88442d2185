"""A real HTTP server on loopback that plays a school website's news feed, including hostile ones."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def rss(items: list[tuple[str, str, str]], title: str = "Wentworth news",
        date: str = "Wed, 25 Nov 2026 09:00:00 GMT") -> bytes:
    """items: (guid, title, description html)."""
    body = "".join(
        f"<item><guid>{g}</guid><title>{t}</title><link>https://school.example/news/{g}</link>"
        f"<description><![CDATA[{d}]]></description><pubDate>{date}</pubDate></item>"
        for g, t, d in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>https://school.example/</link><description>News</description>{body}</channel></rss>").encode()


class FeedServer:
    """routes: path -> (status, headers, body). Counts requests and conditional (304) answers."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict, bytes]] = {}
        self.requests: list[str] = []
        self.not_modified = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                server.requests.append(self.path)
                status, headers, body = server.routes.get(self.path, (404, {}, b"not here"))
                etag = headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    server.not_modified += 1
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
