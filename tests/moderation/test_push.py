"""Web Push to admins, with the push service faked at the HTTP boundary: encrypted, VAPID-signed, pruned on 410."""

from __future__ import annotations

import base64
import json
import os
import stat

import http_ece
import pytest
import responses
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from tests.conftest import login

from .conftest import HEAD, TEACHER, publish

ENDPOINT = "https://push.example.test/send/device-1"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.fixture
def device():
    """A browser's push keys: a P-256 key pair and a 16-byte auth secret."""
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return key, {"endpoint": ENDPOINT, "keys": {"p256dh": b64(public), "auth": b64(os.urandom(16))}}


@pytest.fixture
def push_service():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def subscribe(client, subscription) -> None:
    login(client, HEAD)
    assert client.post("/api/moderation/push/subscriptions", json=subscription).status_code == 201
    login(client, TEACHER)


def test_admins_get_an_encrypted_signed_notification_for_comments_waiting(sandbox_app, device, push_service):
    key, subscription = device
    push_service.add(responses.POST, ENDPOINT, status=201)
    subscribe(sandbox_app, subscription)
    post_id = publish(sandbox_app, "Sports relay heats")

    sandbox_app.post(f"/api/sandbox/posts/{post_id}/comments",
                     json={"author": "Troll", "text": "The head is a f***ing liar"})

    [call] = push_service.calls
    headers = call.request.headers
    assert headers["Content-Encoding"] == "aes128gcm" and int(headers["TTL"]) > 0
    login(sandbox_app, HEAD)
    vapid_key = sandbox_app.get("/api/moderation/push/key").json()["key"]
    assert headers["Authorization"].startswith("vapid t=") and f"k={vapid_key}" in headers["Authorization"]
    auth = base64.urlsafe_b64decode(subscription["keys"]["auth"] + "==")
    message = json.loads(http_ece.decrypt(call.request.body, private_key=key, auth_secret=auth))
    assert message["url"] == "/admin/moderation" and "1 hidden at once; 1 waiting" in message["body"]
    key_file = sandbox_app.app.state.settings.data_dir / "vapid_private.pem"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_ordinary_comments_do_not_notify_and_dead_subscriptions_are_removed(sandbox_app, device, push_service):
    _, subscription = device
    push_service.add(responses.POST, ENDPOINT, status=410)
    subscribe(sandbox_app, subscription)
    post_id = publish(sandbox_app, "Library books due back")
    sandbox_app.post(f"/api/sandbox/posts/{post_id}/comments", json={"author": "Mum", "text": "Thanks!"})
    assert len(push_service.calls) == 0  # nothing waiting: nobody is disturbed

    sandbox_app.post(f"/api/sandbox/posts/{post_id}/comments",
                     json={"author": "Spammer", "text": "Earn £500 a day from home, DM me at www.cash-now.xyz"})
    sandbox_app.post(f"/api/sandbox/posts/{post_id}/comments",
                     json={"author": "Spammer 2", "text": "Free crypto giveaway at www.coins-now.xyz, claim now"})

    assert len(push_service.calls) == 1  # the 410 removed the subscription, so the second comment sent nothing


def test_subscribing_needs_an_admin_and_a_real_subscription(sandbox_app, device):
    _, subscription = device
    assert sandbox_app.post("/api/moderation/push/subscriptions", json=subscription).status_code == 403
    login(sandbox_app, HEAD)
    bad = sandbox_app.post("/api/moderation/push/subscriptions", json={"endpoint": "http://insecure.example/x"})
    assert bad.status_code == 422 and "https" in bad.json()["detail"]
