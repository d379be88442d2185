"""The governors' trial review: figures from a seeded history (across the spring DST change and the range's
edges), the real posting path feeding it, CSV downloads, and the page a governor reads and prints."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from app.audit.log import record
from app.posts.models import Delivery, Post
from tests.conftest import login
from tests.posts.conftest import PHOTO, drain, submit

LONDON = ZoneInfo("Europe/London")


def seed_post(db, author_id: int, local: datetime, *, channels=("sandbox",), status="published", delay=60,
              reason=None, note="", photos=0, purged_after=None, attempts=1, held_until=None) -> Post:
    created = local.replace(tzinfo=LONDON)
    post = Post(id=f"p{created:%m%d%H%M}{len(channels)}", author_id=author_id, idempotency_key=str(created),
                text="News", alt_texts=[""] * photos, created_at=created, out_of_hours_reason=reason,
                out_of_hours_note=note)
    post.photos_purged = purged_after is not None
    post.photos_purged_at = created + purged_after if purged_after else None
    start = held_until or created
    post.deliveries = [Delivery(channel=c, status=status, attempts=attempts, message="" if status == "published"
                                else "X refused this post.",
                                published_at=start + timedelta(seconds=delay) if status == "published" else None)
                       for c in channels]
    db.add(post)
    event = record(db, "post.submitted", post_id=post.id, photo_count=photos, confirmed=["consent"] if photos else [],
                   out_of_hours_reason=reason, out_of_hours_note=note,
                   held_until=held_until.isoformat() if held_until else None)
    event.at = created
    db.flush()
    return post


def review(client, start: str, end: str) -> dict:
    got = client.get(f"/api/admin/review?from={start}&to={end}")
    assert got.status_code == 200, got.text
    return got.json()


def test_weeks_follow_local_time_across_the_dst_change_and_the_range_edges(admin_client):
    state = admin_client.app.state
    with state.db.session() as db:
        admin_id = db.scalar(__import__("sqlalchemy").text("SELECT id FROM users"))
        # Spring forward: Sunday 29 March 2026. 00:30 on Monday 30 March BST is 23:30 UTC on Sunday.
        seed_post(db, admin_id, datetime(2026, 3, 30, 0, 30), reason="closure", note="Snow: school closed")
        seed_post(db, admin_id, datetime(2026, 3, 27, 10, 0), channels=("sandbox", "x"), delay=120)
        seed_post(db, admin_id, datetime(2026, 3, 22, 23, 50))  # the evening before the range: left out
        seed_post(db, admin_id, datetime(2026, 4, 5, 23, 59), status="rejected")  # the last minute of the range
        seed_post(db, admin_id, datetime(2026, 3, 25, 9, 0), photos=3, purged_after=timedelta(hours=5), delay=600)
        seed_post(db, admin_id, datetime(2026, 3, 26, 21, 0), reason="trip", delay=30,
                  held_until=None)
        blocked = record(db, "post.blocked", rules=["names-with-photo", "posting-hours"], photo_count=1)
        blocked.at = datetime(2026, 3, 24, 9, 0, tzinfo=LONDON)
        db.commit()
    figures = review(admin_client, "2026-03-23", "2026-04-05")
    assert [w["week"] for w in figures["posts_per_week"]] == ["2026-03-23", "2026-03-30"]
    assert figures["posts_per_week"][1]["sandbox"] == 1  # the 00:30 BST post is in its own local week
    assert figures["posts_per_week"][0] == {"week": "2026-03-23", "sandbox": 3, "x": 1}
    assert figures["posts_by_channel"] == {"sandbox": 4, "x": 1}
    reasons = {r["reason"]: r for r in figures["out_of_hours_by_reason"]}
    assert reasons["closure"]["notes"] == ["Snow: school closed"] and reasons["trip"]["count"] == 1
    assert figures["stopped_by_rule"] == {"names-with-photo": 1, "posting-hours": 1}
    assert figures["confirmed_by_rule"] == {"consent": 1}
    assert figures["time_to_publish_seconds"] == {"count": 5, "median": 120.0, "slowest": 600.0}  # 30 60 120 120 600
    [failed] = figures["failed_deliveries"]
    assert failed["status"] == "rejected" and failed["when"] == "2026-04-05 23:59"
    assert figures["photos"]["received"] == 3 and figures["photos"]["purged"] == 3
    assert figures["photos"]["longest_stay_hours"] == 5.0
    assert figures["posters"] == [{"name": "Mrs Head", "posts": 5}]
    assert review(admin_client, "2026-03-30", "2026-03-30")["posts_by_channel"] == {"sandbox": 1}


def test_the_real_posting_path_feeds_the_review_and_the_page_prints(sandbox_client):
    login(sandbox_client, "head@school.example")
    clock = sandbox_client.app.state.clock
    assert submit(sandbox_client, "Sports day was brilliant", [PHOTO], alt=["Children racing"]).status_code == 202
    refused = submit(sandbox_client, "Well done Sophie Smith for winning", [PHOTO], alt=["Race"], confirm=())
    assert refused.status_code == 422
    drain(sandbox_client)
    day = clock().astimezone(LONDON).date().isoformat()
    with sandbox_client.app.state.db.session() as db:  # audit times are the wall clock; the test clock is fixed
        from sqlalchemy import update

        from app.audit.models import AuditEvent
        db.execute(update(AuditEvent).values(at=clock()))
        db.commit()
    figures = review(sandbox_client, day, day)
    assert figures["posts_by_channel"] == {"sandbox": 1}
    assert figures["photos"]["received"] == 1 and figures["photos"]["purged"] == 1
    assert figures["photos"]["on_server_now"] == 0
    assert sum(figures["stopped_by_rule"].values()) >= 1
    page = sandbox_client.get(f"/admin/review?from={day}&to={day}")
    assert page.status_code == 200
    assert "<svg" in page.text and 'role="img"' in page.text and "<desc" in page.text
    assert "Save as PDF" in page.text and "/static/css/review.css" in page.text
    csv_text = sandbox_client.get(f"/admin/review.csv?table=weekly&from={day}&to={day}")
    assert csv_text.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(csv_text.content.decode("utf-8-sig"))))
    assert rows[0] == ["week starting", "Sandbox (demo)"] and rows[1][1] == "1"


def test_bad_ranges_are_explained_and_posters_are_kept_out(client, admin, poster):
    login(client, admin)
    assert "'to' is before 'from'" in client.get("/api/admin/review?from=2026-05-01&to=2026-04-01").text
    assert client.get("/api/admin/review?from=9999-12-31&to=9999-12-31").status_code == 422
    assert client.get("/api/admin/review?from=nonsense").status_code == 422
    default = client.get("/api/admin/review").json()
    start, end = date.fromisoformat(default["from"]), date.fromisoformat(default["to"])
    assert start <= end
    login(client, poster)
    assert client.get("/api/admin/review").status_code == 403


def test_csv_cells_that_look_like_formulas_are_defused(admin_client):
    with admin_client.app.state.db.session() as db:
        admin_id = db.scalar(__import__("sqlalchemy").text("SELECT id FROM users"))
        seed_post(db, admin_id, datetime(2026, 3, 26, 21, 0), reason="event_other", note="=HYPERLINK(\"x\")")
        db.commit()
    got = admin_client.get("/admin/review.csv?table=out_of_hours&from=2026-03-23&to=2026-03-29")
    assert "'=HYPERLINK" in got.content.decode("utf-8-sig")
