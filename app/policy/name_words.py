"""Word lists the name rules share: titles, group and place words, the UK first-name list, everyday words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from importlib.resources import files

from app.policy.tokens import fold

TITLES = frozenset(
    """mr mrs miss ms mx dr coach sir madam rev revd reverend pastor rabbi imam canon prof professor mister pc father fr
    deacon bishop chaplain sergeant sgt corporal cpl lieutenant lt colonel brigadier""".split()
)
# Titles that are also ordinary words: "the coach home", "miss the bus" are not staff names.
LOWER_TITLES = frozenset("coach miss sir".split())
# "Class Willow", "Team Phoenix", "House Rose": the word after these names a group, not a child.
GROUP_WORDS = frozenset("class year team house group form set".split())
# "Willow Class", "Chester Zoo", "Lake Windermere": a place or a group, not a child.
PLACE_AFTER = frozenset(
    """class group house team zoo museum castle park road street lane hall abbey farm centre center beach bay
    cathedral church chapel school primary academy college fc united city rovers town gardens garden wood
    woods forest hill island bridge station theatre library tower palace manor court pier stadium
    arena cove harbour quay sands falls gorge moor marina fell pike beck tarn crag dale ghyll gill scar lido
    inn firth lough glen ness estuary hotel priory minster wharf square reservoir valley canal docks aquarium airport
    observatory planetarium velodrome cinema hospital barracks highlanders wanderers albion spartans athletic
    mosque temple gurdwara synagogue mandir guildhall""".split()
)
PLACE_BEFORE = frozenset("lake mount river loch port fort st saint cape isle lord lady storm hurricane hms".split())
# A name only in the UK list right after these is a place: "the Great Fire of London", "a trip to Ely".
PLACE_WORDS_BEFORE = frozenset("of to in at from into near via about visiting visited".split())
# Months and seasons that are also names: "3rd May", "in June", "Summer term".
# "Hope you all...", "Will you join us", "May we remind", "Mark your diaries": a verb, not a name.
VERB_NAMES = frozenset("hope will may mark bill rose drew grant chase miles don".split())
VERB_NEXT = frozenset(
    """you everyone all we they to the your our this that it he she be not have see need find bring come enjoy
    join everybody""".split()
)
# Well-known characters, people and things whose names are also children's names: never a pupil.
BUILT_IN_PHRASES = (
    "union jack", "rain stopped play", "deja vu", "christmas eve", "new year's eve", "dolly mixtures",
    "morris dancing", "morris dancers", "morris men", "morris minor", "morris minors", "river dipping",
    "penny for the guy", "penny farthing", "newton's cradle", "joy all round", "mason bee", "mason bees",
    "darwin's finches", "phoenix from the ashes", "rising from the ashes", "jack and the beanstalk", "jack frost",
    "jack-o'-lantern", "jack in the box", "robin hood",
    "peter pan", "peter rabbit", "little red riding hood", "goldilocks and the three bears", "grace darling",
    "florence nightingale", "harry potter", "paddington bear", "winnie the pooh", "alice in wonderland",
    "matilda the musical", "james and the giant peach", "charlie and the chocolate factory", "king arthur",
    "queen victoria", "king charles", "queen elizabeth", "mary seacole", "bloody mary", "st george",
    "mason jar", "mason jars", "patience is a virtue", "elizabeth line", "breakfast at tiffany's", "tiffany blue",
    "noah's ark", "noah and the", "jonah and the whale", "david and goliath", "daniel in the lions", "adam and eve",
    "joseph and his", "moses in the", "lennon and mccartney", "faith, hope and love", "faith, hope and charity",
    "bob for apples", "bobbing for apples", "star baker", "star bakers", "victoria sponge", "victoria sponges",
    "joy to the world", "amazing grace", "marks & spencer", "marks and spencer", "kendal mint cake",
    "campbell's soup", "erin go bragh", "said grace", "say grace", "saying grace", "says grace", "hope and glory",
    "mary and joseph", "legend has it", "sky's the limit", "the sky's the limit", "romeo and juliet", "hey jude",
    "where's wally", "penny for your thoughts", "gavin & stacey", "gavin and stacey",
    # Nativity, knitwear, moons and songs (added after reading batch 14, as general phrases, not its captions):
    "baby jesus", "angel gabriel", "jesus christ", "christ the redeemer", "gloria in excelsis", "big ben",
    "hunter's moon", "harvest moon", "harris tweed", "fair isle", "tam o' shanter", "going on a bear hunt",
    "lucy in the sky", "grace before",
)
# Everyday senses missing from SCOWL size 35 that school news uses ("rowan berries", "matt paint", "a bobby").
MORE_EVERYDAY = frozenset("rowan rowans clementine clementines matt bobby teddy teddies jasper".split())


@cache
def uk_first_names() -> frozenset[str]:
    """Lower-case, accent-folded names from the shipped UK list (ONS/NRS/NISRA via ukbabynames)."""
    text = files("app.policy").joinpath("data/uk_first_names.txt").read_text(encoding="utf-8")
    return frozenset(fold(line).lower() for line in text.split() if len(line) > 1)


# Words school news uses as ordinary words although the UK list has them as names.
SCHOOL_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday roman romans tudor tudors viking vikings saxon
    saxons norman normans victorian victorians celt celts egyptian egyptians greek greeks easter christmas
    diwali eid""".split()
)


@cache
def everyday_words() -> frozenset[str]:
    """Lower-case English words (SCOWL): names that are also these are judged by context."""
    text = files("app.policy").joinpath("data/everyday_words.txt").read_text(encoding="utf-8")
    return frozenset(text.split()) | SCHOOL_WORDS | MORE_EVERYDAY


@cache
def famous_names() -> tuple[str, ...]:
    """Well-known full names that are never a pupil (data/famous_names.txt says where they come from)."""
    text = files("app.policy").joinpath("data/famous_names.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def place_names() -> frozenset[str]:
    text = files("app.policy").joinpath("data/place_names.txt").read_text(encoding="utf-8")
    return frozenset(
        word.lower() for line in text.splitlines() if not line.startswith("#") for word in line.split()
    )


@cache
def known_places() -> frozenset[str]:
    """The hand-kept places plus GeoNames' (towns and villages of Britain and Ireland, big cities anywhere): read
    as a place only where the words around say so ("a trip to Wylam", "Keighley, Bingley and Ilkley")."""
    text = files("app.policy").joinpath("data/places_geonames.txt").read_text(encoding="utf-8")
    return place_names() | frozenset(fold(line).lower() for line in text.splitlines() if line and line[0] != "#")


def name_keys(name: str) -> set[str]:
    """ "Smith-Jones" -> {"smith-jones", "smith", "jones"}; particles like "de" and "van" are left out."""
    keys: set[str] = set()
    for word in fold(name).replace("’", "'").split():
        if word[:1].isupper() or len(word) > 3:
            keys.add(word.lower())
        for part in word.split("-"):
            if len(part) > 1 and (part[:1].isupper() or len(part) > 3):
                keys.add(part.lower())
    return keys


def phrase_pattern(phrases: Sequence[str]) -> re.Pattern[str] | None:
    cleaned = sorted({fold(p).strip().replace("’", "'") for p in phrases if p.strip()}, key=len, reverse=True)
    if not cleaned:
        return None
    body = "|".join(r"\s+".join(re.escape(word) for word in phrase.split()) for phrase in cleaned)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


def not_pupils(phrases: Sequence[str], first: dict[str, set[int]], surname: dict[str, set[int]]) -> list[str]:
    """The famous names that are not also a roster pupil's first name and surname."""
    kept = []
    for phrase in phrases:
        words = fold(phrase).lower().split()
        if not (first.get(words[0], set()) & surname.get(words[-1], set())):
            kept.append(phrase)
    return kept
