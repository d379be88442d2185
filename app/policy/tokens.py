"""Words in a caption with their offsets, folded so O’Neill, O'Neill and Siobhán/Siobhan compare equal."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_APOSTROPHES = "’‘ʼ`´′"
_HYPHENS = "‐‑"
# A word: letters, with inner apostrophes or hyphens (O'Neill, Smith-Jones).
WORD_RE = re.compile(r"[^\W\d_]+(?:['\-][^\W\d_]+)*")
_SENTENCE_BREAK = re.compile(r"[.!?:;…\n\"“”()\[\]|•/]")


class _FoldTable(dict):
    """str.translate table mapping each character to one plain character (keeps offsets)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char in _APOSTROPHES:
            folded = "'"
        elif char in _HYPHENS:
            folded = "-"
        else:
            base = unicodedata.normalize("NFKD", char)[:1]
            folded = base if base.isalpha() and base.isascii() else char
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Same length as text: accents dropped (Siobhán -> Siobhan), curly apostrophes made straight."""
    return text if text.isascii() else text.translate(_FOLD)


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int  # excludes a possessive 's
    text: str  # as typed (without possessive)
    key: str  # folded, lower case
    capitalised: bool
    sentence_start: bool  # first word, or after . ! ? : an emoji or a line break
    gap_before: str  # the characters between the previous word and this one

    @property
    def all_caps(self) -> bool:
        return len(self.text) > 1 and self.text.isupper()


def _starts_sentence(gap: str, first: bool) -> bool:
    if first or _SENTENCE_BREAK.search(gap):
        return True
    return any(unicodedata.category(ch) in ("So", "Sk", "Cs") for ch in gap)


def tokenize(text: str) -> list[Token]:
    folded = fold(text)
    tokens: list[Token] = []
    previous_end = 0
    for match in WORD_RE.finditer(folded):
        start, end = match.span()
        word = match.group()
        if word.endswith(("'s", "'S")) and len(word) > 2:
            end -= 2
            word = word[:-2]
        gap = folded[previous_end:start]
        tokens.append(
            Token(
                start=start,
                end=end,
                text=text[start:end],
                key=word.lower(),
                capitalised=word[:1].isupper(),
                sentence_start=_starts_sentence(gap, not tokens),
                gap_before=gap,
            )
        )
        previous_end = match.end()
    return tokens


def possessive_before(token: Token, following: Token) -> bool:
    """True when `token` was written with a possessive 's that the tokenizer dropped ("St David's Day")."""
    return following.start - token.end - len(following.gap_before) == 2


def joined_by_space(gap: str) -> bool:
    """True when two words are separated only by spaces (same phrase, e.g. a full name)."""
    return bool(gap) and gap.strip(" \t\u00a0") == ""
