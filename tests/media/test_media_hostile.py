"""Hostile files are refused quickly and with bounded memory (measured in a fresh subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from media_helpers import ROOT

PROBE = r"""
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from app.media import MediaLimits, PhotoRejected, sanitise_photo

def hwm():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024

from PIL import Image
Image.init()  # load every plugin now, so imports don't count as growth
data = Path(sys.argv[2]).read_bytes()
base = hwm()
start = time.perf_counter()
try:
    sanitise_photo(data, MediaLimits())
    status = 200
except PhotoRejected as error:
    status = error.status_code
print(json.dumps({"status": status, "seconds": time.perf_counter() - start, "grew": hwm() - base}))
"""


@pytest.mark.parametrize(
    ("name", "status"),
    [("png_decompression_dos.png", 413), ("decompression_bomb.gif", 413), ("200MP.heic", 413), ("ultrahdr.jpg", 422)],
)
def test_hostile_file_is_refused_with_bounded_memory(name: str, status: int, photos_dir: Path):
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, str(ROOT), str(photos_dir / name)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["status"] == status
    assert result["seconds"] < 3, result
    # 200MP.heic decoded would take ~1.4 GB; a refusal from the header costs next to nothing
    assert result["grew"] < 16 * 1024 * 1024, result
