"""X after posting, against the fake X: delete and reconcile, reply restriction, reading and hiding replies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import requests
import responses
from pydantic import SecretStr

from app.channels.base import Comment, OutcomeKind
from app.channels.x import XChannel

from .conftest import make_post
from .fake_x import BASE, CREDENTIALS, FakeX, Scripted, problem

RESET = 1_900_000_000


@pytest.fixture
def mock():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


@pytest.fixture
def fake(mock) -> FakeX:
    return FakeX(mock)


def make_channel(**options) -> XChannel:
    return XChannel(**{name: SecretStr(value) for name, value in CREDENTIALS.items()}, api_base=BASE, **options)


@pytest.fixture
def channel() -> XChannel:
    return make_channel()


def published(fake, channel) -> str:
    outcome = channel.publish(make_post(0))
    assert outcome.kind is OutcomeKind.PUBLISHED
    return outcome.remote_id


def reply(fake, tweet_id: str, text: str = "What a shambles") -> Comment:
    reply_id = fake.add_reply(tweet_id, text)
    return Comment(reply_id, tweet_id, "@angryparent", text, datetime.now(UTC), url="x", author_url="https://x.com/a")


def test_new_posts_only_let_mentioned_users_reply_unless_turned_off(fake, channel):
    published(fake, channel)
    make_channel(restrict_replies=False).publish(make_post(0, text="A different post"))

    assert [t["reply_settings"] for t in fake.tweets] == ["mentionedUsers", None]


def test_take_down_deletes_the_post_and_it_no_longer_exists(fake, channel):
    tweet_id = published(fake, channel)
    assert channel.exists(tweet_id) is True

    outcome = channel.take_down(tweet_id)

    assert outcome.kind is OutcomeKind.DONE and fake.tweets == []
    assert channel.exists(tweet_id) is False


@pytest.mark.parametrize("fault, kind", [
    (Scripted(503, problem(503, "Service Unavailable", "Service Unavailable")), OutcomeKind.UNKNOWN),
    (Scripted(exception=requests.exceptions.ReadTimeout("read timed out")), OutcomeKind.UNKNOWN),
    (Scripted(exception=requests.exceptions.ConnectTimeout("no route")), OutcomeKind.RETRY_LATER),
    (Scripted(401, problem(401, "Unauthorized", "Unauthorized")), OutcomeKind.RECONNECT),
    (Scripted(403, problem(403, "You are not permitted to perform this action.")), OutcomeKind.RECONNECT),
])
def test_take_down_failures_are_typed(fake, channel, fault, kind):
    tweet_id = published(fake, channel)
    fake.fail_next("DELETE /2/tweets/{id}", fault)

    assert channel.take_down(tweet_id).kind is kind
    assert len(fake.tweets) == 1  # nothing was deleted


def test_a_rate_limited_take_down_says_when_to_retry(fake, channel):
    tweet_id = published(fake, channel)
    fake.fail_next("DELETE /2/tweets/{id}", Scripted(429, problem(429, "Too Many Requests", "Too Many Requests"),
                                                      headers={"x-rate-limit-reset": str(RESET)}))

    outcome = channel.take_down(tweet_id)

    assert outcome.kind is OutcomeKind.RETRY_LATER
    assert outcome.retry_at == datetime.fromtimestamp(RESET, UTC)


def test_a_delete_that_was_done_before_the_connection_dropped_is_unknown_then_reconciled(fake, channel):
    tweet_id = published(fake, channel)
    fake.fail_next("DELETE /2/tweets/{id}", Scripted(exception=requests.exceptions.ConnectionError("reset"),
                                                      accept_first=True))

    assert channel.take_down(tweet_id).kind is OutcomeKind.UNKNOWN
    assert channel.exists(tweet_id) is False


def test_exists_cannot_tell_when_x_fails(fake, channel):
    tweet_id = published(fake, channel)
    fake.fail_next("GET /2/tweets/{id}", Scripted(500, problem(500, "Internal error", "Internal Error")))

    assert channel.exists(tweet_id) is None


def test_replies_are_not_read_unless_the_paid_search_is_turned_on(fake, channel):
    tweet_id = published(fake, channel)
    fake.add_reply(tweet_id, "Lovely")

    batch = channel.list_comments([tweet_id], datetime.now(UTC) - timedelta(days=1))

    assert batch.comments == [] and batch.problem is None
    assert fake.calls_to("/2/tweets/search/recent") == 0


def test_replies_are_read_across_pages_without_duplicates(fake):
    channel = make_channel(read_replies=True)
    tweet_id = published(fake, channel)
    fake.page_size = 2
    texts = [f"Reply number {n}" for n in range(5)]
    for text in texts:
        fake.add_reply(tweet_id, text)

    batch = channel.list_comments([tweet_id], datetime.now(UTC) - timedelta(days=30))

    assert batch.problem is None
    assert sorted(c.text for c in batch.comments) == texts
    assert len({c.remote_id for c in batch.comments}) == 5
    assert fake.calls_to("/2/tweets/search/recent") == 3
    assert all(c.post_remote_id == tweet_id and c.author_url == "https://x.com/angryparent" for c in batch.comments)


def test_a_rate_limit_while_reading_replies_keeps_what_was_read(fake):
    channel = make_channel(read_replies=True)
    tweet_id = published(fake, channel)
    fake.page_size = 2
    for n in range(3):
        fake.add_reply(tweet_id, f"Reply {n}")
    fake.fail_next("/2/tweets/search/recent", Scripted(passthrough=True),
                   Scripted(429, problem(429, "Too Many Requests", "Too Many Requests"),
                            headers={"x-rate-limit-reset": str(RESET)}))

    batch = channel.list_comments([tweet_id], datetime.now(UTC) - timedelta(days=1))

    assert len(batch.comments) == 2 and batch.problem.kind is OutcomeKind.RETRY_LATER
    assert batch.problem.retry_at == datetime.fromtimestamp(RESET, UTC)


def test_hiding_and_showing_a_reply(fake, channel):
    comment = reply(fake, published(fake, channel))

    assert channel.hide_comment(comment).kind is OutcomeKind.DONE
    assert fake.replies[0]["hidden"] is True
    assert channel.unhide_comment(comment).kind is OutcomeKind.DONE
    assert fake.replies[0]["hidden"] is False


def test_hide_errors_are_mapped(fake, channel):
    comment = reply(fake, published(fake, channel))
    fake.replies.clear()
    assert channel.hide_comment(comment).kind is OutcomeKind.GONE
    fake.fail_next("/2/tweets/{id}/hidden", Scripted(403, problem(403, "You are not permitted to perform this "
                                                                      "action.")))
    permission = channel.hide_comment(comment)
    assert permission.kind is OutcomeKind.RECONNECT and "Read and Write" in permission.message
    fake.fail_next("/2/tweets/{id}/hidden", Scripted(503, problem(503, "Service Unavailable", "Unavailable")))
    assert channel.hide_comment(comment).kind is OutcomeKind.RETRY_LATER


def test_x_cannot_delete_replies_or_block_so_it_says_so_with_the_profile_link(fake, channel):
    comment = reply(fake, published(fake, channel))

    deleted = channel.delete_comment(comment)
    blocked = channel.block_author(comment)

    assert deleted.kind is OutcomeKind.REJECTED and "Hide it" in deleted.message
    assert blocked.kind is OutcomeKind.REJECTED and blocked.url == "https://x.com/a"
    assert len(fake.replies) == 1
