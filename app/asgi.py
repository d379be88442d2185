"""ASGI entry point for uvicorn: `uvicorn app.asgi:app`.

Bad settings, an unreachable database or one that was never migrated stop the start here with one plain
line on stderr (exit status 2 or 1), rather than a traceback that might show a setting's value.
"""

import sys

from app.config import load_settings_or_exit
from app.logs import configure_logging
from app.main import create_app
from app.migrate import readiness_problem


def _ready_settings():
    settings = load_settings_or_exit()
    problem = readiness_problem(settings.db_url)
    if not problem:
        try:
            settings.ensure_dirs()
        except OSError as exc:
            problem = (f"Cannot create the data folder {exc.filename or settings.data_dir}: {exc.strerror}. "
                       "Set TRIPCAST_DATA_DIR to a folder Tripcast may write to.")
    if problem:
        print(problem, file=sys.stderr, flush=True)
        raise SystemExit(1)
    return settings


configure_logging()
app = create_app(_ready_settings())
