"""The name index is cached per process and keyed by the `roster` row of cache_versions, bumped in the
same transaction as the change: a roster replaced from the command line (another process) while the app
runs is used by the very next check, even when the pupil count, and so SQLite's reused row ids, match."""

from __future__ import annotations

from app.trips.service import local_today
from tests.conftest import add_user, login
from tests.foundation.test_setup_and_cli import run_cli
from tests.roster.test_roster_and_check import ROSTER, upload


def consent_pupils(client) -> list[str]:
    result = client.post("/api/check", json={"text": "Year 6 on the zip wire", "photo_count": 1}).json()
    return next(f for f in result["findings"] if f["rule"] == "consent")["data"]["pupils"]


def test_a_consent_withdrawn_from_the_command_line_is_noticed_at_once(admin_client, settings, tmp_path):
    assert upload(admin_client, ROSTER).status_code == 200
    lead = add_user(settings, "lead@school.example", "poster")
    today = local_today(settings.tz).isoformat()
    admin_client.post("/api/admin/trips", json={"name": "Robinwood", "start_date": today, "end_date": today,
                                                "leader_ids": [lead], "classes": ["Year 6"]})
    admin_client.cookies.clear()
    login(admin_client, "lead@school.example")
    assert consent_pupils(admin_client) == ["Zofia K."]
    withdrawn = tmp_path / "withdrawn.csv"  # same four pupils; Seun's parents withdrew photo consent
    withdrawn.write_text(ROSTER.replace("Oluwaseun,Seun,Adeyemi,Year 6,Yes", "Oluwaseun,Seun,Adeyemi,Year 6,No"))
    done = run_cli(settings, "import-roster", str(withdrawn))
    assert done.returncode == 0, done.stderr
    assert sorted(consent_pupils(admin_client)) == ["Seun A.", "Zofia K."]


def test_allowlist_changes_bump_the_version(admin_client, settings):
    from app.db import Database
    from app.versions import ROSTER as NAME
    from app.versions import current

    database = Database(settings.db_url)
    with database.session() as db:
        before = current(db, NAME)
    added = admin_client.post("/api/admin/allowlist", json={"phrase": "Windermere"}).json()
    admin_client.delete(f"/api/admin/allowlist/{added['id']}")
    with database.session() as db:
        assert current(db, NAME) == before + 2
    database.dispose()
