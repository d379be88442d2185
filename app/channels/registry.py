"""Which channels this installation has, built from settings."""

from __future__ import annotations

from typing import Any

from app.channels.base import Channel
from app.channels.facebook import FacebookChannel
from app.channels.sandbox import SandboxChannel
from app.channels.x import XChannel


def build_channels(settings: Any) -> dict[str, Channel]:
    """X when its four credentials are set, Facebook when page id and token are set, and the Sandbox when
    `settings.sandbox_on` (by default: when neither is configured). Ordered x, facebook, sandbox."""
    channels: dict[str, Channel] = {}
    if settings.x_configured:
        channels[XChannel.name] = XChannel.from_settings(settings)
    if settings.facebook_configured:
        channels[FacebookChannel.name] = FacebookChannel.from_settings(settings)
    if settings.sandbox_on:
        channels[SandboxChannel.name] = SandboxChannel.from_settings(settings)
    return channels
