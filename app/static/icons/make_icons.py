"""Draws Tripcast's app icons (a white camera on the school green). Run: python app/static/icons/make_icons.py"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

GREEN = (11, 93, 75)
WHITE = (255, 255, 255)
HERE = Path(__file__).resolve().parent
SUPERSAMPLE = 4


def camera(size: int, content_scale: float, rounded: bool) -> Image.Image:
    """content_scale: share of the icon the camera spans (maskable icons keep it inside the safe circle)."""
    big = size * SUPERSAMPLE
    image = Image.new("RGBA" if rounded else "RGB", (big, big), (0, 0, 0, 0) if rounded else GREEN)
    draw = ImageDraw.Draw(image)
    if rounded:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 0.22, fill=GREEN)
    width = big * content_scale
    height = width * 0.68
    left, top = (big - width) / 2, (big - height) / 2 + big * 0.04
    bump = width * 0.36
    draw.rounded_rectangle((left + width * 0.28, top - height * 0.16, left + width * 0.28 + bump, top + height * 0.1),
                           radius=width * 0.05, fill=WHITE)
    draw.rounded_rectangle((left, top, left + width, top + height), radius=width * 0.12, fill=WHITE)
    cx, cy, r = big / 2, top + height * 0.53, height * 0.34
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=GREEN)
    inner = r * 0.62
    draw.ellipse((cx - inner, cy - inner, cx + inner, cy + inner), fill=WHITE)
    dot = width * 0.05
    draw.ellipse((left + width * 0.82 - dot, top + height * 0.2 - dot, left + width * 0.82 + dot,
                  top + height * 0.2 + dot), fill=GREEN)
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    camera(192, 0.66, rounded=True).save(HERE / "icon-192.png", optimize=True)
    camera(512, 0.66, rounded=True).save(HERE / "icon-512.png", optimize=True)
    camera(512, 0.5, rounded=False).save(HERE / "icon-maskable-512.png", optimize=True)
    camera(180, 0.6, rounded=False).save(HERE / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
