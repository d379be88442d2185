from __future__ import annotations

import json
import threading

import pytest

from app.channels.base import OutcomeKind, OutgoingPost
from app.channels.sandbox import SandboxChannel

from .conftest import make_post


@pytest.fixture
def sandbox(tmp_path) -> SandboxChannel:
    return SandboxChannel(tmp_path / "sandbox")


def test_publishes_the_exact_bytes_and_lists_the_post(sandbox, spy):
    post = make_post(3)

    outcome = sandbox.publish(post, spy)

    assert outcome.kind is OutcomeKind.PUBLISHED and outcome.url and outcome.remote_id
    assert spy.calls == 1
    [listed] = sandbox.list_posts()
    assert listed["post_id"] == post.post_id and listed["text"] == post.text
    assert listed["alt_texts"] == [photo.alt_text for photo in post.photos]
    assert [sandbox.media_path(name).read_bytes() for name in listed["media"]] == [
        p.data for p in post.photos
    ]
    assert listed["published_at"]


def test_text_only_post(sandbox):
    assert sandbox.publish(make_post(0)).kind is OutcomeKind.PUBLISHED
    assert sandbox.list_posts()[0]["media"] == []


def test_publishing_the_same_post_twice_keeps_one_record(sandbox, spy):
    post = make_post(1)
    first = sandbox.publish(post, spy)
    listed = sandbox.list_posts()

    again = sandbox.publish(post, spy)

    assert again == first
    assert sandbox.list_posts() == listed
    assert spy.calls == 1
    assert len(list(sandbox.posts_dir.glob("*.json"))) == 1


def test_concurrent_publishes_of_one_post_keep_one_record(sandbox):
    post = make_post(2)
    outcomes = []
    threads = [threading.Thread(target=lambda: outcomes.append(sandbox.publish(post))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len({outcome.remote_id for outcome in outcomes}) == 1
    assert len(sandbox.list_posts()) == 1


def test_newest_first(sandbox):
    for number in range(3):
        sandbox.publish(make_post(0, text=f"post {number}"))

    assert [p["text"] for p in sandbox.list_posts()] == ["post 2", "post 1", "post 0"]


def test_odd_post_ids_still_get_safe_file_names(sandbox):
    base = make_post(1)
    post = OutgoingPost("../../etc/passwd", base.text, base.photos, base.first_attempt_at)

    outcome = sandbox.publish(post)

    assert outcome.kind is OutcomeKind.PUBLISHED
    files = [path for path in sandbox.root.parent.rglob("*") if path.is_file()]
    assert {path.parent for path in files} == {sandbox.media_dir, sandbox.posts_dir}
    assert not any("passwd" in path.name for path in files)
    assert sandbox.list_posts()[0]["post_id"] == "../../etc/passwd"
    assert sandbox.media_path(sandbox.list_posts()[0]["media"][0]) is not None


@pytest.mark.parametrize(
    "name",
    [
        "../posts/x.json",
        "..%2Fsecret.jpg",
        "/etc/passwd",
        "a/../../b.jpg",
        "..",
        "",
        "photo.jpg\x00.png",
        "post-1-1.exe",
        "nonexistent.jpg",
    ],
)
def test_media_path_refuses_anything_but_a_media_file(sandbox, name, tmp_path):
    sandbox.publish(make_post(1))
    (tmp_path / "sandbox" / "secret.jpg").write_bytes(b"not for the web")

    assert sandbox.media_path(name) is None


def test_media_path_refuses_a_symlink_out_of_the_folder(sandbox, tmp_path):
    sandbox.publish(make_post(1))
    (tmp_path / "outside.jpg").write_bytes(b"private")
    (sandbox.media_dir / "link.jpg").symlink_to(tmp_path / "outside.jpg")

    assert sandbox.media_path("link.jpg") is None


def test_find_published(sandbox):
    post = make_post(1)
    assert sandbox.find_published(post) is None

    outcome = sandbox.publish(post)

    assert sandbox.find_published(post) == outcome


def test_no_temporary_files_are_left_behind(sandbox):
    sandbox.publish(make_post(4))

    assert not [p for p in sandbox.root.rglob(".tmp-*")]
    record = json.loads(next(sandbox.posts_dir.glob("*.json")).read_text())
    assert len(record["media"]) == 4


def test_check_connection(sandbox):
    assert sandbox.check_connection().ok
