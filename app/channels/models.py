"""What Tripcast remembers about each channel: last success, last check, and whether it needs reconnecting."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime

CHANNEL_LABELS = {"x": "X", "facebook": "Facebook Page", "sandbox": "Sandbox (demo)"}


class ChannelState(Base):
    """What the admin channel page shows: last success, last check, and whether reconnect is needed."""

    __tablename__ = "channel_states"

    channel: Mapped[str] = mapped_column(String(20), primary_key=True)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    needs_reconnect: Mapped[bool] = mapped_column(Boolean, default=False)
    last_message: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


def channel_state(session, channel: str) -> ChannelState:
    """The channel's state row, created (and added to the session) the first time it is needed."""
    state = session.get(ChannelState, channel)
    if state is None:
        state = ChannelState(channel=channel)
        session.add(state)
    return state
