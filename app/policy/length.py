"""Post length as X counts it (twitter-text v3: URLs 23, emoji and CJK 2), and URL spans."""

from __future__ import annotations

from twitter_text import extract_urls_with_indices, parse_tweet

X_MAX_WEIGHTED_LENGTH = 280
FACEBOOK_MAX_CHARACTERS = 63_206


def x_weighted_length(text: str) -> int:
    """The weighted length X uses to decide whether a post fits in 280."""
    return parse_tweet(text).weightedLength


def x_fits_up_to(text: str) -> int:
    """The offset just past the last character that still fits on X."""
    low, high = 0, len(text)
    while low < high:  # largest prefix that fits; the library's own range is not in Python indices
        middle = (low + high + 1) // 2
        if parse_tweet(text[:middle]).weightedLength <= X_MAX_WEIGHTED_LENGTH:
            low = middle
        else:
            high = middle - 1
    return low


def url_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) offsets of the URLs X would link (with or without http://)."""
    return [tuple(item["indices"]) for item in extract_urls_with_indices(text)]
