"""Publishing channels: the Sandbox demo feed, X and a Facebook Page, behind one small interface."""

from app.channels.base import (
    Channel,
    ConnectionCheck,
    Outcome,
    OutcomeKind,
    OutgoingPhoto,
    OutgoingPost,
)
from app.channels.facebook import FacebookChannel
from app.channels.registry import build_channels
from app.channels.sandbox import SandboxChannel
from app.channels.x import XChannel

__all__ = [
    "Channel",
    "ConnectionCheck",
    "FacebookChannel",
    "Outcome",
    "OutcomeKind",
    "OutgoingPhoto",
    "OutgoingPost",
    "SandboxChannel",
    "XChannel",
    "build_channels",
]
