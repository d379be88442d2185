"""A tiny fake X served over real HTTP on loopback, for tests that run Tripcast in its own process.

It answers the five endpoints Tripcast uses with X v2 shapes, and can hold its answer to `POST /2/tweets`
after accepting the post, so a test can kill the server mid-request (the platform has the post; we don't
know), and can hold media uploads (a slow upload over bad Wi-Fi). Request signing is checked by the
in-process fake (tests/channels/fake_x.py), not here.
"""

from __future__ import annotations

import itertools
import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class XServer:
    user_id = "1460000000000000001"

    def __init__(self) -> None:
        self.tweets: list[dict] = []
        self.accepted = threading.Event()
        self.hold_create = threading.Event()  # set: answer creates; clear: hang after accepting
        self.hold_create.set()
        self.hold_upload = threading.Event()  # set: answer uploads; clear: hold them (a slow upload)
        self.hold_upload.set()
        self.upload_started = threading.Event()
        self.uploads = 0
        self._ids = itertools.count(1860000000000000001)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> XServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.hold_create.set()
        self.hold_upload.set()
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _send(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                if url.path == "/2/users/me":
                    return self._send(200, {"data": {"id": fake.user_id, "name": "Wentworth", "username": "wps"}})
                if url.path == f"/2/users/{fake.user_id}/tweets":
                    query = parse_qs(url.query)
                    start = datetime.strptime(query["start_time"][0], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
                    found = [t for t in reversed(fake.tweets) if t["created_at"] >= start]
                    data = [{"id": t["id"], "text": t["text"],
                             "created_at": t["created_at"].strftime("%Y-%m-%dT%H:%M:%S.000Z")} for t in found]
                    return self._send(200, {"data": data, "meta": {"result_count": len(data)}} if data
                                      else {"meta": {"result_count": 0}})
                return self._send(404, {"title": "Not Found", "detail": self.path, "type": "about:blank"})

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                path = urlsplit(self.path).path
                if path == "/2/tweets":
                    text = json.loads(body)["text"]
                    tweet = {"id": str(next(fake._ids)), "text": text, "created_at": datetime.now(UTC)}
                    fake.tweets.append(tweet)
                    fake.accepted.set()
                    fake.hold_create.wait(timeout=60)
                    return self._send(201, {"data": {"id": tweet["id"], "text": text,
                                                     "edit_history_post_ids": [tweet["id"]]}})
                if path == "/2/media/upload":
                    fake.uploads += 1
                    fake.upload_started.set()
                    fake.hold_upload.wait(timeout=60)
                    media_id = str(next(fake._ids))
                    return self._send(200, {"data": {"id": media_id, "media_key": f"3_{media_id}", "size": len(body)}})
                if path == "/2/media/metadata":
                    media = json.loads(body)
                    return self._send(200, {"data": {"id": media["id"], "associated_metadata": media["metadata"]}})
                return self._send(404, {"title": "Not Found", "detail": self.path, "type": "about:blank"})

        return Handler
