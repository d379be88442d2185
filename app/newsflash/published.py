"""What Tripcast has published, for the school website: an Atom feed and a small page it can frame.

Only text, time and links to the posts on X and Facebook: photos are deleted once shared, and a post that was
taken down (or never reached any channel) is not listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from xml.etree import ElementTree as ET

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.channels.models import CHANNEL_LABELS
from app.posts.models import PUBLISHED, Delivery, Post

ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class Published:
    post_id: str
    text: str
    published_at: datetime
    links: tuple[tuple[str, str], ...]  # (label, url)


def latest_published(db: Session, limit: int = 20) -> list[Published]:
    posts = db.scalars(
        select(Post).where(Post.cancelled_at.is_(None), Post.deliveries.any(Delivery.status == PUBLISHED))
        .order_by(Post.created_at.desc()).limit(limit * 2)
    ).all()
    found = []
    for post in posts:
        done = [d for d in post.deliveries if d.status == PUBLISHED and d.published_at]
        if not done:
            continue
        links = tuple((CHANNEL_LABELS.get(d.channel, d.channel), d.url) for d in done if d.url)
        found.append(Published(post.id, post.text, min(d.published_at for d in done), links))
    found.sort(key=lambda p: p.published_at, reverse=True)
    return found[:limit]


def atom_feed(items: list[Published], *, school: str, base_url: str, updated: datetime) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = f"{school}: news"
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"{base_url}/feed.atom"
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = (items[0].published_at if items else updated).isoformat()
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=f"{base_url}/feed.atom")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=f"{base_url}/newsflash")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = school
    for item in items:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        first_line = item.text.strip().splitlines()[0] if item.text.strip() else "Photo post"
        ET.SubElement(entry, f"{{{ATOM}}}title").text = first_line[:120]
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"urn:tripcast:post:{item.post_id}"
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = item.published_at.isoformat()
        ET.SubElement(entry, f"{{{ATOM}}}published").text = item.published_at.isoformat()
        ET.SubElement(entry, f"{{{ATOM}}}content", type="text").text = item.text
        for label, url in item.links:
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=url, title=label)
        if not item.links:
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=f"{base_url}/newsflash#post-{item.post_id}")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
