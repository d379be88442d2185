"""Tripcast's log lines reach standard error under uvicorn, all under the `tripcast` logger."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_warning_from_any_part_reaches_stderr_with_its_name():
    code = ("import logging; from app.logs import configure_logging; configure_logging(); "
            "logging.getLogger('tripcast.outbox').warning('X said 503'); "
            "logging.getLogger('tripcast.outbox').debug('not shown at INFO')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60,
                          env={"PATH": "/usr/bin:/bin"})
    assert "WARNING tripcast.outbox: X said 503" in done.stderr
    assert "not shown" not in done.stderr


def test_every_logger_in_the_app_is_under_tripcast():
    names = []
    for path in (ROOT / "app").rglob("*.py"):
        names += re.findall(r"getLogger\(([^)]*)\)", path.read_text())
    ours = [n for n in names if n not in ("_name",)]
    assert ours and all(n.startswith('"tripcast') for n in ours), ours
