"""Staff accounts: odd input gets a plain answer, names and emails can be corrected, guessable passwords refused,
and what someone typed into the email box is only recorded when it is an email address."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import User
from app.audit.models import AuditEvent
from app.db import Database
from tests.conftest import PASSWORD, login

STRONG = "kettle orbit meadow"


def _audit(settings, event):
    database = Database(settings.db_url)
    with database.session() as db:
        found = [(e.actor, e.details) for e in db.scalars(select(AuditEvent).where(AuditEvent.event == event))]
    database.dispose()
    return found


def test_misspelt_fields_are_refused_not_ignored(admin_client):
    created = admin_client.post("/api/admin/users", json={"email": "mrs.jones@school.example", "name": "Mrs Jones",
                                                          "password": STRONG})
    assert created.status_code == 422
    assert "'name' is not a field this accepts" in created.json()["detail"]
    me = admin_client.get("/api/admin/users").json()["users"][0]
    typo = admin_client.patch(f"/api/admin/users/{me['id']}", json={"disabled": True})
    assert typo.status_code == 422 and "'disabled'" in typo.json()["detail"]


def test_names_and_emails_can_be_corrected_and_are_audited(admin_client, settings):
    new = admin_client.post("/api/admin/users", json={"email": "jonse@school.example", "display_name": "Mrs Jonse",
                                                      "password": STRONG}).json()
    fixed = admin_client.patch(f"/api/admin/users/{new['id']}",
                               json={"display_name": "Mrs Jones", "email": " Jones@School.example"})
    assert fixed.status_code == 200, fixed.text
    assert (fixed.json()["display_name"], fixed.json()["email"]) == ("Mrs Jones", "jones@school.example")
    [(_, details)] = _audit(settings, "user.details_changed")
    assert details["old_display_name"] == "Mrs Jonse" and details["new_email"] == "jones@school.example"
    login(admin_client, "jones@school.example", STRONG)  # signs in with the corrected address

    login(admin_client, "head@school.example")
    clash = admin_client.patch(f"/api/admin/users/{new['id']}", json={"email": "head@school.example"})
    assert clash.status_code == 422 and "already a staff account" in clash.json()["detail"]


def test_the_staff_page_corrects_a_name(admin_client, settings):
    page = admin_client.get("/admin/staff")
    token = admin_client.cookies.get("tripcast_csrf")
    assert "Edit name or email" in page.text
    user_id = admin_client.get("/api/admin/users").json()["users"][0]["id"]
    saved = admin_client.post(f"/admin/staff/{user_id}", data={"csrf_token": token, "action": "details",
                                                               "display_name": "Mrs Head-Teacher",
                                                               "email": "head@school.example"})
    assert saved.status_code == 200 and "Saved: Mrs Head-Teacher" in saved.text


def test_over_long_or_unprintable_input_is_refused(admin_client):
    cases = [
        ({"email": "a" * 250 + "@school.example"}, "too long"),
        ({"email": "c@school.example", "display_name": "N" * 121}, "That name is too long"),
        ({"email": "d@school.example", "display_name": "Line\nbreak"}, "characters that can't be shown"),
        ({"email": "e@school\u0000.example"}, "is not an email address"),
    ]
    for fields, message in cases:
        response = admin_client.post("/api/admin/users", json={"display_name": "X", "password": STRONG, **fields})
        assert response.status_code == 422 and message in response.json()["detail"], (fields, response.text)
    assert len(admin_client.get("/api/admin/users").json()["users"]) == 1


def test_guessable_passwords_are_refused(admin_client):
    for weak in ("1234567890", "aaaaaaaaaa", "Password123", "ababababab", "newperson1"):
        response = admin_client.post("/api/admin/users", json={"email": "newperson1@school.example",
                                                               "display_name": "New", "password": weak})
        assert response.status_code == 422 and "first that attackers try" in response.json()["detail"], weak
    ok = admin_client.post("/api/admin/users", json={"email": "newperson1@school.example", "display_name": "New",
                                                     "password": STRONG})
    assert ok.status_code == 201


def test_a_password_typed_into_the_email_box_is_not_recorded(client, settings, admin):
    response = client.post("/api/session", json={"email": "MySecretPassw0rd!", "password": ""})
    assert response.status_code == 401
    [(actor, details)] = _audit(settings, "login.failed")
    assert actor == "(not an email address)" and details["email"] == "(not an email address)"
    assert "mysecretpassw0rd" not in str(_audit(settings, "login.failed")).lower()
    client.post("/api/session", json={"email": "nobody@school.example", "password": "wrong password"})
    assert _audit(settings, "login.failed")[-1][0] == "nobody@school.example"  # a real address is kept


def test_a_busy_network_is_told_it_is_the_network(client, settings, admin):
    for n in range(settings.login_max_failures_per_address):
        client.post("/api/session", json={"email": f"guess{n}@school.example", "password": "wrong password"})
    blocked = client.post("/api/session", json={"email": admin, "password": PASSWORD})
    assert blocked.status_code == 429
    assert "from this network" in blocked.json()["detail"]


def test_users_table_is_untouched_by_refusals(settings, admin_client):
    admin_client.post("/api/admin/users", json={"email": "x" * 300, "display_name": "X", "password": STRONG})
    database = Database(settings.db_url)
    with database.session() as db:
        assert [u.email for u in db.scalars(select(User))] == ["head@school.example"]
    database.dispose()
