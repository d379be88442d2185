"""A Facebook Page after posting, against the fake Graph API: delete and reconcile, comments with paging,
hide / delete / block and how Facebook's errors map (permission missing, comment already gone)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
import respx
from pydantic import SecretStr

from app.channels.base import Comment, OutcomeKind
from app.channels.facebook import FacebookChannel

from .conftest import make_post
from .fake_facebook import NO_ENGAGEMENT, PAGE_ID, PAGE_TOKEN, FakeFacebook, Fault, graph_error


@pytest.fixture
def mock():
    with respx.mock(assert_all_called=False, assert_all_mocked=True) as router:
        yield router


@pytest.fixture
def fake(mock) -> FakeFacebook:
    return FakeFacebook(mock)


@pytest.fixture
def channel() -> FacebookChannel:
    return FacebookChannel(PAGE_ID, SecretStr(PAGE_TOKEN))


def published(channel) -> str:
    outcome = channel.publish(make_post(0))
    assert outcome.kind is OutcomeKind.PUBLISHED
    return outcome.remote_id


def stored(fake, post_id: str, text: str = "Disgraceful", **extra) -> Comment:
    comment_id = fake.add_comment(post_id, text, **extra)
    return Comment(comment_id, post_id, "Angry Parent", text, datetime.now(UTC), author_id="5550001")


def test_take_down_deletes_the_page_post(fake, channel):
    post_id = published(channel)
    assert channel.exists(post_id) is True

    outcome = channel.take_down(post_id)

    assert outcome.kind is OutcomeKind.DONE and fake.posts == []
    assert channel.exists(post_id) is False
    again = channel.take_down(post_id)  # already gone counts as removed
    assert again.kind is OutcomeKind.DONE and "already gone" in again.message


@pytest.mark.parametrize("fault, kind, words", [
    (Fault(500, graph_error(2, "Service temporarily unavailable", transient=True)), OutcomeKind.UNKNOWN, "confirm"),
    (Fault(exception=httpx.ReadTimeout("slow")), OutcomeKind.UNKNOWN, "confirm"),
    (Fault(exception=httpx.ConnectError("no signal")), OutcomeKind.RETRY_LATER, "reach"),
    (Fault(400, graph_error(200, "(#200) Requires pages_manage_posts permission")), OutcomeKind.RECONNECT,
     "pages_manage_posts"),
    (Fault(400, graph_error(4, "(#4) Application request limit reached"), headers={"Retry-After": "120"}),
     OutcomeKind.RETRY_LATER, "limiting"),
    (Fault(400, graph_error(190, "Error validating access token", 463)), OutcomeKind.RECONNECT, "reconnect"),
])
def test_take_down_failures_are_typed(fake, channel, fault, kind, words):
    post_id = published(channel)
    fake.fail_next("DELETE /{post-id}", fault)

    outcome = channel.take_down(post_id)

    assert outcome.kind is kind and words in outcome.message
    assert len(fake.posts) == 1
    assert PAGE_TOKEN not in outcome.message


def test_a_delete_done_before_the_connection_dropped_is_unknown_then_found_gone(fake, channel):
    post_id = published(channel)
    fake.fail_next("DELETE /{post-id}", Fault(exception=httpx.RemoteProtocolError("reset"), accept_first=True))

    assert channel.take_down(post_id).kind is OutcomeKind.UNKNOWN
    assert channel.exists(post_id) is False


def test_comments_are_read_across_pages_without_duplicates_and_since_a_time(fake, channel):
    post_id = published(channel)
    fake.page_size = 2
    old = fake.add_comment(post_id, "Old news", created_time=datetime.now(UTC) - timedelta(days=20))
    texts = [f"Comment {n}" for n in range(5)]
    for text in texts:
        fake.add_comment(post_id, text, name="Parent", user_id="777")

    batch = channel.list_comments([post_id], datetime.now(UTC) - timedelta(days=14))

    assert batch.problem is None
    assert [c.text for c in batch.comments] == texts
    assert old not in {c.remote_id for c in batch.comments}
    assert len({c.remote_id for c in batch.comments}) == 5
    assert fake.calls_to("/comments") == 3
    first = batch.comments[0]
    assert first.author_name == "Parent" and first.author_id == "777" and first.post_remote_id == post_id
    assert first.url.startswith("https://www.facebook.com/")


def test_a_failure_while_reading_comments_keeps_what_was_read(fake, channel):
    post_id = published(channel)
    fake.page_size = 2
    for n in range(4):
        fake.add_comment(post_id, f"Comment {n}")
    fake.fail_next("/{post-id}/comments", Fault(passthrough=True),
                   Fault(400, graph_error(10, "(#10) Requires pages_read_user_content permission")))

    batch = channel.list_comments([post_id], datetime.now(UTC) - timedelta(days=1))

    assert len(batch.comments) == 2
    assert batch.problem.kind is OutcomeKind.RECONNECT and "pages_read_user_content" in batch.problem.message


def test_hide_show_delete_and_block(fake, channel):
    comment = stored(fake, published(channel))

    assert channel.hide_comment(comment).kind is OutcomeKind.DONE and fake.comments[0]["is_hidden"] is True
    assert channel.unhide_comment(comment).kind is OutcomeKind.DONE and fake.comments[0]["is_hidden"] is False
    blocked = channel.block_author(comment)
    assert blocked.kind is OutcomeKind.DONE and fake.blocked == ["5550001"]
    assert channel.delete_comment(comment).kind is OutcomeKind.DONE and fake.comments == []


def test_moderation_errors_are_mapped(fake, channel):
    comment = stored(fake, published(channel))
    fake.fail_next("POST /{comment-id}", Fault(400, NO_ENGAGEMENT))
    permission = channel.hide_comment(comment)
    assert permission.kind is OutcomeKind.RECONNECT and "pages_manage_engagement" in permission.message
    fake.fail_next("/blocked", Fault(400, NO_ENGAGEMENT))
    assert channel.block_author(comment).kind is OutcomeKind.RECONNECT
    fake.fail_next("POST /{comment-id}", Fault(500, graph_error(1, "An unknown error occurred", transient=True)))
    assert channel.hide_comment(comment).kind is OutcomeKind.RETRY_LATER
    fake.fail_next("POST /{comment-id}", Fault(400, graph_error(17, "User request limit reached"),
                                               headers={"Retry-After": "60"}))
    limited = channel.hide_comment(comment)
    assert limited.kind is OutcomeKind.RETRY_LATER and limited.retry_at is not None

    fake.comments.clear()  # someone deleted it on Facebook meanwhile
    assert channel.hide_comment(comment).kind is OutcomeKind.GONE
    gone = channel.delete_comment(comment)
    assert gone.kind is OutcomeKind.DONE and "already gone" in gone.message


def test_a_comment_without_an_author_cannot_be_blocked_through_the_api(fake, channel):
    post_id = published(channel)
    comment = Comment("1_2", post_id, "someone on Facebook", "spam", datetime.now(UTC), url="https://fb/c")

    outcome = channel.block_author(comment)

    assert outcome.kind is OutcomeKind.REJECTED and outcome.url == "https://fb/c" and fake.blocked == []
