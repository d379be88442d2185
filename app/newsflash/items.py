"""Reading a feed's entries (feedparser) and turning one into the text of a post.

HTML in titles and summaries becomes plain text with nh3 (the Rust `ammonia` sanitiser: scripts and styles are
dropped with their content, every other tag is removed and its text kept), then entities are decoded once.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime

import feedparser
import nh3

from app.policy.length import X_MAX_WEIGHTED_LENGTH, x_weighted_length

MAX_ENTRIES = 50  # the newest; a feed of 50,000 items costs no more than one of 50
TITLE_MAX = 300
SUMMARY_MAX = 2000


class FeedParseError(Exception):
    """The feed could not be read as RSS or Atom."""


@dataclass(frozen=True)
class Entry:
    guid: str
    title: str
    link: str
    summary: str
    published_at: datetime | None


def plain_text(markup: str, limit: int) -> str:
    text = html.unescape(nh3.clean(markup or "", tags=set(), clean_content_tags={"script", "style"}))
    return " ".join(text.split())[:limit]


def _when(entry) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    try:
        return datetime(*parsed[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def _safe_link(link: str) -> str:
    link = (link or "").strip()
    return link[:2000] if re.match(r"https?://", link, re.I) else ""


def parse_feed(body: bytes) -> tuple[str, list[Entry]]:
    """The feed's title and its newest entries. Raises FeedParseError for anything that is not a feed."""
    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    if parsed.get("bozo") and not parsed.entries:
        reason = type(parsed.get("bozo_exception")).__name__ if parsed.get("bozo_exception") else "unreadable"
        raise FeedParseError(f"This is not an RSS or Atom feed Tripcast can read ({reason}). "
                             "Check the address points at the website's news feed, not a web page.")
    if not parsed.get("version") and not parsed.entries:
        raise FeedParseError("This address does not hold an RSS or Atom feed. Check it points at the news feed.")
    entries = []
    for raw in parsed.entries:
        link = _safe_link(raw.get("link", ""))
        title = plain_text(raw.get("title", ""), TITLE_MAX)
        summary = plain_text(raw.get("summary", "") or raw.get("description", ""), SUMMARY_MAX)
        identity = (raw.get("id") or link or f"{title}\n{summary}").strip()
        if not identity:
            continue
        guid = hashlib.sha256(identity.encode("utf-8", "replace")).hexdigest()
        entries.append(Entry(guid, title, link, summary, _when(raw)))
    entries.sort(key=lambda e: e.published_at or datetime.max.replace(tzinfo=UTC), reverse=True)
    return plain_text(parsed.feed.get("title", ""), TITLE_MAX), entries[:MAX_ENTRIES]


def compose(title: str, summary: str, link: str) -> str:
    """Title, then as much of the summary as fits X's weighted count alongside the link, then the link."""
    head = title.strip()
    tail = f"\n\n{link}" if link else ""
    text = head + tail
    if summary and summary != head:
        words = summary.split()
        for count in range(len(words), 0, -1):
            body = " ".join(words[:count]) + ("" if count == len(words) else "…")
            candidate = f"{head}\n\n{body}{tail}" if head else f"{body}{tail}"
            if x_weighted_length(candidate) <= X_MAX_WEIGHTED_LENGTH:
                return candidate
    while head and x_weighted_length(text) > X_MAX_WEIGHTED_LENGTH:  # a very long title alone
        head = head[: max(1, len(head) - 10)].rstrip() + "…"
        text = head + tail
    return text


def without_link(text: str, link: str) -> str:
    return "\n".join(line for line in text.replace(link, "").splitlines()).strip() if link else text
