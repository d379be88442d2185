from __future__ import annotations

from datetime import date, timedelta

from app.accounts.models import User
from app.db import Database
from app.trips.service import end_finished_trips, local_today, trips_led_by
from tests.conftest import add_user, login


def test_admin_creates_a_trip_and_its_leader_sees_it(app, client, settings, admin):
    leader_id = add_user(settings, "lead@school.example", "poster", name="Mr Lead")
    login(client, admin)
    today = local_today(settings.tz)
    response = client.post("/api/admin/trips", json={
        "name": "Year 6 to Robinwood", "start_date": (today - timedelta(days=1)).isoformat(),
        "end_date": (today + timedelta(days=3)).isoformat(), "leader_ids": [leader_id], "classes": ["Year 6"]})
    assert response.status_code == 201, response.text
    trip = response.json()
    assert trip["active"] and trip["leaders"][0]["display_name"] == "Mr Lead"
    client.cookies.clear()
    login(client, "lead@school.example")
    assert "On trip: Year 6 to Robinwood" in client.get("/account/password").text


def test_trip_validation_is_plain_english(admin_client, settings):
    today = date.today().isoformat()
    response = admin_client.post("/api/admin/trips", json={"name": "X", "start_date": today,
                                                           "end_date": "2000-01-01", "leader_ids": [1]})
    assert response.status_code == 422 and "end date is before its start date" in response.json()["detail"]
    none = admin_client.post("/api/admin/trips", json={"name": "X", "start_date": today, "end_date": today,
                                                       "leader_ids": []})
    assert "at least one trip leader" in none.json()["detail"]


def test_trip_ends_by_itself_after_its_end_date(admin_client, settings):
    uid = add_user(settings, "lead@school.example", "poster")
    today = local_today(settings.tz)
    admin_client.post("/api/admin/trips", json={
        "name": "Past trip", "start_date": (today - timedelta(days=5)).isoformat(),
        "end_date": (today - timedelta(days=1)).isoformat(), "leader_ids": [uid]})
    database = Database(settings.db_url)
    with database.session() as db:
        user = db.get(User, uid)
        assert trips_led_by(db, user, today) == []
        assert trips_led_by(db, user, today - timedelta(days=2))  # it was active during its dates
        assert end_finished_trips(db, today) == 1
        db.commit()
        assert end_finished_trips(db, today) == 0
    database.dispose()
    kinds = [e["event"] for e in admin_client.get("/api/admin/audit").json()["events"]]
    assert "trip.created" in kinds and "trip.ended" in kinds


def test_trip_form_page(admin_client, settings):
    uid = add_user(settings, "lead@school.example", "poster", name="Mr Lead")
    page = admin_client.get("/admin/trips")
    assert "Mr Lead" in page.text
    today = local_today(settings.tz)
    response = admin_client.post("/admin/trips", data={
        "csrf_token": admin_client.cookies.get("tripcast_csrf"), "name": "Isle of Wight",
        "start_date": today.isoformat(), "end_date": (today + timedelta(days=2)).isoformat(),
        "classes": "Year 5, Class Oak", "leader_ids": [str(uid)]}, follow_redirects=True)
    assert response.status_code == 200 and "Trip &#39;Isle of Wight&#39; created." in response.text
    trips = admin_client.get("/api/admin/trips").json()["trips"]
    assert trips[0]["classes"] == ["Year 5", "Class Oak"]
    end = admin_client.post(f"/admin/trips/{trips[0]['id']}/end",
                            data={"csrf_token": admin_client.cookies.get("tripcast_csrf")})
    assert end.status_code == 200
    assert admin_client.get("/api/admin/trips").json()["trips"][0]["ended"] is True
