"""Fuzzing fixtures: the real app on a real SQLite file, with a roster, a trip and staff, rate limits off
(the fuzzer calls far faster than a person could), and fresh session tokens minted straight in the database
so a fuzzed password reset or sign-out cannot lock the fuzzer out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from app.accounts.models import User
from app.accounts.sessions import COOKIE_NAME, start_session
from app.db import Database
from app.main import create_app
from app.web.rate_limit import RateLimits
from tests.conftest import add_user, make_settings, migrated

# A fixed budget: the whole fuzz pass stays around a minute on a slow shared machine, and derandomize makes
# every run try the same inputs, so a failure here is a real regression and reproduces.
FUZZ_SETTINGS = dict(deadline=None, derandomize=True, database=None, print_blob=True)
ROSTER = ("Legal Forename,Preferred Forename,Surname,Reg Group,Photo Consent\n"
          "Amelia,,Jones,6A,Yes\nOliver,Ollie,Smith,6A,No\nZofia,,Nowak,5B,Yes\n")
SLOW = 5.0  # seconds: any answer to a tiny input slower than this is a failure


class Staff:
    def __init__(self, settings, app) -> None:
        self.settings, self.app = settings, app
        self.admin_id = add_user(settings, "head@school.example", "admin", name="Mrs Head")
        self.poster_id = add_user(settings, "teacher@school.example", "poster", name="Mr Teacher")
        self.db = Database(settings.db_url)

    def cookie(self, user_id: int) -> dict[str, str]:
        with self.db.session() as session:
            token = start_session(session, session.get(User, user_id), timedelta(days=1), "fuzz")
            session.commit()
        return {COOKIE_NAME: token}


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory: pytest.TempPathFactory):
    """One app per fuzz module (setting one up costs seconds; the fuzzer's calls cost milliseconds)."""
    settings = migrated(make_settings(tmp_path_factory.mktemp("fuzz")))
    app = create_app(settings)
    app.state.rate_limits = RateLimits(enabled=False)
    with TestClient(app) as client:  # runs the lifespan (dirs, secret key)
        staff = Staff(settings, app)
        client.post("/api/admin/roster", files={"file": ("roster.csv", ROSTER.encode(), "text/csv")},
                    cookies=staff.cookie(staff.admin_id))
        yield app, staff, client
        staff.db.dispose()
