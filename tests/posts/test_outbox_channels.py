"""The outbox against X and Facebook faked at the HTTP boundary: every path a real post can take."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
import pytest
import requests
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.main import create_app
from app.posts.models import Delivery
from tests.channels.fake_facebook import Fault
from tests.channels.fake_x import Scripted, problem
from tests.conftest import login
from tests.posts.conftest import PHOTO, SHARED, build_client, drain, outbox, submit

PHOTOS = [PHOTO, SHARED / "photos" / "Landscape_6.jpg", SHARED / "photos" / "Portrait_6.jpg",
          SHARED / "photos" / "Landscape_1.jpg"]


def post_of(client, response):
    assert response.status_code == 202, response.text
    return response.json()["id"]


def get(client, post_id):
    return client.get(f"/api/posts/{post_id}").json()


def by_channel(post):
    return {d["channel"]: d for d in post["deliveries"]}


def photo_files(client):
    return list(client.app.state.settings.photos_dir.iterdir())


@pytest.mark.parametrize("count", [0, 1, 2, 4])
def test_text_and_one_to_four_photos_reach_both_channels_with_alt_text(social_client, fakes, count):
    fake_x, fake_fb = fakes
    alts = [f"Photo {n} of the climbing wall" for n in range(1, count + 1)]
    text = f"Year 6 climbing day, {count} photos"
    post_id = post_of(social_client, submit(social_client, text, PHOTOS[:count], alt=alts))
    assert get(social_client, post_id)["status"] == "queued"
    assert drain(social_client) == 2
    post = get(social_client, post_id)
    assert post["status"] == "published" and post["photos_purged"] is True
    deliveries = by_channel(post)
    assert deliveries["x"]["url"].startswith("https://x.com/wentworthps/status/")
    assert deliveries["facebook"]["url"].startswith("https://www.facebook.com/")
    assert len(fake_x.tweets) == 1 and fake_x.tweets[0]["text"].startswith(text)
    assert [m["alt_text"] for m in fake_x.media.values()] == alts
    assert len(fake_fb.posts) == 1
    assert [p["alt_text"] for p in fake_fb.photos.values()] == alts
    sent = [m["data"] for m in fake_x.media.values()]
    assert all(b"Exif" not in data[:64] for data in sent)  # what left the building was the sanitised copy
    assert photo_files(social_client) == []


def test_rate_limit_waits_for_the_reset_time(social_client, fakes, clock):
    fake_x, _ = fakes
    reset = clock.moment + timedelta(minutes=15)
    fake_x.fail_next("/2/media/upload", Scripted(429, problem(429, "Too Many Requests", "Too Many Requests"),
                                                 {"x-rate-limit-reset": str(int(reset.timestamp()))}))
    post_id = post_of(social_client, submit(social_client, "Rain stopped play", [PHOTO], alt=["Rain"]))
    drain(social_client)
    post = get(social_client, post_id)
    x = by_channel(post)["x"]
    assert x["status"] == "waiting" and datetime.fromisoformat(x["next_attempt_at"]) == reset
    assert by_channel(post)["facebook"]["status"] == "published"
    assert post["status"] == "partly_published" and post["photos_purged"] is False
    assert len(photo_files(social_client)) == 1  # never purged before every channel succeeded
    assert drain(social_client, clock.moment + timedelta(minutes=5)) == 0  # not before the reset
    drain(social_client, reset + timedelta(seconds=1))
    post = get(social_client, post_id)
    assert post["status"] == "published" and post["photos_purged"] is True and photo_files(social_client) == []
    assert len(fake_x.tweets) == 1


def test_server_errors_on_upload_are_retried_with_backoff(social_client, fakes, clock):
    fake_x, fake_fb = fakes
    fake_x.fail_next("/2/media/upload", Scripted(503, problem(503, "Service Unavailable", "Service Unavailable")))
    fake_fb.fail_next("/104000000000001/photos", Fault(exception=httpx.ConnectError("no route to host")))
    post_id = post_of(social_client, submit(social_client, "Orienteering in the woods", [PHOTO], alt=["Map"]))
    drain(social_client)
    post = get(social_client, post_id)
    assert {d["status"] for d in post["deliveries"]} == {"waiting"}
    assert fake_x.tweets == [] and fake_fb.posts == []
    drain(social_client, clock.moment + timedelta(minutes=2))
    post = get(social_client, post_id)
    assert post["status"] == "published"
    assert len(fake_x.tweets) == 1 and len(fake_fb.posts) == 1
    with social_client.app.state.db.session() as db:
        assert {d.attempts for d in db.scalars(select(Delivery))} == {2}
        kinds = [e.event for e in db.scalars(select(AuditEvent))]
    assert kinds.count("delivery.retry_scheduled") == 2


def test_connection_reset_after_x_accepted_is_reconciled_as_published(social_client, fakes):
    fake_x, _ = fakes
    fake_x.fail_next("/2/tweets", Scripted(accept_first=True, exception=requests.ConnectionError("reset by peer")))
    post_id = post_of(social_client, submit(social_client, "Team photo after the match", [PHOTO], alt=["Team"]))
    drain(social_client)
    x = by_channel(get(social_client, post_id))["x"]
    assert x["status"] == "published" and x["url"].endswith(fake_x.tweets[0]["id"])
    assert len(fake_x.tweets) == 1 and fake_x.calls_to("/2/tweets") == 1  # never blindly re-sent
    with social_client.app.state.db.session() as db:
        found = db.scalars(select(AuditEvent).where(AuditEvent.event == "delivery.reconciled")).one()
    assert found.details["result"] == "found"


def test_ambiguous_create_not_found_asks_the_poster_to_check_and_retry(social_client, fakes):
    fake_x, fake_fb = fakes
    fake_fb.fail_next("/104000000000001/feed", Fault(exception=httpx.ReadTimeout("timed out")))
    post_id = post_of(social_client, submit(social_client, "Cake sale raised £212 for charity"))
    drain(social_client)
    post = get(social_client, post_id)
    fb = by_channel(post)["facebook"]
    assert fb["status"] == "unknown" and "tap Retry" in fb["message"] and fb["can_retry"]
    assert post["status"] == "partly_published"
    assert fake_fb.posts == [] and drain(social_client) == 0  # nothing is re-sent by itself
    retried = social_client.post(f"/api/posts/{post_id}/deliveries/facebook/retry")
    assert retried.status_code == 200
    drain(social_client)
    post = get(social_client, post_id)
    assert post["status"] == "published" and len(fake_fb.posts) == 1 and len(fake_x.tweets) == 1


def test_partial_success_retries_only_the_failed_channel(social_client, fakes):
    fake_x, fake_fb = fakes
    fake_fb.revoked.add(next(iter(fake_fb.tokens)))  # the Page token was revoked
    post_id = post_of(social_client, submit(social_client, "Match report: 3-2 win", [PHOTO], alt=["Goal"]))
    drain(social_client)
    post = get(social_client, post_id)
    fb = by_channel(post)["facebook"]
    assert post["status"] == "partly_published" and fb["status"] == "needs_reconnect"
    assert "Ask an admin to reconnect Facebook" in fb["message"]
    assert len(photo_files(social_client)) == 1  # kept while a channel may still need it
    social_client.cookies.clear()
    login(social_client, "head@school.example")
    channels = {c["name"]: c for c in social_client.get("/api/admin/channels").json()["channels"]}
    assert channels["facebook"]["needs_reconnect"] is True and channels["x"]["last_success_at"]
    fake_fb.revoked.clear()  # an admin reconnected
    assert social_client.post(f"/api/posts/{post_id}/deliveries/facebook/retry").status_code == 200
    drain(social_client)
    post = get(social_client, post_id)
    assert post["status"] == "published" and post["photos_purged"] is True
    assert len(fake_x.tweets) == 1 and len(fake_fb.posts) == 1
    assert fake_x.calls_to("/2/tweets") == 1


def test_rejected_duplicate_is_final_and_frees_the_photos(social_client, fakes):
    fake_x, _ = fakes
    duplicate = problem(403, "You are not allowed to create a Tweet with duplicate content.")
    fake_x.fail_next("/2/tweets", Scripted(403, duplicate))
    post_id = post_of(social_client, submit(social_client, "Reminder: PE kits on Monday", [PHOTO], alt=["Kit"]))
    drain(social_client)
    post = get(social_client, post_id)
    assert by_channel(post)["x"]["status"] == "rejected" and "same words" in by_channel(post)["x"]["message"]
    assert by_channel(post)["facebook"]["status"] == "published"
    assert post["photos_purged"] is True and photo_files(social_client) == []
    assert social_client.post(f"/api/posts/{post_id}/deliveries/x/retry").status_code == 409


class Killed(BaseException):
    """Stands in for the process dying (kill -9) between the platform's answer and our record of it."""


def test_kill_between_sending_and_result_resumes_without_a_duplicate(social_client, fakes, clock, monkeypatch):
    fake_x, fake_fb = fakes
    box = outbox(social_client)

    def die(*_args, **_kwargs):
        raise Killed()

    monkeypatch.setattr(box, "_finish", die)
    post_id = post_of(social_client, submit(social_client, "Arrived safely at the centre", [PHOTO], alt=["Coach"]))
    with pytest.raises(Killed):
        box.run_once()
    assert len(fake_x.tweets) == 1  # X has the post; we never recorded it
    with social_client.app.state.db.session() as db:
        x = db.scalars(select(Delivery).where(Delivery.channel == "x")).one()
        assert x.status == "sending" and x.create_attempted_at is not None
    # Restart: a new app (new worker, new lease owner) on the same data, after the old lease ran out.
    settings = social_client.app.state.settings
    restarted = create_app(settings)
    restarted.state.clock = lambda: clock.moment + timedelta(minutes=5)
    with TestClient(restarted) as client:
        login(client, "teacher@school.example")
        client.app.state.outbox.drain()
        post = get(client, post_id)
    assert post["status"] == "published"
    assert len(fake_x.tweets) == 1 and len(fake_fb.posts) == 1
    assert by_channel(post)["x"]["url"].endswith(fake_x.tweets[0]["id"])


def test_a_live_lease_is_not_taken_by_another_worker(social_client, fakes, clock):
    post_of(social_client, submit(social_client, "Lease test"))
    first = outbox(social_client)
    taken = first.claim()
    assert taken is not None
    from app.posts.outbox import Outbox

    second = Outbox(first.settings, first.db, first.channels, first.contexts, first.photos, clock=first.clock)
    other = second.claim()
    assert other is not None and other != taken  # the other channel's delivery, never the same one
    assert second.claim() is None


def test_hours_are_checked_again_when_the_post_goes_out(social_client, fakes, clock):
    fake_x, _ = fakes
    clock.moment = clock.moment.replace(hour=17, minute=58)
    post_id = post_of(social_client, submit(social_client, "Parents evening reminder"))
    drain(social_client, clock.moment.replace(hour=18, minute=3))  # reached the server in hours, sent after 18:00
    post = get(social_client, post_id)
    assert {d["status"] for d in post["deliveries"]} == {"waiting"}
    assert "Outside posting hours" in post["deliveries"][0]["message"]
    assert fake_x.tweets == []
    drain(social_client, clock.moment.replace(day=26, hour=8, minute=0, second=1))
    assert get(social_client, post_id)["status"] == "published"


def test_out_of_hours_with_a_reason_goes_now_and_is_recorded(social_client, fakes, clock):
    clock.moment = clock.moment.replace(hour=21)
    post_id = post_of(social_client, submit(social_client, "Snow: school closed tomorrow",
                                            out_of_hours_reason="closure"))
    drain(social_client)
    post = get(social_client, post_id)
    assert post["status"] == "published" and post["out_of_hours_reason"] == "closure"
    with social_client.app.state.db.session() as db:
        submitted = db.scalars(select(AuditEvent).where(AuditEvent.event == "post.submitted")).one()
    assert submitted.details["out_of_hours_reason"] == "closure"


def test_out_of_hours_without_reason_waits_for_the_next_window(social_client, fakes, clock):
    clock.moment = clock.moment.replace(hour=19)
    response = submit(social_client, "Homework club is on Thursday")
    assert response.status_code == 202 and response.json()["status"] == "waiting"
    next_at = response.json()["deliveries"][0]["next_attempt_at"]
    assert next_at.startswith("2026-11-26T08:00")
    assert drain(social_client) == 0


def test_retention_sweep_purges_old_photos_whatever_their_state(social_client, fakes, clock):
    fake_x, _ = fakes
    fake_x.fail_next("/2/media/upload", *[Scripted(503, problem(503, "Service Unavailable", "Unavailable"))] * 50)
    post_id = post_of(social_client, submit(social_client, "Swimming gala", [PHOTO], alt=["Pool"]))
    drain(social_client)
    assert len(photo_files(social_client)) == 1
    outbox(social_client).housekeeping(clock.moment + timedelta(days=8))
    post = get(social_client, post_id)
    assert post["photos_purged"] is True and photo_files(social_client) == []
    assert by_channel(post)["x"]["status"] == "rejected" and "7 days" in by_channel(post)["x"]["message"]


def test_facebook_user_token_is_refused_clearly(tmp_path, clock, fakes):
    from tests.channels.fake_facebook import PAGE_ID, USER_TOKEN

    _, fake_fb = fakes
    with build_client(tmp_path, clock, facebook_page_id=PAGE_ID, facebook_page_token=USER_TOKEN) as client:
        login(client, "head@school.example")
        result = client.post("/api/admin/channels/facebook/check").json()
        assert result["ok"] is False and result["needs_reconnect"] is True
        assert "personal user token" in result["message"]
        assert USER_TOKEN not in str(result)
        page = client.get("/admin/channels")
        assert "Needs reconnecting" in page.text
        client.cookies.clear()
        login(client, "teacher@school.example")
        post_id = post_of(client, submit(client, "Harvest festival on Friday", channels=["facebook"]))
        drain(client)
        fb = by_channel(get(client, post_id))["facebook"]
        assert fb["status"] == "needs_reconnect" and fake_fb.posts == []


def test_channels_page_names_the_settings_still_missing(tmp_path, clock):
    partial = dict(x_api_key="k", x_api_secret="s", x_access_token="t", facebook_page_token="EAAGpagetoken")
    with build_client(tmp_path, clock, **partial) as client:
        login(client, "head@school.example")
        rows = {c["name"]: c for c in client.get("/api/admin/channels").json()["channels"]}
        assert rows["x"]["how"] == ("Still missing: TRIPCAST_X_ACCESS_TOKEN_SECRET, then restart Tripcast "
                                    "(see the README).")
        assert rows["facebook"]["how"].startswith("Still missing: TRIPCAST_FACEBOOK_PAGE_ID,")
        assert rows["sandbox"]["configured"] and "posts go nowhere real" in rows["sandbox"]["how"]
        client.post("/api/admin/channels/sandbox/check")
        [event] = client.get("/api/admin/audit", params={"event": "channel.checked"}).json()["events"]
        assert event["ip"]  # who checked, and from where
