"""After posting on X and Facebook (faked at the HTTP boundary), through the real app and its worker."""

from __future__ import annotations

from datetime import timedelta

import httpx
import requests
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.db import Database
from tests.channels.fake_facebook import NO_ENGAGEMENT, Fault, graph_error
from tests.channels.fake_x import Scripted
from tests.conftest import login
from tests.posts.conftest import WEDNESDAY_10AM, build_client

from .conftest import HEAD, SOCIAL, TEACHER, publish

ABUSE = "You lot are a useless bunch of f***ing idiots, sack the head"
QUESTION = "Is the coach back at 4 or 5? Thanks!"


def take_down(client, post_id: str, reason: str = "Wrong class in the photo"):
    response = client.post(f"/api/posts/{post_id}/take-down", json={"reason": reason})
    assert response.status_code == 200, response.text
    return response.json()


def by_channel(body: dict) -> dict[str, str]:
    return {c["channel"]: c["status"] for c in body["channels"]}


def events(client, name: str) -> list[dict]:
    database = Database(client.app.state.settings.db_url)
    with database.session() as session:
        found = [e.details for e in session.scalars(select(AuditEvent).where(AuditEvent.event == name))]
    database.dispose()
    return found


def worker(client):
    return client.app.state.moderation


def remote_id(client, post_id: str, channel: str) -> str:
    database = Database(client.app.state.settings.db_url)
    from app.posts.models import Delivery

    with database.session() as session:
        found = session.scalar(select(Delivery.remote_id).where(Delivery.post_id == post_id,
                                                                Delivery.channel == channel))
    database.dispose()
    return found


def test_take_down_of_a_two_channel_post(social_app, fakes):
    fake_x, fake_fb = fakes
    post_id = publish(social_app, "Year 6 at the science museum")
    assert len(fake_x.tweets) == 1 and len(fake_fb.posts) == 1

    body = take_down(social_app, post_id)

    assert body["status"] == "removed" and by_channel(body) == {"x": "removed", "facebook": "removed"}
    assert fake_x.tweets == [] and fake_fb.posts == []
    assert [e["channel"] for e in events(social_app, "post.take_down_removed")] == ["x", "facebook"]


def test_take_down_of_a_one_channel_post_leaves_the_other_account_alone(social_app, fakes):
    fake_x, fake_fb = fakes
    publish(social_app, "Only on Facebook", channels=["facebook"])
    post_id = publish(social_app, "Only on X", channels=["x"])

    body = take_down(social_app, post_id)

    assert by_channel(body) == {"x": "removed"}
    assert fake_x.tweets == [] and [p["message"] for p in fake_fb.posts] == ["Only on Facebook"]


def test_partial_failure_is_retried_by_the_worker(social_app, fakes):
    fake_x, fake_fb = fakes
    post_id = publish(social_app, "Harvest festival")
    fake_fb.fail_next("DELETE /{post-id}", Fault(503, graph_error(2, "Service temporarily unavailable",
                                                                  transient=True)))

    body = take_down(social_app, post_id)

    assert body["status"] == "removing" and by_channel(body) == {"x": "removed", "facebook": "removing"}
    waiting = next(c for c in body["channels"] if c["channel"] == "facebook")
    assert waiting["next_attempt_at"] and "still shows the post" in waiting["message"]
    assert [e["result"] for e in events(social_app, "post.take_down_reconciled")] == ["still there"]
    worker(social_app).run_once(WEDNESDAY_10AM)  # not due yet: nothing happens
    assert len(fake_fb.posts) == 1
    worker(social_app).run_once(WEDNESDAY_10AM + timedelta(hours=1))
    assert fake_fb.posts == []
    assert social_app.get(f"/api/posts/{post_id}/take-down").json()["status"] == "removed"


def test_an_ambiguous_delete_is_reconciled_by_checking_the_post_is_gone(social_app, fakes):
    fake_x, _ = fakes
    post_id = publish(social_app, "Book week costumes", channels=["x"])
    fake_x.fail_next("DELETE /2/tweets/{id}", Scripted(exception=requests.exceptions.ConnectionError("reset"),
                                                        accept_first=True))

    body = take_down(social_app, post_id)

    assert by_channel(body) == {"x": "removed"} and fake_x.tweets == []
    assert fake_x.calls_to("DELETE /2/tweets/{id}") == 1  # not sent twice: the check found it gone
    assert [e["result"] for e in events(social_app, "post.take_down_reconciled")] == ["gone"]


def test_missing_permission_needs_a_person_then_asking_again_finishes(social_app, fakes):
    _, fake_fb = fakes
    post_id = publish(social_app, "Nativity rehearsals", channels=["facebook"])
    fake_fb.fail_next("DELETE /{post-id}", Fault(400, graph_error(200, "(#200) Requires pages_manage_posts")))

    body = take_down(social_app, post_id)

    assert body["status"] == "needs_attention" and "pages_manage_posts" in body["channels"][0]["message"]
    assert len(fake_fb.posts) == 1
    assert take_down(social_app, post_id, "Trying again after reconnecting")["status"] == "removed"


def test_comments_are_polled_with_paging_without_duplicates_and_abuse_is_hidden(social_app, fakes):
    _, fake_fb = fakes
    post_id = publish(social_app, "Sports day results", channels=["facebook"])
    fb_post = remote_id(social_app, post_id, "facebook")
    fake_fb.page_size = 2
    for n in range(4):
        fake_fb.add_comment(fb_post, f"Well done everyone, lovely day number {n}", name=f"Parent {n}")
    abusive_id = fake_fb.add_comment(fb_post, ABUSE, name="Troll", user_id="666")

    first = worker(social_app).poll()
    worker(social_app).poll()

    assert (first.new, first.hidden) == (5, 1)
    assert {c["id"]: c["is_hidden"] for c in fake_fb.comments} == {c["id"]: c["id"] == abusive_id
                                                                   for c in fake_fb.comments}
    login(social_app, HEAD)
    listed = social_app.get("/api/moderation/comments").json()
    assert len(listed) == 5
    assert [c["status"] for c in listed if c["text"] == ABUSE] == ["hidden"]
    assert all(c["status"] == "visible" for c in listed if c["text"] != ABUSE)
    fake_fb.add_comment(fb_post, QUESTION, name="Dad")
    assert worker(social_app).poll().new == 1
    assert len(social_app.get("/api/moderation/comments").json()) == 6


def test_hiding_that_was_rate_limited_is_tried_again_on_the_next_poll(social_app, fakes):
    _, fake_fb = fakes
    post_id = publish(social_app, "Science week", channels=["facebook"])
    fake_fb.add_comment(remote_id(social_app, post_id, "facebook"), ABUSE)
    fake_fb.fail_next("POST /{comment-id}", Fault(400, graph_error(17, "User request limit reached")))

    assert worker(social_app).poll().hidden == 0
    assert fake_fb.comments[0]["is_hidden"] is False
    assert worker(social_app).poll().hidden == 1
    assert fake_fb.comments[0]["is_hidden"] is True


def test_taken_down_posts_are_no_longer_polled(social_app, fakes):
    _, fake_fb = fakes
    post_id = publish(social_app, "Art exhibition", channels=["facebook"])
    take_down(social_app, post_id)
    calls = fake_fb.calls_to("/comments")
    worker(social_app).poll()
    assert fake_fb.calls_to("/comments") == calls


def test_action_errors_reach_the_admin_in_plain_words(social_app, fakes):
    fake_x, fake_fb = fakes
    post_id = publish(social_app, "Parents' evening reminder")
    fake_fb.add_comment(remote_id(social_app, post_id, "facebook"), "Will there be a sign-up sheet?")
    worker(social_app).poll()
    login(social_app, HEAD)
    [item] = social_app.get("/api/moderation/comments").json()

    fake_fb.fail_next("POST /{comment-id}", Fault(400, NO_ENGAGEMENT))
    refused = social_app.post(f"/api/moderation/comments/{item['id']}/hide")
    assert refused.status_code == 409 and "pages_manage_engagement" in refused.json()["detail"]
    fake_fb.fail_next("POST /{comment-id}", Fault(exception=httpx.ConnectError("no signal")))
    offline = social_app.post(f"/api/moderation/comments/{item['id']}/hide")
    assert offline.status_code == 502 and "Could not reach Facebook" in offline.json()["detail"]
    assert social_app.get("/api/moderation/comments").json()[0]["status"] == "visible"
    fake_fb.comments.clear()
    gone = social_app.post(f"/api/moderation/comments/{item['id']}/delete")
    assert gone.status_code == 200 and gone.json()["comment"]["status"] == "deleted"
    assert [e["outcome"] for e in events(social_app, "moderation.hide")] == ["reconnect_needed", "retry_later"]


def test_x_replies_are_read_when_the_paid_search_is_on_and_block_gives_the_profile(tmp_path, clock, fakes):
    fake_x, _ = fakes
    with build_client(tmp_path, clock, **SOCIAL, x_read_replies=True) as client:
        login(client, TEACHER)
        post_id = publish(client, "Christmas fair", channels=["x"])
        fake_x.add_reply(remote_id(client, post_id, "x"), ABUSE, username="troll99")
        fake_x.add_reply(remote_id(client, post_id, "x"), QUESTION, username="kindparent")

        assert client.app.state.moderation.poll().hidden == 1
        assert [r["hidden"] for r in fake_x.replies] == [True, False]
        login(client, HEAD)
        troll = next(c for c in client.get("/api/moderation/comments").json() if c["author"] == "@troll99")
        blocked = client.post(f"/api/moderation/comments/{troll['id']}/block")
        assert blocked.status_code == 200
        assert blocked.json()["outcome"] == "rejected" and blocked.json()["url"] == "https://x.com/troll99"
