"""The one-time message shown after a form post (post/redirect/get), carried in a signed cookie.

A cookie value must be ASCII, so the message travels as base64url of its UTF-8 ("Added Łucja", an iPhone
apostrophe, "…" all fit), and SecurityMiddleware signs it with the app's secret key on the way out and checks
the signature on the way in: a forged or damaged flash cookie is ignored, never shown.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

FLASH_COOKIE = "tripcast_flash"
MAX_MESSAGE = 300


def encode(message: str) -> str:
    text = message[:MAX_MESSAGE].encode("utf-8", "replace")
    return base64.urlsafe_b64encode(text).decode("ascii").rstrip("=")


def _mac(value: str, key: bytes) -> str:
    digest = hmac.new(key, b"flash:" + value.encode("utf-8", "replace"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode("ascii")


def sign(value: str, key: bytes) -> str:
    return f"{value}.{_mac(value, key)}"


def read(cookie: str, key: bytes) -> str:
    """The message in a signed flash cookie, or "" when there is none or it is not ours."""
    value, _, mac = cookie.partition(".")
    if not value or not mac or len(cookie) > 2048 or not hmac.compare_digest(mac, _mac(value, key)):
        return ""
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode("utf-8", "replace")
    except (binascii.Error, ValueError):
        return ""
