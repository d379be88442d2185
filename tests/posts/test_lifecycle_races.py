"""Races on one delivery: a person's Cancel against the worker, two workers, a retry against a rate limit.

Every status write is a guarded move (app/posts/lifecycle.py), so whichever side loses the race changes
nothing. Each test here was written against the code before that, and failed there.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from app.db import utcnow
from app.posts import lifecycle
from app.posts.models import Delivery, DeliveryState, Post
from app.posts.outbox import Outbox
from tests.channels.fake_x import Scripted, problem
from tests.conftest import login
from tests.posts.conftest import PHOTO, build_client, drain, outbox, submit
from tests.posts.x_server import XServer


def post_id_of(response) -> str:
    assert response.status_code == 202, response.text
    return response.json()["id"]


def by_channel(client, post_id):
    post = client.get(f"/api/posts/{post_id}").json()
    return post, {d["channel"]: d for d in post["deliveries"]}


def test_cancel_between_the_claim_and_the_send_stops_the_post(social_client, fakes):
    """The worker has the lease and is about to send when the teacher taps Cancel (photos purged at once):
    nothing may go out, and certainly not the text without its photos."""
    fake_x, fake_fb = fakes
    post_id = post_id_of(submit(social_client, "Sports day photos", [PHOTO], alt=["The relay"]))
    contexts = social_client.app.state.contexts
    real_for_user = contexts.for_user
    cancelled = []

    def cancel_while_the_worker_checks_the_hours(*args, **kwargs):  # the worker's last check before sending
        if not cancelled:
            cancelled.append(social_client.post(f"/api/posts/{post_id}/cancel"))
        return real_for_user(*args, **kwargs)

    contexts.for_user = cancel_while_the_worker_checks_the_hours
    drain(social_client)
    assert cancelled[0].status_code == 200, cancelled[0].text
    assert fake_x.tweets == [] and fake_fb.posts == []
    post, deliveries = by_channel(social_client, post_id)
    assert post["status"] == "cancelled" and post["photos_purged"] is True
    assert {d["status"] for d in deliveries.values()} == {"cancelled"}
    assert drain(social_client) == 0


def test_cancel_is_refused_once_the_send_has_started(social_client, fakes):
    fake_x, _ = fakes
    post_id = post_id_of(submit(social_client, "Choir at the care home", channels=["x"]))
    box = outbox(social_client)
    delivery_id = box.claim()
    with box.db.session() as db:
        assert lifecycle.move(db, delivery_id, to="sending", expected=("queued",), owner=box.owner)
        db.commit()
    refused = social_client.post(f"/api/posts/{post_id}/cancel")
    assert refused.status_code == 409 and "being sent right now" in refused.json()["detail"]
    assert social_client.get(f"/api/posts/{post_id}").json()["can_cancel"] is False


@pytest.mark.parametrize("heartbeat", ["renewed", "stalled"])
def test_two_workers_never_both_send_one_delivery(tmp_path, clock, monkeypatch, heartbeat):
    """Worker A's upload is slow (longer than the lease). With its lease renewed, worker B never gets the
    delivery; with A stalled (its renewals stopped), B takes it over and A, fenced, makes no create call."""
    if heartbeat == "stalled":
        monkeypatch.setattr("app.posts.lease.Heartbeat._run", lambda self: None)
    with XServer() as x, build_client(tmp_path, clock, x_api_key="k", x_api_secret="s", x_access_token="t",
                                      x_access_token_secret="ts", x_api_base=x.url,
                                      outbox_lease_seconds=1.0) as client:
        login(client, "teacher@school.example")
        client.app.state.clock = utcnow  # leases run out in real time here
        post_id = post_id_of(submit(client, "Cross-country results", [PHOTO], alt=["Finish line"],
                                    channels=["x"], out_of_hours_reason="closure"))
        first = outbox(client)
        second = Outbox(first.settings, first.db, first.channels, first.contexts, first.photos, clock=utcnow)
        x.hold_upload.clear()
        worker_a = threading.Thread(target=first.run_once)
        worker_a.start()
        assert x.upload_started.wait(timeout=20)
        stop_b = threading.Event()

        def worker_b():
            while not stop_b.is_set() and not second.run_once():
                time.sleep(0.05)

        b = threading.Thread(target=worker_b)
        b.start()
        deadline = time.monotonic() + (20 if heartbeat == "stalled" else 3)  # three leases and more
        while time.monotonic() < deadline and x.uploads < 2:
            time.sleep(0.05)
        if heartbeat == "stalled":
            assert x.uploads == 2  # B took over the lease that ran out
        x.hold_upload.set()
        worker_a.join(timeout=30)
        stop_b.set()
        b.join(timeout=30)
        if heartbeat == "renewed":
            assert x.uploads == 1  # B never had it
        assert len(x.tweets) == 1
        post, deliveries = by_channel(client, post_id)
        assert deliveries["x"]["status"] == "published" and post["photos_purged"] is True


def test_a_worker_that_lost_its_lease_records_nothing(social_client, fakes, clock):
    post_of = post_id_of(submit(social_client, "Lease fencing", channels=["x"]))
    first = outbox(social_client)
    delivery_id = first.claim()
    second = Outbox(first.settings, first.db, first.channels, first.contexts, first.photos, clock=first.clock)
    later = clock.moment + first.lease + timedelta(seconds=1)
    assert second.claim(later) == delivery_id  # A's lease ran out
    with first.db.session() as db:
        assert not lifecycle.move(db, delivery_id, to="sending", expected=("queued",), owner=first.owner)
        assert not lifecycle.hold(db, delivery_id, first.owner, "queued", lease_until=later + first.lease)
        assert not lifecycle.release(db, delivery_id, first.owner)
        db.commit()
    first.process(delivery_id)
    with first.db.session() as db:
        row = db.get(Delivery, delivery_id)
        assert row.status == "queued" and row.lease_owner == second.owner and row.attempts == 0
    second.process(delivery_id, later)
    assert by_channel(social_client, post_of)[1]["x"]["status"] == "published"


def test_retry_of_a_rate_limited_delivery_never_goes_before_the_reset(social_client, fakes, clock):
    fake_x, _ = fakes
    reset = clock.moment + timedelta(minutes=15)
    fake_x.fail_next("/2/media/upload", Scripted(429, problem(429, "Too Many Requests", "Too Many Requests"),
                                                 {"x-rate-limit-reset": str(int(reset.timestamp()))}))
    post_id = post_id_of(submit(social_client, "Netball at the leisure centre", [PHOTO], alt=["Netball"]))
    drain(social_client)
    assert by_channel(social_client, post_id)[1]["x"]["status"] == "waiting"
    retried = social_client.post(f"/api/posts/{post_id}/deliveries/x/retry")
    assert retried.status_code == 200, retried.text
    x = {d["channel"]: d for d in retried.json()["deliveries"]}["x"]
    assert x["status"] == "queued" and x["next_attempt_at"] == reset.isoformat()
    assert "the earliest X allows" in x["message"]
    assert drain(social_client, clock.moment + timedelta(minutes=5)) == 0
    assert fake_x.tweets == []
    drain(social_client, reset + timedelta(seconds=1))
    assert by_channel(social_client, post_id)[0]["status"] == "published" and len(fake_x.tweets) == 1


def test_a_missing_photo_file_ends_in_a_state_a_person_can_act_on(social_client, fakes):
    fake_x, fake_fb = fakes
    post_id = post_id_of(submit(social_client, "Harvest festival display", [PHOTO], alt=["Display"]))
    for path in social_client.app.state.settings.photos_dir.iterdir():  # e.g. a database restored from a backup
        path.unlink()
    drain(social_client)
    post, deliveries = by_channel(social_client, post_id)
    assert {d["status"] for d in deliveries.values()} == {"rejected"}
    assert all("no longer on the server" in d["message"] and "Post it again" in d["message"]
               for d in deliveries.values())
    assert not any(d["can_retry"] for d in deliveries.values()) and post["can_cancel"] is False
    assert post["status"] == "needs_attention" and post["photos_purged"] is True
    assert fake_x.tweets == [] and fake_fb.posts == []
    assert social_client.post(f"/api/posts/{post_id}/deliveries/x/retry").status_code == 409


class CommitFailed(Exception):
    pass


def test_photo_files_are_deleted_only_after_the_purge_is_committed(social_client, fakes):
    post_id = post_id_of(submit(social_client, "Class assembly", [PHOTO], alt=["Assembly"]))
    photos_dir = social_client.app.state.settings.photos_dir
    assert len(list(photos_dir.iterdir())) == 1
    sessions = social_client.app.state.db.sessions

    def fail_the_cancel(session):
        if any(isinstance(o, Post) and o.cancelled_at for o in session.identity_map.values()):
            raise CommitFailed("the disk is full")

    event.listen(sessions, "before_commit", fail_the_cancel)
    try:
        with pytest.raises(CommitFailed):
            social_client.post(f"/api/posts/{post_id}/cancel")
    finally:
        event.remove(sessions, "before_commit", fail_the_cancel)
    post = social_client.get(f"/api/posts/{post_id}").json()
    assert post["status"] == "queued" and post["photos_purged"] is False
    assert len(list(photos_dir.iterdir())) == 1  # still there for the post that still needs it
    assert social_client.post(f"/api/posts/{post_id}/cancel").status_code == 200
    assert list(photos_dir.iterdir()) == []


def test_flags_come_from_the_transition_table():
    for state in DeliveryState:
        assert (state in lifecycle.RETRY_FROM) == (DeliveryState.QUEUED in lifecycle.TRANSITIONS[state]
                                                   and state not in lifecycle.SEND_NOW_FROM)
    with pytest.raises(lifecycle.IllegalMove):
        lifecycle.check_move(("cancelled",), "queued")
    with pytest.raises(lifecycle.IllegalMove):
        lifecycle.check_move(("sending",), "cancelled")


def test_states_in_the_json_are_the_ones_the_page_knows(social_client, fakes):
    post_id = post_id_of(submit(social_client, "Reading week", channels=["x"]))
    with social_client.app.state.db.session() as db:
        statuses = set(db.scalars(select(Delivery.status)))
    assert statuses == {"queued"}
    body = social_client.get(f"/api/posts/{post_id}").json()
    assert body["can_cancel"] is True and body["deliveries"][0]["can_retry"] is False
    assert body["deliveries"][0]["can_take_down"] is False


def test_retry_of_a_scheduled_post_keeps_its_time(social_client, fakes, clock):
    fake_x, _ = fakes
    at = clock.moment + timedelta(days=1)
    post_id = post_id_of(submit(social_client, "Trip letters go home tomorrow", channels=["x"],
                                scheduled_for=at.isoformat()))
    retried = social_client.post(f"/api/posts/{post_id}/deliveries/x/retry")
    assert retried.status_code == 200, retried.text
    x = retried.json()["deliveries"][0]
    assert x["next_attempt_at"] == at.isoformat() and "scheduled time" in x["message"]
    assert drain(social_client) == 0 and fake_x.tweets == []
    drain(social_client, at + timedelta(seconds=1))
    assert len(fake_x.tweets) == 1
