"""Tripcast's own log lines: every logger is `tripcast.<part>` and they all go to standard error.

uvicorn configures its own loggers only; without this, the outbox's and channels' warnings would vanish.
`TRIPCAST_LOG_LEVEL` (default INFO) sets how much is shown. Secrets are never logged (see app/settings/secret.py
and the OAuth logger silencing in app/channels/x.py).
"""

from __future__ import annotations

import logging
import logging.config
import os


def configure_logging(level: str | None = None) -> None:
    level = (level or os.environ.get("TRIPCAST_LOG_LEVEL") or "INFO").upper()
    if level not in logging.getLevelNamesMapping():
        level = "INFO"
    logging.config.dictConfig({
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}},
        "loggers": {"tripcast": {"handlers": ["stderr"], "level": level, "propagate": False}},
    })
