"""The office fallback: with no trip today, the poster chooses the classes a post is about and sees which of
their pupils have no photo consent (the Compose page offers the roster's classes)."""

from __future__ import annotations

from app.db import Database
from app.roster.models import Pupil


def add_pupils(settings) -> None:
    database = Database(settings.db_url)
    with database.session() as db:
        db.add_all([
            Pupil(legal_forename="Amelia", preferred_forename="", surname="Khan", class_name="6B", photo_consent=False),
            Pupil(legal_forename="Oliver", preferred_forename="", surname="Bennett", class_name="6B",
                  photo_consent=True),
            Pupil(legal_forename="Priya", preferred_forename="", surname="Shah", class_name="3A", photo_consent=False),
        ])
        db.commit()
    database.dispose()


def consent(client, **extra) -> dict:
    body = {"text": "Sports day", "photo_count": 1, "alt_texts": ["Children running"], **extra}
    response = client.post("/api/check", json=body)
    assert response.status_code == 200, response.text
    return next(f for f in response.json()["findings"] if f["rule"] == "consent")


def test_chosen_classes_show_their_pupils_without_consent(settings, poster_client):
    add_pupils(settings)
    assert consent(poster_client)["data"]["pupils"] == []  # no trip, no classes: nobody to list
    assert consent(poster_client, classes=["6B"])["data"]["pupils"] == ["Amelia K."]
    assert consent(poster_client, classes=["6b", "3A"])["data"]["pupils"] == ["Amelia K.", "Priya S."]


def test_compose_offers_the_roster_classes_when_there_is_no_trip(settings, poster_client):
    add_pupils(settings)
    html = poster_client.get("/").text
    assert 'name="classes" value="3A"' in html and 'name="classes" value="6B"' in html
