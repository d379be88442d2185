"""The audit log pages back through everything, says when there is more, and refuses a filter it can't read."""

from __future__ import annotations

from app.audit.log import record
from app.audit.routes import PAGE_SIZE
from app.db import Database


def _fill(settings, count: int) -> None:
    database = Database(settings.db_url)
    with database.session() as db:
        for n in range(count):
            record(db, "allowlist.added", actor_label="head@school.example", phrase=f"Place {n}")
        db.commit()
    database.dispose()


def test_every_event_can_be_reached_page_by_page(admin_client, settings):
    _fill(settings, PAGE_SIZE + 40)
    seen, before = [], None
    while True:
        answer = admin_client.get("/api/admin/audit", params={"before": before} if before else {}).json()
        seen += [e["id"] for e in answer["events"]]
        before = answer["older_than"]
        if before is None:
            break
    assert len(seen) == len(set(seen)) == PAGE_SIZE + 41  # the 240 phrases and the admin's own sign-in
    assert seen == sorted(seen, reverse=True)
    page = admin_client.get("/admin/audit")
    assert "Older events" in page.text and "Newest events" not in page.text
    older = admin_client.get(page.text.split('<a href="')[-1].split('"')[0].replace("&amp;", "&"))
    assert "login.ok" in older.text and "Newest events" in older.text


def test_filters_are_literal_and_bad_dates_are_explained(admin_client, settings):
    _fill(settings, 3)
    assert admin_client.get("/api/admin/audit", params={"person": "%"}).json()["events"] == []
    assert admin_client.get("/api/admin/audit", params={"event": "_ser"}).json()["events"] == []
    bad = admin_client.get("/api/admin/audit", params={"day_from": "yesterday"})
    assert bad.status_code == 422 and "Use a date like" in bad.json()["detail"]
    page = admin_client.get("/admin/audit", params={"day_from": "24/11/2026"})
    assert page.status_code == 422 and "is not a date" in page.text


def test_the_log_reads_in_plain_words_with_names_and_downloads_as_csv(admin_client, settings):
    from tests.conftest import add_user, login

    add_user(settings, "lead@school.example", "poster", name="Ms Lead")
    login(admin_client, "lead@school.example")
    login(admin_client, "head@school.example")
    page = admin_client.get("/admin/audit?person=Ms Lead")
    assert page.status_code == 200
    assert "Ms Lead" in page.text and "Signed in" in page.text and "Mrs Head" not in page.text.split("<tbody>")[1]
    api = admin_client.get("/api/admin/audit?person=lead").json()["events"]
    assert api and all(e["actor_name"] == "Ms Lead" and e["what"] == "Signed in" for e in api)
    got = admin_client.get("/admin/audit.csv?event=login.ok")
    assert got.headers["content-type"].startswith("text/csv")
    lines = got.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("when (school time),who,email,what")
    assert any(",Ms Lead,lead@school.example,Signed in,login.ok," in line for line in lines[1:])
    assert all("login.ok" in line for line in lines[1:])
