"""Trips over HTTP: classes must be the roster's (they decide who is on the "no photo permission" list),
leaders must exist, dates must be plausible, and double submits don't make two trips."""

from __future__ import annotations

from datetime import timedelta

from app.trips.service import local_today
from tests.conftest import add_user, login

ROSTER = ("Legal Forename,Preferred Forename,Surname,Reg Group,Photo Consent\n"
          "Zoë,,Smith,6A,Yes\nSiân,,Jones,6A,No\nOliver,Olly,Brown,6B,Y\nAmelia,,Taylor,6B,N\n")


def upload(client, text: str):
    response = client.post("/api/admin/roster", files={"file": ("roster.csv", text.encode(), "text/csv")})
    assert response.status_code == 200, response.text
    return response.json()


def new_trip(client, settings, leader_ids, classes=(), name="Robinwood", start=0, days=2, **extra):
    today = local_today(settings.tz)
    body = {"name": name, "start_date": (today + timedelta(days=start)).isoformat(),
            "end_date": (today + timedelta(days=start + days)).isoformat(), "leader_ids": list(leader_ids),
            "classes": list(classes), **extra}
    return client.post("/api/admin/trips", json=body)


def page_token(client) -> str:
    client.get("/admin/trips")
    return client.cookies.get("tripcast_csrf")


def test_a_class_not_in_the_roster_is_refused(admin_client, settings):
    upload(admin_client, ROSTER)
    response = new_trip(admin_client, settings, [1], ["Year 6"])
    assert response.status_code == 422
    assert response.json()["detail"] == "'Year 6' is not a class in the roster. Classes are: 6A, 6B."
    two = new_trip(admin_client, settings, [1], ["6A", "Oak", "Year 6"])
    assert two.json()["detail"] == "'Oak' and 'Year 6' are not classes in the roster. Classes are: 6A, 6B."
    assert admin_client.get("/api/admin/trips").json()["trips"] == []


def test_classes_match_ignoring_case_and_spaces_and_the_leader_sees_the_consent_list(admin_client, settings):
    upload(admin_client, ROSTER)
    lead = add_user(settings, "lead@school.example", "poster")
    response = new_trip(admin_client, settings, [lead], [" 6a ", "6A"], start=-1)
    assert response.status_code == 201, response.text
    assert response.json()["classes"] == ["6A"] and response.json()["warnings"] == []
    admin_client.cookies.clear()
    login(admin_client, "lead@school.example")
    result = admin_client.post("/api/check", json={"text": "Great day at the museum", "photo_count": 1}).json()
    consent = next(f for f in result["findings"] if f["rule"] == "consent")
    assert consent["data"]["pupils"] == ["Siân J."]


def test_without_a_roster_classes_are_accepted_with_a_warning(admin_client, settings):
    response = new_trip(admin_client, settings, [1], ["Year 6"])
    assert response.status_code == 201
    assert response.json()["classes"] == ["Year 6"]
    assert response.json()["warnings"] == ["No roster has been imported yet, so this trip's leaders can't be shown "
                                           "which pupils have no photo permission until one is."]
    page = admin_client.get("/admin/trips").text
    assert "No roster has been imported yet" in page and "Year 6, Class Oak" not in page


def test_the_trips_page_offers_the_roster_classes(admin_client, settings):
    upload(admin_client, ROSTER)
    page = admin_client.get("/admin/trips").text
    assert '<input type="checkbox" name="classes" value="6A"' in page
    assert '<input type="checkbox" name="classes" value="6B"' in page and "Year 6, Class Oak" not in page
    today = local_today(settings.tz)
    form = {"csrf_token": page_token(admin_client), "name": "Isle of Wight", "start_date": today.isoformat(),
            "end_date": today.isoformat(), "classes": ["6B"], "leader_ids": ["1"]}
    done = admin_client.post("/admin/trips", data=form, follow_redirects=True)
    assert done.status_code == 200 and "Trip &#39;Isle of Wight&#39; created." in done.text
    assert admin_client.get("/api/admin/trips").json()["trips"][0]["classes"] == ["6B"]
    wrong = admin_client.post("/admin/trips", data={**form, "name": "Zoo", "classes": "Year 6"})
    assert wrong.status_code == 422
    assert "&#39;Year 6&#39; is not a class in the roster. Classes are: 6A, 6B." in wrong.text


def test_replacing_the_roster_warns_about_trips_naming_missing_classes(admin_client, settings):
    upload(admin_client, ROSTER)
    assert new_trip(admin_client, settings, [1], ["6A"], start=3).status_code == 201
    result = upload(admin_client, ROSTER.replace(",6A,", ",Oak,"))
    assert len(result["warnings"]) == 1
    assert result["warnings"][0].startswith("Trip 'Robinwood' (")
    assert "'6A' is not a class in the roster now" in result["warnings"][0]
    assert "6A" in admin_client.get("/api/admin/trips").json()["warnings"][0]
    for page in ("/admin/trips", "/admin/roster"):
        text = admin_client.get(page).text
        assert "Some trips name classes that are not in the roster" in text and "&#39;6A&#39; is not a class" in text
    trip_id = admin_client.get("/api/admin/trips").json()["trips"][0]["id"]
    admin_client.post(f"/api/admin/trips/{trip_id}/end")
    assert admin_client.get("/api/admin/trips").json()["warnings"] == []  # ended trips don't matter


def test_unknown_leader_ids_are_named(admin_client, settings):
    response = new_trip(admin_client, settings, [1, 999])
    assert response.status_code == 422 and response.json()["detail"] == "No staff account with id 999."
    several = new_trip(admin_client, settings, [998, 999])
    assert several.json()["detail"] == "No staff accounts with ids 998, 999."
    assert admin_client.get("/api/admin/trips").json()["trips"] == []


def test_unknown_fields_are_refused(admin_client, settings):
    response = new_trip(admin_client, settings, [1], class_names=["6A"])
    assert response.status_code == 422 and "class_names" in response.json()["detail"]
    assert admin_client.get("/api/admin/trips").json()["trips"] == []


def test_absurd_dates_and_long_names_are_refused(admin_client, settings):
    body = {"name": "Forever", "start_date": "0001-01-01", "end_date": "9999-12-31", "leader_ids": [1]}
    absurd = admin_client.post("/api/admin/trips", json=body)
    assert absurd.status_code == 422 and "A trip can last a year at most" in absurd.json()["detail"]
    far = new_trip(admin_client, settings, [1], start=400)
    assert far.status_code == 422 and "is more than a year away. Check the year." in far.json()["detail"]
    old = new_trip(admin_client, settings, [1], start=-400)
    assert old.status_code == 422 and "is more than a year ago" in old.json()["detail"]
    long = new_trip(admin_client, settings, [1], name="x" * 121)
    assert long.status_code == 422
    assert long.json()["detail"] == "The trip name is too long: 120 characters at most (it has 121)."
    nul = new_trip(admin_client, settings, [1], name="Robin\u0000wood")
    assert nul.status_code == 422 and "control character" in nul.json()["detail"]
    assert new_trip(admin_client, settings, [1], name="x" * 120, start=300, days=30).status_code == 201


def test_a_double_submit_does_not_make_two_trips(admin_client, settings):
    assert new_trip(admin_client, settings, [1]).status_code == 201
    again = new_trip(admin_client, settings, [1], name=" robinwood ")
    assert again.status_code == 409 and "There is already a trip called 'robinwood'" in again.json()["detail"]
    form = {"csrf_token": page_token(admin_client), "name": "Robinwood",
            "start_date": local_today(settings.tz).isoformat(),
            "end_date": (local_today(settings.tz) + timedelta(days=2)).isoformat(), "leader_ids": ["1"]}
    page = admin_client.post("/admin/trips", data=form)
    assert page.status_code == 409 and "was the form sent twice?" in page.text
    assert len(admin_client.get("/api/admin/trips").json()["trips"]) == 1
    assert new_trip(admin_client, settings, [1], days=3).status_code == 201  # other dates: another trip
    first = min(t["id"] for t in admin_client.get("/api/admin/trips").json()["trips"])
    admin_client.post(f"/api/admin/trips/{first}/end")
    assert new_trip(admin_client, settings, [1]).status_code == 201  # once ended it can be added again


def test_trip_events_record_the_address(admin_client, settings):
    trip = new_trip(admin_client, settings, [1]).json()
    admin_client.post(f"/admin/trips/{trip['id']}/end", data={"csrf_token": page_token(admin_client)})
    events = admin_client.get("/api/admin/audit", params={"event": "trip."}).json()["events"]
    assert [(e["event"], e["ip"]) for e in events] == [("trip.ended", "testclient"), ("trip.created", "testclient")]
