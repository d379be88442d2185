"""Fixtures for the photo pipeline tests: the shared photo corpus, its MANIFEST, exiftool."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

# The tests import `media_helpers` from this folder, whatever pytest's import mode.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from media_helpers import PHOTOS, manifest_files, require  # noqa: E402

from app.media import CleanPhoto, MediaLimits, PhotoRejected, sanitise_photo  # noqa: E402


@pytest.fixture(scope="session")
def photos_dir() -> Path:
    require((PHOTOS / "MANIFEST.json").exists(), f"the shared photo corpus is not at {PHOTOS}")
    return PHOTOS


@pytest.fixture(scope="session")
def limits() -> MediaLimits:
    return MediaLimits()


@pytest.fixture(scope="session")
def corpus_results(photos_dir: Path, limits: MediaLimits) -> dict[str, CleanPhoto | PhotoRejected]:
    """Every corpus file through the pipeline once (a few seconds: the HEICs dominate)."""
    results: dict[str, CleanPhoto | PhotoRejected] = {}
    for name in manifest_files():
        try:
            results[name] = sanitise_photo((photos_dir / name).read_bytes(), limits)
        except PhotoRejected as exc:
            results[name] = exc
    return results


@pytest.fixture(scope="session")
def exiftool() -> str:
    path = shutil.which("exiftool")
    require(path is not None, "exiftool is not installed (apt-get install libimage-exiftool-perl)")
    return path
