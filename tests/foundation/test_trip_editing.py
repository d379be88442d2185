"""Trips can be changed after they are added (dates, leaders, classes), and "End now" asks first."""

from __future__ import annotations

from datetime import timedelta

from app.trips.service import local_today
from tests.conftest import add_user, login
from tests.foundation.test_login import events


def make_trip(client, settings, leader_id: int) -> dict:
    today = local_today(settings.tz)
    made = client.post("/api/admin/trips", json={
        "name": "Year 6 to Robinwood", "start_date": today.isoformat(),
        "end_date": (today + timedelta(days=2)).isoformat(), "leader_ids": [leader_id]})
    assert made.status_code == 201, made.text
    return made.json()


def test_an_admin_changes_a_trips_dates_and_leaders_through_the_api(admin_client, settings):
    first = add_user(settings, "lead@school.example", "poster", name="Mr Lead")
    second = add_user(settings, "help@school.example", "poster", name="Ms Help")
    trip = make_trip(admin_client, settings, first)
    today = local_today(settings.tz)
    changed = admin_client.put(f"/api/admin/trips/{trip['id']}", json={
        "name": "Year 6 to Robinwood", "start_date": today.isoformat(),
        "end_date": (today + timedelta(days=4)).isoformat(), "leader_ids": [first, second]})
    assert changed.status_code == 200, changed.text
    assert changed.json()["end_date"] == (today + timedelta(days=4)).isoformat()
    assert [leader["display_name"] for leader in changed.json()["leaders"]] == ["Mr Lead", "Ms Help"]
    [event] = events(settings, "trip.changed")
    assert event.details["new_leaders"] == ["help@school.example", "lead@school.example"]
    assert "old_name" not in event.details  # only what changed is recorded

    bad = admin_client.put(f"/api/admin/trips/{trip['id']}", json={
        "name": "Year 6 to Robinwood", "start_date": today.isoformat(), "end_date": "2000-01-01",
        "leader_ids": [first]})
    assert bad.status_code == 422 and "end date is before its start date" in bad.json()["detail"]
    assert admin_client.put("/api/admin/trips/999", json={
        "name": "x", "start_date": today.isoformat(), "end_date": today.isoformat(), "leader_ids": [first]}
    ).status_code == 404


def test_the_trips_page_edits_a_trip_and_asks_before_ending_one(client, settings, admin):
    leader = add_user(settings, "lead@school.example", "poster", name="Mr Lead")
    login(client, admin)
    trip = make_trip(client, settings, leader)
    page = client.get("/admin/trips")
    assert f'href="/admin/trips/{trip["id"]}/edit"' in page.text
    assert "Yes, end this trip" in page.text and "<details" in page.text  # End now opens a question first
    form_page = client.get(f"/admin/trips/{trip['id']}/edit")
    assert "Save changes" in form_page.text and 'value="Year 6 to Robinwood"' in form_page.text
    today = local_today(settings.tz)
    saved = client.post(f"/admin/trips/{trip['id']}/edit", data={
        "csrf_token": client.cookies.get("tripcast_csrf"), "name": "Year 6 residential",
        "start_date": today.isoformat(), "end_date": (today + timedelta(days=1)).isoformat(),
        "leader_ids": [str(leader)], "classes": "Year 6"}, follow_redirects=False)
    assert saved.status_code == 303
    assert client.get("/api/admin/trips").json()["trips"][0]["name"] == "Year 6 residential"
    refused = client.post(f"/admin/trips/{trip['id']}/edit", data={
        "csrf_token": client.cookies.get("tripcast_csrf"), "name": "Year 6 residential",
        "start_date": today.isoformat(), "end_date": today.isoformat()})
    assert refused.status_code == 422 and "at least one trip leader" in refused.text
    assert 'value="Year 6 residential"' in refused.text  # what was typed is kept
