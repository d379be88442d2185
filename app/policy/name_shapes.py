"""Shapes of a caption around a name that read_role (name_context) looks for: the same word elsewhere, lists of
places, animals, houses or children doing something, titles, roles, plants, quotes and shops.

Small predicates and the cue patterns they use, kept apart so that read_role reads as one list of decisions.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from app.policy.name_cues import (
    ANIMALS_AFTER,
    CHILD_AFTER,
    DETERMINERS,
    FUNCTION_WORDS,
    ING_NOUNS,
    PERSON_ING,
    PLACE_NOUNS,
    PLACE_PREPOSITIONS,
    VERB_BASES,
    VERBS,
)
from app.policy.name_neighbours import is_verb, whole_list
from app.policy.name_words import everyday_words
from app.policy.name_words import known_places as place_names
from app.policy.tokens import Token, fold, joined_by_space

ROLE_WAS = re.compile(
    r"\b(?:driver|guide|instructor|ranger|leader|visitor|speaker|author|coach|host|helper)\s+(?:today\s+|this\s+"
    r"(?:morning|afternoon|week)\s+)?(?:is|was|will\s+be)\s+$", re.IGNORECASE)
WORK_OF = frozenset(
    """production productions performance performances version story tale musical play film gospel gospels book
    epistle letters psalms acts parable""".split()
)
# Plants that are also names, and what plants do: "Ivy is growing up the wall", "Heather covered the hillside".
PLANTS = frozenset(
    """ivy holly heather rose daisy poppy willow hazel fern moss primrose lily iris violet jasmine bramble clover
    rowan olive basil sage bluebell myrtle lavender marigold blossom hawthorn heath acacia""".split()
)
PLANT_DOING = re.compile(
    r"\s+(?:(?:is|was|has|had|were|are)\s+(?:been\s+)?)?(?:grow(?:s|ing|n)?|grew|creep(?:s|ing)?|crept|cover(?:s|ed|ing)|"
    r"flower(?:s|ed|ing)|bloom(?:s|ed|ing)?|blossom(?:s|ed|ing)|taking\s+over|took\s+over|spread(?:s|ing)?|"
    r"sprout(?:s|ed|ing)|wilt(?:s|ed|ing)|in\s+(?:full\s+)?(?:bloom|flower))\b(?!\s+(?:in\s+confidence|up\s+so))",
    re.IGNORECASE)
# "team leader Georgia" may be a child; "our Forest School leader Willow" is an adult.
CHILD_LEADERS = frozenset("team line house table class".split())
# "A painting by Ruby": a child's work.
MADE_THINGS = frozenset(
    """painting paintings drawing drawings picture pictures photo photos photograph poem poems story stories
    model models artwork sculpture collage poster design writing letter card""".split()
)
ARTICLE_NEXT = re.compile(r"\s+(?:a|an|the|his|her|their)\s", re.IGNORECASE)  # "Sandy building a sandcastle"
MEANS = re.compile(r"\s+(?:means|meant|is\s+(?:the\s+)?(?:\w+\s+)?word\s+for|is\s+(?:the|an?)\s+(?:[A-Z]\w+\s+)?"
                   r"(?:word|letter)(?=\s+(?:for|of|we|that|which|meaning)\b|\s*[.,!:;—–-]|$))", re.IGNORECASE)
REPEATED = re.compile(r"(?:,|\s+and)\s*(?P<word>[^\W\d_]+)\b")  # "Rain, rain", "Miles and miles"
APPOSITIVE_THING = re.compile(
    r"\s*,\s*(?:the|our|a|an)\s+(?:[\w'’-]+\s+){0,3}?(?:charity|company|shop|store|brand|band|club|team|ship|hotel|"
    r"pub|restaurant|café|cafe|museum|school|farm|ferry|boat|train|engine|car|game|app|film|book|song|show|capital|"
    r"planet|moon|constellation|goddess|god|titan|city|town|village|island|(?<=the\s)(?:[\w'’-]+\s+)?star(?!\s+of\b))\b"
    r"(?!\s+(?:council|captain|chair|rep|representative|reporter|ambassador|prefect|champion|team|choir))"
    r"(?!\s+(?:needs|need|is|are|was|were|will|has|have|wants|misses|miss|says|sends|sent)\b)", re.I)  # a clause
TITLE_BANG = re.compile(  # (but "Proud of you Leo! Such a brave performance")
    r"!(?!\s*(?:such|what)\b)\s*[-–—:]?\s*[^.!?\n]{0,40}\b(?:production|musical|show|play|rehearsals?|performance)\b",
    re.I)
# "Year 6 loved seeing Oliver! at the theatre": a title with "!" and the sentence going on.
TITLE_GOES_ON = re.compile(r"!\s+(?:at|in|on|with|by|from|for|last|this|tonight|today)\b")
SUBTITLE = re.compile(r":\s+(?:[A-Z][\w'’-]*\s+){2,}[A-Z][\w'’-]*")  # "Marley: A Dog Like No Other"
PLAYING = frozenset("playing played plays".split())  # "the actor playing Simba": a part, not a child
GROUPS_AFTER = re.compile(r"\s+(?:houses|teams|classes|groups|books|stories|films|songs|series)\b", re.I)
NUMBER_AFTER = re.compile(r"\s+\d")
# "Apollo 11", "Austin 7" (but "Pearl 2nd", "Ruby 6B", "Leo 5.30", "pele 5 goals")
MODEL_NUMBER = re.compile(r"\s+\d+(?![\w:./])(?!\s+(?:goals?|points?|runs?|wickets?|laps?|[a-z]+s)\b)")
YEAR_AFTER = re.compile(r"\s+(?:19|20)\d\d\b")  # "Paris 2024", "Euro 2028": an event
# "simba (lion)": a word glossed in brackets (but "Ruby (left)", "Leo (pictured)" are children in a photo).
GLOSS_AFTER = re.compile(
    r"\s*\((?!\s*(?:left|right|middle|centre|center|front|back|pictured|above|below|top|bottom|aged?|year|yr|y\d|"
    r"class|reception)\b)\s*[a-z][a-z' -]{0,30}\)")
# Gods and heroes of myths that schools teach: a name listed with them is one of them.
# Gods whose names are popular first names, so not in MYTHS (where "Freya" alone would read as the goddess), but
# still gods in a list of them: "Odin, Thor and Freya".
POPULAR_GODS = frozenset("freya freyja".split())
MYTHS = frozenset(
    """odin thor loki frigg frigga idun heimdall njord baldur tyr zeus hera athena apollo poseidon hermes ares artemis
    aphrodite hades
    persephone demeter dionysus hercules heracles perseus medusa theseus achilles odysseus jupiter juno mars
    venus neptune mercury minerva osiris isis ra anubis horus set atlas penelope medea castor pollux pandora icarus
    daedalus ariadne prometheus krishna arjun arjuna rama sita hanuman ganesh ganesha shiva vishnu lakshmi durga
    kali parvati brahma ravana radha oisin niamh fionn finn cuchulainn oonagh lir deirdre""".split()
)
MYTH_WORDS = re.compile(
    r"\b(?:gods?|goddess(?:es)?|myths?|mythology|norse|legends?|ramayana|mahabharata|gita|janmashtami|navratri|"
    r"dussehra|epic|sagas?|fianna|t[ií]r\s+na\s+n[oó]g)\b", re.IGNORECASE)


# Planets and the brightest stars and constellations, in a caption about the night sky or space.
SKY = frozenset("""apollo mercury venus mars jupiter saturn uranus neptune pluto sirius vega polaris betelgeuse rigel
    orion andromeda cassiopeia pegasus lyra""".split())
SKY_WORDS = re.compile(r"\b(?:telescopes?|planets?|moons|space|nasa|spacecraft|orbits?|solar\s+system|stargazing|"
                       r"night\s+sky|stars|brightest\s+star|constellations?|astronauts?|rockets?|probe)\b", re.I)
WITH_HIS_HER = re.compile(r"\s+with\s+(?:her|his|their)\b", re.I)  # "Here's Ariadne with her comic strip"
# "Jupiter's planet mobile": something a child made.
MADE_AFTER = re.compile(r"\s+(?:[\w-]+\s+)?(?:model|mobile|poster|drawing|painting|picture|project|display|collage|"
                        r"sculpture|story|poem|leaflet|rocket)s?\b", re.I)
# A pupil cast as a god ("Athena played Athena", "Apollo was Zeus!"), or spoken to ("Persephone - ... your").
PLAYED_A_PART = re.compile(r"\s+(?:played|plays|was|as)\s+(?:the\s+)?[A-Z][\w-]*(?!['’]s)\b(?!\s+[A-Z])")
SPOKEN_TO = re.compile(r"\s*[-–—,:!]\s*[^.!?\n]*\byour?\b", re.I)


def myth_here(text: str, tokens: tuple[Token, ...], position: int, is_pupil) -> bool:
    """A god or hero of the myths schools teach, when the caption is about myths ("the Norse god Thor's hammer")
    or it is listed with one who is not a pupil ("Odin, Thor and Loki"); "Odin and Thor measuring the icicles",
    two pupils, are children."""
    members = [*whole_list(tokens, position), tokens[position]]
    if not any(m.key in MYTHS | SKY for m in members) or names_list_doing(text, tokens, position):
        return False  # (but "Castor and Orion looking at Castor and Pollux": children doing something)
    first = tokens.index(min(members, key=lambda m: m.start))
    introduced = first > 0 and tokens[first - 1].key in ("god", "gods", "goddess", "goddesses")  # "the gods Odin, ..."
    if len(members) > 1 and not introduced and any(m.key not in MYTHS | POPULAR_GODS and is_pupil(m) for m in members):
        return False  # "Thor, Odin, Freya and Astrid - our four Viking 'gods'": Astrid is no god, so pupils
    following = tokens[position + 1] if position + 1 < len(tokens) else None
    if following is not None and joined_by_space(following.gap_before) and following.key.endswith("ing") and (
        following.key not in ING_NOUNS
    ):
        return False  # "Finn reading the legend of Finn McCool to the P2s"
    if PLAYED_A_PART.match(text, tokens[position].end) or WITH_HIS_HER.match(text, tokens[position].end) or (
        tokens[position].sentence_start and SPOKEN_TO.match(text, tokens[position].end)
    ):
        return False  # "Athena played Athena in our Greek myths play", "Persephone - fantastic effort on your..."
    token = tokens[position]
    made = text[token.end:token.end + 2] in ("'s", "’s") and MADE_AFTER.match(text, token.end + 2)
    acts = (following is not None and joined_by_space(following.gap_before) and is_verb(following) and (
        following.key not in ("is", "was", "are", "has", "had"))) or CHILD_AFTER.match(text, token.end)
    addressed = token.sentence_start and re.match(r"\s*,\s*(?!(?:the|a|an)\b)", text[token.end:], re.I)
    if any(m.key in SKY for m in members) and SKY_WORDS.search(text) and not (made or acts or addressed):
        return True  # "Stargazing night: Jupiter and four of its moons" (but "Orion found the constellation Orion")
    if token.key in MYTHS and any(t.capitalised and t.key in MYTHS and t.key != token.key and not is_pupil(t)
                                  for t in tokens):
        return True  # "Hanuman leapt across the sea to Lanka to find Sita": another god of the story is named
    return bool(MYTH_WORDS.search(text)) or any(m.key in MYTHS and not is_pupil(m) for m in members)


QUOTED_BEFORE = re.compile(r"[\"”’]\s*[-–—,]\s*$")
# "Frankie & Benny's", "Harvey & Sons Builders": a shop or a firm.
BRAND_PAIR = re.compile(r"\s*&\s*[A-Z][\w-]*(?:'s|’s)|\s*(?:&|and)\s+(?:Co|Sons|Daughters|Partners)\b")
PAIR_BEFORE = re.compile(r"\b[A-Z][\w-]*\s*&\s*$")


def also_a_word_here(tokens: tuple[Token, ...], position: int, near_following: bool, near_previous: bool) -> bool:
    """The same word elsewhere in the caption as a word (lower case) or inside a longer name (Angel of the North,
    Preston station) is the thing; this one, followed by a verb, a small word or nothing (not "Holly wreaths and
    holly berries"), is then someone's name."""
    token = tokens[position]
    if not token.capitalised or token.all_caps:
        return False
    forms = {token.key, token.key + "s", token.key + "es", token.key[:-1] + "ies" if token.key.endswith("y") else ""}
    others = [at for at, other in enumerate(tokens) if other.key in forms and at != position]
    if not any(not tokens[at].capitalised or in_longer_name(tokens, at) for at in others):
        return False
    if near_previous and tokens[position - 1].key in DETERMINERS:
        return False
    if near_previous and tokens[position - 1].capitalised and not tokens[position - 1].sentence_start:
        return False  # "Coral reef collage ... the Great Barrier Reef": this one ends a longer name
    if near_previous and tokens[position - 1].key in PLACE_PREPOSITIONS and token.key in place_names():
        return False  # "arrived safely in Jersey! First stop: Jersey Zoo"
    if near_previous and tokens[position - 1].key == "of" and position > 1 and tokens[position - 2].key in PLACE_NOUNS:
        return False  # "Florence Nightingale was named after the city of Florence"
    following = tokens[position + 1] if position + 1 < len(tokens) else None
    if following is None or not near_following:
        return True
    return not following.capitalised and (
        following.key in FUNCTION_WORDS | PLACE_PREPOSITIONS | BESIDE
        or (following.key.endswith("ing") and (  # "Ivy painting ivy leaves" (not "Willow weaving at forest school")
            following.key not in ING_NOUNS or object_next(tokens, position + 1, token.key)))
        or is_verb(following)
    )


BESIDE = frozenset("among amongst amid beside under up down by near behind".split())


def in_longer_name(tokens: tuple[Token, ...], at: int) -> bool:
    following = tokens[at + 1] if at + 1 < len(tokens) else None
    return following is not None and joined_by_space(following.gap_before) and (
        following.key == "of" or (following.capitalised and not following.sentence_start)
        or following.key in ("station", "zoo", "castle", "park", "street", "road", "museum", "cathedral")
    )


def noun_modifier(tokens: tuple[Token, ...], position: int) -> bool:
    """A lower-case everyday noun straight after a name ("Kuba cloth patterns", "Jasmine tea tasting"): not a verb
    form, a small word or a verb with its object ("Matilda beat her best", "Ruby must try"), so the name describes
    it."""
    following = tokens[position + 1]
    key = following.key
    shouted = tokens[position].all_caps and following.all_caps  # "MAX TEMPERATURE TODAY 29°C"
    if (following.capitalised and not shouted) or key not in everyday_words() or (
        key in FUNCTION_WORDS | DETERMINERS | NOT_NOUNS
    ):
        return False
    if key in OBJECTS:  # "paddy your swimming bag is in the office": spoken to
        return False
    after = tokens[position + 2] if position + 2 < len(tokens) else None
    listed = after is not None and (after.gap_before.strip() == "," or after.key == "and")
    plural_subject = after is not None and (after.key in ("are", "were", "have", "aren't", "weren't", "haven't") or (
        after.key in VERB_BASES | PLURAL_VERBS and joined_by_space(after.gap_before)))  # "Mason bees live in..."
    if is_verb(following) or key.endswith(("ed", "ing", "ly", "n't")) or (
        key.endswith("s") and not listed and not plural_subject  # (but "Mason bees have moved in")
    ):
        return False  # (a plural is a noun when a list goes on after it: "Luna moths, lunar eclipses and...")
    return after is None or not joined_by_space(after.gap_before) or after.key not in OBJECTS


# Words after a child's name that are not nouns it could describe: "Kuba first", "Leo too", "Ruby must try".
NOT_NOUNS = frozenset(
    """first second third last too again now here there then next alone only still even just back off up down out
    in on over away home today tonight yesterday tomorrow aged age year yr class team group must should might
    shall may please remember well brilliant great fantastic amazing excellent superb wonderful""".split())
PLURAL_VERBS = frozenset("live nest come go visit fly grow eat hide sleep".split())
OBJECTS = frozenset("the a an her his their your my our its some this that these those him them me us it".split())


def work_of_list(tokens: tuple[Token, ...], position: int) -> bool:
    """The name, or the first of its list, follows "of" after a work: "a production of Oliver", "the Gospel of
    Matthew, Mark, Luke or John"."""
    first = min([*whole_list(tokens, position), tokens[position]], key=lambda m: m.start)
    at = tokens.index(first)
    return at > 1 and tokens[at - 1].key == "of" and joined_by_space(first.gap_before) and (
        tokens[at - 2].key in WORK_OF)


def list_ends_with(text: str, tokens: tuple[Token, ...], position: int, pattern: re.Pattern[str]) -> bool:
    members = [*whole_list(tokens, position), tokens[position]]
    if len(members) < 2 or not all(m.capitalised for m in members):
        return False
    return bool(pattern.match(text, max(members, key=lambda m: m.start).end))


def list_after_place_word(tokens: tuple[Token, ...], position: int) -> bool:
    """A list of known places whose first item follows "from", "to", "in"...: every item is a place."""
    members = whole_list(tokens, position)
    places = [m for m in members if m.key in place_names() and m.capitalised]
    if not places:
        return False
    first = min([*members, tokens[position]], key=lambda m: m.start)
    at = tokens.index(first)
    return at > 0 and tokens[at - 1].key in PLACE_PREPOSITIONS and joined_by_space(first.gap_before)


def list_of_animals(text: str, tokens: tuple[Token, ...], position: int, classes: frozenset[str] = frozenset()
                    ) -> bool:
    """ "Pearl, Ruby and Flossie - the three new school hens": the animals the list is about."""
    members = whole_list(tokens, position)
    if not members:
        return False
    named = [m for m in members if m.key not in DETERMINERS]  # "Maude and Mabel, the Highland cows"
    last = max([*named, tokens[position]], key=lambda m: m.start)
    found = ANIMALS_AFTER.match(text, last.end)  # (but "Ernie, Callum and Isaac - the Seals' eco warriors": a class)
    return bool(found) and fold(found.group()).lower().split()[-1].rstrip("'’") not in classes


def names_list_doing(text: str, tokens: tuple[Token, ...], position: int) -> bool:
    """A list of two or more words, this one among them, followed by what children do: "heather and fern planting
    bulbs", "holly and summer picking strawberries" (but not "holly and ivy growing up the wall")."""
    members = [*whole_list(tokens, position), tokens[position]]
    if len(members) < 2:
        return False
    last = tokens.index(max(members, key=lambda m: m.start))
    if last + 1 >= len(tokens) or not joined_by_space(tokens[last + 1].gap_before):
        return False
    doing = tokens[last + 1]
    if PLANT_DOING.match(text, tokens[last].end):
        return False
    return doing.key in PERSON_ING or (doing.key.endswith("ing") and doing.key not in ING_NOUNS)


def pupils_listed_doing(text: str, tokens: tuple[Token, ...], position: int, is_pupil: Callable[[Token], bool]
                        ) -> bool:
    """Two or more roster pupils' first names typed in lower case as a list, then a verb, a doing word or "on the" /
    "at the": "storm and kit on the climbing frame", "hope and lily made Victoria sponges" (but "holly, ivy and
    hazel in the copse", "ruby, amber and jade coloured beads": not a verb from the list of verbs)."""
    members = [*whole_list(tokens, position), tokens[position]]
    if len(members) < 2 or not all(is_pupil(m) for m in members):
        return False
    last = tokens.index(max(members, key=lambda m: m.start))
    if last + 1 >= len(tokens) or not joined_by_space(tokens[last + 1].gap_before):
        return False
    after, then = tokens[last + 1], tokens[last + 2] if last + 2 < len(tokens) else None
    if PLANT_DOING.match(text, tokens[last].end):
        return False  # "holly and ivy growing up the old wall"
    return after.key in VERBS or (after.key.endswith("ing") and after.key not in ING_NOUNS) or (
        after.key in ("on", "at") and then is not None and then.key == "the"
    )


def object_next(tokens: tuple[Token, ...], position: int, name: str) -> bool:
    """An -ing word that is also a noun is a verb when an object follows it: "Ivy painting ivy leaves", "Honey
    tasting the honey" (not "Willow weaving at forest school" or "Willow weaving workshop")."""
    if position + 1 >= len(tokens) or not joined_by_space(tokens[position + 1].gap_before):
        return False
    after = tokens[position + 1]
    return after.key in ("the", "a", "an", "her", "his", "their", "some", name) or after.capitalised
