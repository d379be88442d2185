"""The website's feed becomes drafts exactly once (also across a restart and an edited item), drafts are
judged, sent and discarded, an automatic feed sends clean items through the Sandbox, and hostile feeds are
explained on the page without breaking anything."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from sqlalchemy import select

from app.newsflash.models import NewsItem
from app.newsflash.service import _texts_by_channel
from tests.conftest import login
from tests.newsflash.conftest import newsflash_client
from tests.newsflash.feed_server import rss
from tests.posts.conftest import drain

ATOM_NS = "{http://www.w3.org/2005/Atom}"
TWO = [("n1", "Harvest festival", "<p>Thank you for the <b>food bank</b> donations.</p>"),
       ("n2", "Choir at the town hall", "Year 5 sang beautifully on Tuesday evening.")]


def add_feed(client, url: str, mode: str = "draft") -> dict:
    made = client.post("/api/admin/newsflash/feeds", json={"url": url, "mode": mode})
    assert made.status_code == 201, made.text
    return made.json()


def poll(client, feed_id: int) -> dict:
    polled = client.post(f"/api/admin/newsflash/feeds/{feed_id}/poll")
    assert polled.status_code == 200, polled.text
    return polled.json()


def test_each_item_becomes_one_draft_never_twice_also_after_a_restart_or_an_edit(tmp_path, clock, feeds):
    feeds.routes["/news.rss"] = (200, {"ETag": '"v1"', "Content-Type": "application/rss+xml"}, rss(TWO))
    with newsflash_client(tmp_path, clock) as client:
        login(client, "head@school.example")
        feed = add_feed(client, f"{feeds.url}/news.rss")
        assert poll(client, feed["id"])["new_items"] == 2
        items = client.get("/api/newsflash/items").json()
        assert {i["title"] for i in items} == {"Harvest festival", "Choir at the town hall"}
        harvest = next(i for i in items if i["title"] == "Harvest festival")
        assert harvest["status"] == "draft" and harvest["post_id"] is None
        assert harvest["text"].startswith("Harvest festival\n\nThank you for the food bank donations.")
        assert harvest["text"].endswith("https://school.example/news/n1")
        assert set(harvest) >= {"id", "feed", "title", "link", "status", "post_id", "findings"}
        assert poll(client, feed["id"])["new_items"] == 0
        assert feeds.not_modified == 1  # the second read was a conditional request answered 304
    edited = [("n1", "Harvest festival (updated)", "Now with photos."), TWO[1]]
    feeds.routes["/news.rss"] = (200, {"ETag": '"v2"'}, rss(edited))
    with newsflash_client(tmp_path, clock) as client:  # a restart: same database
        login(client, "head@school.example")
        assert poll(client, feed["id"])["new_items"] == 0
        assert len(client.get("/api/newsflash/items").json()) == 2


def test_a_poster_edits_sends_and_discards_drafts_and_the_post_is_published(tmp_path, clock, feeds):
    feeds.routes["/news.rss"] = (200, {}, rss(TWO))
    with newsflash_client(tmp_path, clock) as client:
        login(client, "head@school.example")
        poll(client, add_feed(client, f"{feeds.url}/news.rss")["id"])
        login(client, "teacher@school.example")
        items = {i["title"]: i for i in client.get("/api/newsflash/items").json()}
        harvest, choir = items["Harvest festival"], items["Choir at the town hall"]
        edited = client.patch(f"/api/newsflash/items/{harvest['id']}", json={"text": "Harvest: thank you all!"})
        assert edited.status_code == 200 and edited.json()["text"] == "Harvest: thank you all!"
        sent = client.post(f"/api/newsflash/items/{harvest['id']}/send", json={})
        assert sent.status_code == 200, sent.text
        assert sent.json()["status"] == "sent" and sent.json()["post_id"]
        again = client.post(f"/api/newsflash/items/{harvest['id']}/send", json={})
        assert again.status_code == 422 and "already sent" in again.json()["detail"]
        assert client.post(f"/api/newsflash/items/{choir['id']}/discard").json()["status"] == "discarded"
        drain(client)
        post = client.get(f"/api/posts/{sent.json()['post_id']}").json()
        assert post["status"] == "published" and post["text"] == "Harvest: thank you all!"
        assert post["author"] == "Mr Teacher"
        page = client.get("/news")
        assert page.status_code == 200 and "Nothing waiting" in page.text


def test_an_automatic_feed_sends_clean_items_and_holds_one_that_needs_a_person(tmp_path, clock, feeds):
    items = [("ok", "Sports day results", "Well played, everyone in Years 3 and 4."),
             ("bad", "What a shit week", "Sorry.")]
    feeds.routes["/auto.rss"] = (200, {}, rss(items))
    with newsflash_client(tmp_path, clock) as client:
        login(client, "head@school.example")
        poll(client, add_feed(client, f"{feeds.url}/auto.rss", mode="auto")["id"])
        found = {i["title"]: i for i in client.get("/api/newsflash/items").json()}
        assert found["Sports day results"]["status"] == "sent"
        held = found["What a shit week"]
        assert held["status"] == "draft" and any(f["severity"] == "block" for f in held["findings"])
        drain(client)
        atom = client.get("/feed.atom")
        assert atom.status_code == 200 and atom.headers["content-type"].startswith("application/atom+xml")
        root = ET.fromstring(atom.content)
        assert root.tag == f"{ATOM_NS}feed"
        for required in ("id", "title", "updated"):
            assert root.find(f"{ATOM_NS}{required}") is not None
        [entry] = root.findall(f"{ATOM_NS}entry")
        assert entry.find(f"{ATOM_NS}title").text == "Sports day results"
        assert entry.find(f"{ATOM_NS}id").text.startswith("urn:tripcast:post:")
        assert "Well played" in entry.find(f"{ATOM_NS}content").text
        public = client.get("/newsflash")
        assert "Sports day results" in public.text and "shit" not in public.text


def test_out_of_hours_an_automatic_item_waits_as_a_draft(tmp_path, clock, feeds):
    clock.moment = clock.moment.replace(hour=21)
    feeds.routes["/auto.rss"] = (200, {}, rss([("late", "Disco tonight", "Fun for all.")]))
    with newsflash_client(tmp_path, clock) as client:
        login(client, "head@school.example")
        poll(client, add_feed(client, f"{feeds.url}/auto.rss", mode="auto")["id"])
        [item] = client.get("/api/newsflash/items").json()
        assert item["status"] == "draft" and [f["rule"] for f in item["findings"]] == ["posting-hours"]


def test_hostile_and_broken_feeds_are_explained_and_break_nothing(tmp_path, clock, feeds):
    laughs = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
              + b"".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(9))
              + b']><rss version="2.0"><channel><title>&j;</title></channel></rss>')
    feeds.routes.update({
        "/broken": (200, {}, b"<rss><channel><item><title>unclosed"),
        "/page": (200, {"Content-Type": "text/html"}, b"<html><body>Our news page</body></html>"),
        "/huge": (200, {}, b"<rss>" + b" " * (3 * 1024 * 1024) + b"</rss>"),
        "/laughs": (200, {}, laughs),
        "/loop": (302, {"Location": "/loop"}, b""),
        "/many": (200, {}, rss([(f"i{n}", f"Item {n}", "x") for n in range(3000)])),
        "/script": (200, {}, rss([("s", "Hi<script>alert(1)</script>", "<script>steal()</script><b>Bold</b> news")])),
    })
    with newsflash_client(tmp_path, clock) as client:
        login(client, "head@school.example")
        errors = {}
        for path in ("/broken", "/page", "/huge", "/laughs", "/loop", "/missing"):
            result = poll(client, add_feed(client, f"{feeds.url}{path}")["id"])
            errors[path] = result["last_error"]
        assert "larger than 2 MB" in errors["/huge"]
        assert "redirected more than 3 times" in errors["/loop"]
        assert "answered 404" in errors["/missing"]
        assert "not an RSS or Atom feed" in errors["/page"] or "does not hold an RSS" in errors["/page"]
        assert errors["/laughs"]  # entity expansion is refused, not performed
        many = poll(client, add_feed(client, f"{feeds.url}/many")["id"])
        assert many["new_items"] == 50 and not many["last_error"]
        poll(client, add_feed(client, f"{feeds.url}/script")["id"])
        [scripted] = [i for i in client.get("/api/newsflash/items").json() if i["link"].endswith("/s")]
        assert "script" not in scripted["text"] and "alert" not in scripted["text"] and "steal" not in scripted["text"]
        assert scripted["text"].startswith("Hi\n\nBold news")
        page = client.get("/news")
        assert page.status_code == 200 and "larger than 2 MB" in page.text
        assert client.get("/healthz").status_code == 200


def test_private_and_local_addresses_are_refused_unless_allowed(tmp_path, clock, feeds):
    feeds.routes["/news.rss"] = (200, {}, rss(TWO))
    feeds.routes["/away"] = (302, {"Location": f"{feeds.url}/news.rss"}, b"")
    with newsflash_client(tmp_path, clock, newsflash_allow_private_addresses=False) as client:
        login(client, "head@school.example")
        refused = client.post("/api/admin/newsflash/feeds", json={"url": f"{feeds.url}/news.rss"})
        assert refused.status_code == 422 and "private or local address" in refused.json()["detail"]
        for url in ("http://169.254.169.254/latest/meta-data", "http://[::1]/feed", "file:///etc/passwd"):
            assert client.post("/api/admin/newsflash/feeds", json={"url": url}).status_code == 422
    assert feeds.requests == []  # nothing was ever fetched


def test_only_the_public_page_may_be_framed_and_only_by_listed_origins(tmp_path, clock):
    with newsflash_client(tmp_path, clock, newsflash_frame_origins="https://www.school.example") as client:
        public = client.get("/newsflash")
        assert "frame-ancestors https://www.school.example" in public.headers["content-security-policy"]
        assert "x-frame-options" not in public.headers
        login(client, "head@school.example")
        staff = client.get("/news")
        assert staff.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in staff.headers["content-security-policy"]
    with newsflash_client(tmp_path / "b", clock) as client:
        assert "frame-ancestors 'none'" in client.get("/newsflash").headers["content-security-policy"]


def test_leaving_the_link_out_on_x_makes_an_x_post_of_its_own():
    item = NewsItem(text="Choir tonight\n\nhttps://school.example/n2", link="https://school.example/n2",
                    include_link=False)
    assert _texts_by_channel(item, ["x", "facebook"]) == {
        "Choir tonight": ["x"], "Choir tonight\n\nhttps://school.example/n2": ["facebook"]}
    item.include_link = True
    assert _texts_by_channel(item, ["x", "facebook"]) == {item.text: ["x", "facebook"]}


def test_seeded_feeds_from_settings_and_drafts_survive_in_the_database(tmp_path, clock, feeds):
    feeds.routes["/news.rss"] = (200, {}, rss(TWO))
    with newsflash_client(tmp_path, clock, newsflash_feeds=f"{feeds.url}/news.rss, ") as client:
        login(client, "head@school.example")
        [feed] = client.get("/api/admin/newsflash/feeds").json()
        assert feed["url"] == f"{feeds.url}/news.rss" and feed["mode"] == "draft"
        poll(client, feed["id"])
        with client.app.state.db.session() as db:
            assert len(db.scalars(select(NewsItem)).all()) == 2
