from __future__ import annotations

import logging

import pytest
import requests
import responses
import respx
from pydantic import SecretStr

from app.channels import FacebookChannel, SandboxChannel, XChannel, build_channels
from app.channels.base import OutcomeKind
from app.config import Settings

from .conftest import make_post
from .fake_facebook import BASE as GRAPH_BASE
from .fake_facebook import PAGE_ID, PAGE_TOKEN, USER_TOKEN, VERSION, FakeFacebook, Fault, graph_error
from .fake_x import BASE as X_BASE
from .fake_x import CREDENTIALS, FakeX, Scripted, problem

X_SETTINGS = {f"x_{name}": value for name, value in CREDENTIALS.items()}
FB_SETTINGS = {"facebook_page_id": PAGE_ID, "facebook_page_token": PAGE_TOKEN}
SECRETS = [*CREDENTIALS.values(), PAGE_TOKEN, USER_TOKEN]


def settings(tmp_path, **values) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path, **values)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({}, ["sandbox"]),
        (X_SETTINGS, ["x"]),
        (FB_SETTINGS, ["facebook"]),
        (X_SETTINGS | FB_SETTINGS, ["x", "facebook"]),
        (X_SETTINGS | FB_SETTINGS | {"sandbox_enabled": True}, ["x", "facebook", "sandbox"]),
        ({"sandbox_enabled": False}, []),
        ({"x_api_key": "only-one-of-four"}, ["sandbox"]),
    ],
)
def test_build_channels(tmp_path, values, expected):
    channels = build_channels(settings(tmp_path, **values))

    assert list(channels) == expected
    types = {"x": XChannel, "facebook": FacebookChannel, "sandbox": SandboxChannel}
    assert all(
        isinstance(channel, types[name]) and channel.name == name for name, channel in channels.items()
    )


def test_sandbox_writes_into_the_settings_sandbox_dir(tmp_path):
    channel = build_channels(settings(tmp_path))["sandbox"]

    channel.publish(make_post(1))

    assert (tmp_path / "sandbox" / "posts").is_dir() and any((tmp_path / "sandbox" / "media").iterdir())


def _no_secret_in(*things: object) -> None:
    for thing in things:
        for text in (repr(thing), str(thing)):
            for secret in SECRETS:
                assert secret not in text, f"a secret leaked into {type(thing).__name__}"


def test_x_outcomes_and_reprs_hold_no_secret(tmp_path):
    channel = build_channels(settings(tmp_path, **X_SETTINGS))["x"]
    seen = [channel]
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        fake = FakeX(mock, base=X_BASE)
        seen.append(channel.publish(make_post(1)))
        fake.fail_next("/2/media/upload", Scripted(400, problem(400, "Bad media", "Invalid Request")))
        seen.append(channel.publish(make_post(1, text="another")))
        fake.fail_next("/2/tweets", Scripted(exception=requests.exceptions.ConnectionError("reset")))
        seen.append(channel.publish(make_post(0, text="third")))
        seen.append(channel.find_published(make_post(0, text="third")))
        seen.append(channel.check_connection())
    assert seen[1].kind is OutcomeKind.PUBLISHED
    _no_secret_in(*seen)


def test_facebook_outcomes_and_reprs_hold_no_secret(tmp_path):
    channel = build_channels(
        settings(tmp_path, **FB_SETTINGS, facebook_graph_version=VERSION, facebook_graph_base=GRAPH_BASE)
    )["facebook"]
    seen = [channel]
    with respx.mock(assert_all_called=False) as mock:
        fake = FakeFacebook(mock)
        seen.append(channel.publish(make_post(2)))
        # Even if Facebook echoed the token in an error, it must not reach the teacher.
        fake.fail_next(f"/{PAGE_ID}/feed", Fault(400, graph_error(100, f"Bad token {PAGE_TOKEN} in request")))
        seen.append(channel.publish(make_post(0)))
        seen.append(channel.find_published(make_post(0)))
        seen.append(channel.check_connection())
        user_channel = FacebookChannel(PAGE_ID, SecretStr(USER_TOKEN), VERSION, GRAPH_BASE)
        seen += [user_channel, user_channel.publish(make_post(0)), user_channel.check_connection()]
    assert seen[1].kind is OutcomeKind.PUBLISHED and seen[2].kind is OutcomeKind.REJECTED
    _no_secret_in(*seen)


def test_debug_logs_hold_no_secret(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    channels = build_channels(
        settings(
            tmp_path,
            **X_SETTINGS,
            **FB_SETTINGS,
            facebook_graph_version=VERSION,
            facebook_graph_base=GRAPH_BASE,
        )
    )
    with (
        responses.RequestsMock(assert_all_requests_are_fired=False) as x_mock,
        respx.mock(assert_all_called=False) as fb,
    ):
        FakeX(x_mock, base=X_BASE)
        FakeFacebook(fb)
        outcomes = [channel.publish(make_post(2)) for channel in channels.values()]

    assert [outcome.kind for outcome in outcomes] == [OutcomeKind.PUBLISHED, OutcomeKind.PUBLISHED]
    assert caplog.records, "debug logging was not captured"
    for secret in SECRETS:
        assert secret not in caplog.text
