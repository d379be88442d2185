"""Writing to the audit log. Details never carry passwords, tokens, cookies or photo bytes."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.audit.models import AuditEvent

_FORBIDDEN_KEY_PARTS = ("password", "token", "cookie", "secret", "photo_bytes", "data")


def _clean(details: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key, value in details.items():
        if any(part in key.lower() for part in _FORBIDDEN_KEY_PARTS):
            continue
        if isinstance(value, bytes | bytearray):
            continue
        if isinstance(value, dict):
            value = _clean(value)
        clean[key] = value
    return clean


def record(
    session: Session,
    event: str,
    *,
    actor: Any = None,
    actor_label: str = "",
    ip: str = "",
    **details: Any,
) -> AuditEvent:
    """Add one audit event to the session (the caller commits with the change it describes)."""
    entry = AuditEvent(
        event=event,
        actor_id=getattr(actor, "id", None),
        actor=actor_label or getattr(actor, "email", "") or "system",
        ip=ip,
        details=_clean(details),
    )
    session.add(entry)
    return entry
