"""Web Push to admins' devices when comments are hidden or waiting (optional: each admin turns it on per device).

The VAPID key pair is generated once into the data dir (`vapid_private.pem`, readable by the app only); the
browser gets the public key to subscribe. Sending uses pywebpush (payload encrypted with aes128gcm). A push
service answering 404 or 410 means the subscription is dead: it is deleted.
"""

from __future__ import annotations

import base64
import json
import logging
import os
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from py_vapid import Vapid02
from pywebpush import WebPushException, webpush
from sqlalchemy import ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.accounts.models import User
from app.db import Base, UTCDateTime, utcnow

log = logging.getLogger("tripcast.push")
KEY_FILE = "vapid_private.pem"
SEND_TIMEOUT = 10.0


class PushSubscription(Base):
    __tablename__ = "push_subscriptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    endpoint: Mapped[str] = mapped_column(String(1000), unique=True)
    p256dh: Mapped[str] = mapped_column(String(200))
    auth: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def _vapid(data_dir: Path) -> Vapid02:
    path = Path(data_dir) / KEY_FILE
    if not path.exists():
        vapid = Vapid02()
        vapid.generate_keys()
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as file:
            file.write(vapid.private_pem())
    return Vapid02.from_file(str(path))


def public_key(data_dir: Path) -> str:
    """The VAPID public key as the browser's `applicationServerKey` wants it (base64url, uncompressed point)."""
    raw = _vapid(data_dir).public_key.public_bytes(serialization.Encoding.X962,
                                                    serialization.PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def save_subscription(session: Session, user: User, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    existing = session.scalar(select(PushSubscription).where(PushSubscription.endpoint == endpoint))
    if existing is None:
        existing = PushSubscription(endpoint=endpoint, user_id=user.id, p256dh=p256dh, auth=auth)
        session.add(existing)
    else:
        existing.user_id, existing.p256dh, existing.auth = user.id, p256dh, auth
    return existing


def notify_admins(session: Session, settings, title: str, body: str, url: str = "/admin/moderation") -> int:
    """Push one notification to every device an active admin turned notifications on for. Returns how many
    were accepted by the push services."""
    rows = session.execute(
        select(PushSubscription, User.email).join(User, User.id == PushSubscription.user_id)
        .where(User.role == "admin", User.active.is_(True))
    ).all()
    if not rows:
        return 0
    vapid = _vapid(settings.data_dir)
    payload = json.dumps({"title": title, "body": body, "url": url})
    sent = 0
    for subscription, email in rows:
        sub = settings.base_url if settings.base_url.startswith("https://") else f"mailto:{email}"
        try:
            webpush({"endpoint": subscription.endpoint, "keys": {"p256dh": subscription.p256dh,
                                                                  "auth": subscription.auth}},
                    data=payload, vapid_private_key=vapid, vapid_claims={"sub": sub}, timeout=SEND_TIMEOUT,
                    ttl=24 * 3600)
            sent += 1
        except WebPushException as exc:
            status = getattr(exc.response, "status_code", None)
            if status in (404, 410):
                session.delete(subscription)  # the browser unsubscribed or the app was removed
            else:
                log.info("push to %s failed: %s", subscription.endpoint.split("/")[2], status)
        except Exception:  # noqa: BLE001 - a push service being down never stops moderation
            log.info("push to %s failed", subscription.endpoint.split("/")[2], exc_info=True)
    session.commit()
    return sent
