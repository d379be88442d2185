"""Size limits for uploaded photos, taken from the app's settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class MediaLimits:
    max_bytes: int = 30 * 1024 * 1024  # per uploaded file
    max_pixels: int = 50_000_000  # checked from the header, before any decoding
    max_long_edge: int = 2048  # of the published image
    max_output_bytes: int = 4 * 1024 * 1024  # Facebook's practical limit (X allows 5 MB)

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_pixels", "max_long_edge", "max_output_bytes"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"MediaLimits.{name} must be a positive whole number, not {value!r}")

    @classmethod
    def from_settings(cls, settings: Any) -> MediaLimits:
        """Build from `app.config.Settings` (upload_max_bytes, upload_max_pixels, photo_max_long_edge,
        photo_max_output_bytes)."""
        return cls(
            max_bytes=int(settings.upload_max_bytes),
            max_pixels=int(settings.upload_max_pixels),
            max_long_edge=int(settings.photo_max_long_edge),
            max_output_bytes=int(settings.photo_max_output_bytes),
        )


def describe_bytes(n: int) -> str:
    """Human sizes in the units a phone shows: 30 MB, 4.5 MB, 800 KB."""
    if n >= 1024 * 1024:
        value = n / (1024 * 1024)
        return f"{value:.0f} MB" if value >= 10 or value == int(value) else f"{value:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


def describe_megapixels(pixels: int) -> str:
    mp = pixels / 1_000_000
    if mp >= 10:
        return f"{mp:,.0f} megapixels"
    return f"{mp:.1f} megapixels"
