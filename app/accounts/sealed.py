"""Secrets the server has to read back (an authenticator app's TOTP secret) are sealed in the database, so a
copy of the database alone (a backup, a leaked dump) cannot generate anyone's sign-in codes.

Fernet from `cryptography` (AES-128-CBC with HMAC-SHA256, the library's recommended recipe rather than
hand-built crypto), under a key derived with HKDF-SHA256 from the server's secret key (TRIPCAST_SECRET_KEY or
the generated data/secret_key). A value written before sealing existed is read as it is and sealed the next
time it is used. If the secret key changes, sealed values can no longer be opened: `unseal` says so with None,
and the people affected sign in with a recovery code or have an admin reset their second factor.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PREFIX = "sealed1:"


def _fernet(key: bytes) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"tripcast sealed secrets").derive(key)
    return Fernet(base64.urlsafe_b64encode(derived))


def seal(value: str, key: bytes) -> str:
    return PREFIX + _fernet(key).encrypt(value.encode()).decode("ascii")


def is_sealed(stored: str | None) -> bool:
    return bool(stored) and stored.startswith(PREFIX)


def unseal(stored: str, key: bytes) -> str | None:
    """The value; a value from before sealing as it is; None when it was sealed under another secret key."""
    if not is_sealed(stored):
        return stored
    try:
        return _fernet(key).decrypt(stored[len(PREFIX):].encode("ascii")).decode()
    except (InvalidToken, ValueError):
        return None
