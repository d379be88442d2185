"""Fetching a website's feed safely: http(s) only, public addresses only, a few redirects, a timeout and a size
limit, with conditional requests so an unchanged feed costs one short answer.

The address check runs before the first request and before every redirect, so a feed cannot send Tripcast to
the school's own network or to the server itself (unless TRIPCAST_NEWSFLASH_ALLOW_PRIVATE_ADDRESSES is set for
an intranet site or tests). The check resolves the name itself; a DNS answer that changes between the check and
the connection (rebinding) is not defended against beyond that.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

MAX_REDIRECTS = 3
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
USER_AGENT = "Tripcast newsflash reader"


class FeedFetchError(Exception):
    """A plain-English reason the feed could not be read."""


@dataclass(frozen=True)
class Fetched:
    status: int  # 200 or 304 (not modified)
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""


def check_address(url: str, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FeedFetchError("A feed address must start with https:// (or http://) and name a website.")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FeedFetchError(f"The website {parts.hostname} could not be found (check the address).") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if not address.is_global or address.is_multicast:
            raise FeedFetchError(
                f"{parts.hostname} is a private or local address ({address}), which Tripcast does not read feeds "
                "from, so that a feed cannot reach into the school's network. An intranet site needs "
                "TRIPCAST_NEWSFLASH_ALLOW_PRIVATE_ADDRESSES=true."
            )


def fetch_feed(url: str, *, etag: str = "", last_modified: str = "", max_bytes: int, allow_private: bool,
               client: httpx.Client | None = None) -> Fetched:
    headers = {"User-Agent": USER_AGENT,
               "Accept": "application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    own = client is None
    client = client or httpx.Client(timeout=TIMEOUT, follow_redirects=False)
    try:
        for _ in range(MAX_REDIRECTS + 1):
            check_address(url, allow_private)
            try:
                with client.stream("GET", url, headers=headers) as response:
                    if response.is_redirect:
                        target = response.headers.get("location", "")
                        if not target:
                            raise FeedFetchError("The website redirected the feed without saying where to.")
                        url = urljoin(url, target)
                        continue
                    if response.status_code == 304:
                        return Fetched(304, etag=etag, last_modified=last_modified)
                    if response.status_code != 200:
                        raise FeedFetchError(f"The website answered {response.status_code} for the feed address.")
                    declared = response.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > max_bytes:
                        raise FeedFetchError(_too_big(max_bytes))
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body.extend(chunk)
                        if len(body) > max_bytes:
                            raise FeedFetchError(_too_big(max_bytes))
                    return Fetched(200, bytes(body), response.headers.get("etag", ""),
                                   response.headers.get("last-modified", ""))
            except httpx.TimeoutException as exc:
                raise FeedFetchError("The website took too long to answer; Tripcast will try again later.") from exc
            except httpx.HTTPError as exc:
                raise FeedFetchError(f"The website could not be reached ({type(exc).__name__}).") from exc
        raise FeedFetchError(f"The feed address redirected more than {MAX_REDIRECTS} times.")
    finally:
        if own:
            client.close()


def _too_big(max_bytes: int) -> str:
    return f"The feed is larger than {max_bytes // (1024 * 1024)} MB, so Tripcast did not read it."
