"""Offensive language, UK-aware, with masked forms (f***, sh1t, b0ll0cks) and innocent phrases allowed.

Matching is per whole word, so Scunthorpe, Penistone, cocktail and Cockermouth never match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.policy.tokens import fold

# Whole words (lower case) that are offensive in a school's public post.
_WORD_LIST = tuple(
    """
    fuck fucks fucked fucker fuckers fucking fuckin effing fck fcking fuk fuking fukin fcuk fcuking
    phuck feck shit shits shitty shite shites shitting shitted shitter bullshit horseshit dipshit
    apeshit shithead shitheads crap crappy crapping bollocks bollock bollocking bloody bugger
    buggers buggered buggering sod sodding bastard bastards arse arses arsed arsehole arseholes
    asshole assholes arsewipe piss pissed pisses pissing pisshead twat twats wanker wankers wank
    wanking wanked tosser tossers prick pricks dick dicks dickhead dickheads knobhead knobheads
    knobend bellend bellends cock cocks cunt cunts cunting pussy pussies tit tits titties tosspot
    minge minger minging munter slag slags slut sluts slutty whore whores shag shagged shagging
    bitch bitches bitchy bitching damn damned dammit goddamn motherfucker motherfuckers fuckwit
    fuckwits retard retards retarded spaz spazzy spastic mong mongs nonce nonces paki pakis wog wogs
    gyppo pikey pikeys tranny trannies faggot faggots fag fags poof poofs poofter dyke dykes nigger
    niggers nigga niggas kike idiot idiots moron morons pillock pillocks
    """.split()
)
OFFENSIVE_WORDS = frozenset(_WORD_LIST)
# Any word containing one of these is offensive (motherfucking, clusterfuck).
OFFENSIVE_INFIXES = ("fuck", "fcuk")

# Phrases and places that contain an offensive-looking word but are innocent.
ALLOWED_PHRASES = (
    "Dick Whittington", "spotted dick", "Moby Dick", "Dick King-Smith", "Philip K Dick", "Dick Turpin",
    "blue tit", "blue tits", "great tit", "great tits", "coal tit", "coal tits", "long-tailed tit",
    "long-tailed tits", "marsh tit", "willow tit", "crested tit", "bearded tit", "tit for tat",
    "pussy willow", "pussy willows", "pussy-cat", "pussy cat", "puss in boots", "the owl and the pussycat",
    "cock-a-doodle-doo", "cock a doodle doo", "cock-a-hoop", "cock-a-leekie", "weather cock", "Offa's Dyke",
    "Devil's Dyke",
    "Bloody Mary", "slag heap", "slag heaps", "shag carpet", "damn busters", "Shitterton", "Twatt",
    "Wetwang", "bloody cranesbill",
)  # fmt: skip

# Leetspeak and symbol masking: each maps to the letters it may stand for.
_LEET = {"0": "o", "1": "il", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s", "!": "i",
         "+": "t", "€": "e", "£": "l"}  # fmt: skip
_MASK_CHARS = "*#%_"
# A word possibly disguised: letters, digits, leet symbols and mask characters, at least one letter.
_LOOSE_WORD = re.compile(r"(?<![\w@$*#])[\w@$!+*#%€£']*[^\W\d_][\w@$!+*#%€£']*")
_REPEATS = re.compile(r"(.)\1{2,}")


@dataclass(frozen=True)
class OffensiveHit:
    start: int
    end: int
    word: str  # what was typed
    meant: str  # the offensive word it stands for


def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    body = "|".join(
        r"[\s-]+".join(re.escape(word) for word in re.split(r"[\s-]+", phrase))
        for phrase in sorted(phrases, key=len, reverse=True)
    )
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


_ALLOWED = _phrase_pattern(ALLOWED_PHRASES)
# A dyke in the Fens is a drainage ditch or a bank: "Reeds, dykes and drains", "the dyke along the river".
_WATER = (r"(?:drains?|drainage|ditch(?:es)?|fens?|fenland|reeds|sluices?|embankments?|flood\w*|marsh(?:es)?|rivers?|"
          r"stone)")  # and a dry stone dyke (a wall, in Scotland)
WATER_DYKE = re.compile(
    rf"\b{_WATER}\b(?:\W+\w+){{0,3}}?\W+dykes?\b|\bdykes?\b(?:\W+\w+){{0,3}}?\W+{_WATER}\b", re.IGNORECASE)
_BY_LENGTH: dict[int, tuple[str, ...]] = {}
for _word in _WORD_LIST:  # list order, so f*** reads as the commonest word first
    _BY_LENGTH[len(_word)] = (*_BY_LENGTH.get(len(_word), ()), _word)


def _is_offensive(word: str) -> bool:
    return word in OFFENSIVE_WORDS or any(infix in word for infix in OFFENSIVE_INFIXES)


def _unleet(word: str) -> list[str]:
    """Every plain spelling a leet word may stand for (1 is i or l)."""
    spellings = [""]
    for char in word:
        options = _LEET.get(char, char)
        spellings = [s + o for s in spellings for o in options][:16]
    return spellings


def _masked_match(word: str) -> str | None:
    """f***, sh*t, b*ll*cks: mask characters stand for one letter each; the first letter must show."""
    if not word[:1].isalpha():
        return None
    pattern = re.compile("".join("[a-z]" if c in _MASK_CHARS else re.escape(c) for c in word))
    for candidate in _BY_LENGTH.get(len(word), ()):
        if pattern.fullmatch(candidate):
            return candidate
    return None


def meaning_of(raw: str) -> str | None:
    """The offensive word `raw` spells or disguises, or None."""
    word = raw.lower().strip("'")
    if not word:
        return None
    candidates = [word]
    squeezed = _REPEATS.sub(r"\1", word)  # fuuuuck -> fuck
    if squeezed != word:
        candidates += [squeezed, _REPEATS.sub(r"\1\1", word)]
    for candidate in candidates:
        if _is_offensive(candidate):
            return candidate
        if any(c in _LEET for c in candidate):
            for plain in _unleet(candidate):
                if _is_offensive(plain):
                    return plain
        if any(c in _MASK_CHARS for c in candidate):
            masked = _masked_match(candidate)
            if masked is not None:
                return masked
    return None


def find_offensive(text: str) -> list[OffensiveHit]:
    folded = fold(text)
    allowed = [m.span() for m in _ALLOWED.finditer(folded)] + [m.span() for m in WATER_DYKE.finditer(folded)]
    hits: list[OffensiveHit] = []
    for match in _LOOSE_WORD.finditer(folded):
        start, end = match.span()
        if any(s <= start and end <= e for s, e in allowed):
            continue
        meant = meaning_of(match.group())
        if meant is not None:
            hits.append(OffensiveHit(start, end, text[start:end], meant))
    return hits
