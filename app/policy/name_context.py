"""Is this name a person here? Hand-written context rules over the caption's words (no tagger needed).

`read_role` looks at the words around a name and answers PERSON (the subject of a verb, in a list of
names, praised or thanked, possessive, next to a class), THING (inside a longer proper noun such as
Jersey Zoo or the Sydney Opera House, in a quoted title, a place after "to"/"in"/"at"/"from", a noun
modifier like "Victoria sponge") or UNSURE. names.py turns the role into a block, a question or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from app.policy.name_words import place_names
from app.policy.tokens import Token, joined_by_space

PERSON, THING, UNSURE = "person", "thing", "unsure"

# Praise, thanks and wishes that single out whoever is named next: "Well done Josh", "Happy birthday to Amy".
TARGETING = re.compile(
    r"\b(?:well\s+done|congratulations|congrats|happy\s+(?:\d+\w*\s+)?birthday|good\s+luck|great\s+job|"
    r"great\s+work|brilliant\s+work|fantastic\s+work|amazing\s+work|super\s+work|thank\s+you|thanks|"
    r"big\s+thanks|huge\s+thanks|shout\s*-?\s*out|proud\s+of(?:\s+you)?|star\s+of\s+the\s+week(?:\s+is)?|"
    r"player\s+of\s+the\s+match(?:\s+is)?|bravo|special\s+mention|keep\s+it\s+up|a\s+better\s+lesson|"
    r"get\s+well\s+soon|(?:great|fantastic|brilliant|big|huge|super|amazing)\s+effort|look\s+at|go|"
    r"(?:effort|work|teamwork|performance|job|display|reading|writing|singing|dancing|playing)\s+(?:from|by)|"
    r"(?:disappointed|unhappy|not\s+happy|cross)\s+(?:with|in|by)|"
    r"(?:much\s+)?better\s+(?:lesson|day|week|effort|behaviour|attitude)\s+(?:from|by|for))\b",
    re.IGNORECASE,
)
TARGET_FILLERS = frozenset("to our very own little lovely amazing superstar brilliant for".split())
_DETERMINERS = frozenset("the a an this that these those".split())
# After these a place name is a place ("a trip to Jersey"); a name that is not a place is still a child.
_PLACE_PREPOSITIONS = frozenset(
    """to in at from into across near around through over via towards toward visiting visited visit leaving left
    reached reaching explored exploring outside inside beyond about""".split()
)
# "the streets of Paris", "Isle of Skye": "of" after these nouns introduces a place.
_PLACE_NOUNS = frozenset(
    """isle island city town streets beaches beach coast capital history map maps people queen king duke
    rainforests mountains hills shores sights flag flags food music museums lakes county views view weather
    tour""".split()
)
FUNCTION_WORDS = frozenset(
    """and or but in on at to from with for of by as so too very really today tonight tomorrow yesterday this
    that these those who which when where while after before is was are were has had have will would can could
    did does do not also just always never here there again all both""".split()
)
_PERSON_BEFORE = frozenset("with by beside behind".split())
# Verbs that follow a child's name in school news ("Georgia loved the zip wire"); -ed words count too.
_VERBS = frozenset(
    """is was are were has had have will would can could did does do made won ran sang swam took found caught
    came went got gave saw wrote read drew built kept led lost tried helped looked played scored spotted
    learned learnt finished raced recited taught carried shared baked planted decorated presented said says
    loves loved enjoys enjoyed gets makes wins takes finds reads writes draws sings dances plays became
    began brought bought fell flew grew knew met paid rode sat slept spoke stood threw told wore
    climbed cooked painted fixed walked tidied stayed joined counted celebrated visited
    reached completed designed managed fed ate dug hid cut won't can't didn't wasn't isn't hasn't""".split()
)
# Present tense: "Georgia climbs", "Sydney catches", "Lily tries".
_VERB_BASES = frozenset(
    """catch climb paint jump swim run help try want like need think show lead reach finish build love enjoy get
    make win take find write draw sing dance play ride cook walk bake tell wear say read""".split()
)
_PASSIVE = frozenset("said sung held served planted picked grown used built opened".split())
_WITH_PEOPLE = re.compile(
    r"\s+(?:and|&|with)\s+(?:his|her|their|the)?\s*(?:friends?|family|mum|dad|brothers?|sisters?|team|group|"
    r"classmates|partners?|buddy|buddies|grandad|grandma|nan|cousins?|pals?|mates?)\b",
    re.IGNORECASE,
)
_EVENT_NOUNS = frozenset("trip trips residential visit holiday tour adventure exchange letters meeting".split())
_INTRODUCED = re.compile(r"(?:\b(?:this\s+is|meet|here's|here\s+is|say\s+hello\s+to)\s+(?:our\s+)?)$", re.I)
_ADVERBS = frozenset(
    "also then even just really finally always never still bravely proudly quickly carefully happily soon".split()
)
# A place's things, after a possessive: "Chester's walls", "Paris's museums".
_PLACE_THINGS = frozenset(
    """walls wall beaches beach streets street museums museum cathedral castle zoo coast history weather roads shops
    famous oldest biggest best busiest harbour bridges bridge river rivers parks park cafes markets market
    churches people hills countryside skyline""".split()
)
_OBJECT_NEXT = re.compile(r"\s+(?:the|a|an|her|his|their|our|some|up|out|off)\b", re.I)
# "Florence is the capital of Tuscany", "Jersey is part of the Channel Islands": a place, not a child.
_PLACE_FACT = re.compile(
    r"\s+(?:is|was|has|had)\s+(?:not\s+|also\s+)?(?:the\s+capital|a\s+(?:city|country|town|county|state|island|river|"
    r"village|region)|an\s+island|part\s+of|in\s+(?:the\s+)?[A-Z]|between|famous|home\s+to|called|known\s+as|"
    r"one\s+of\s+the|on\s+the\s+map|(?:north|south|east|west)\b|bigger|smaller|larger|hotter|colder|more\s+than|"
    r"so\s+many|many|lots\s+of)",
)
_ADDRESSED_YOU = re.compile(r"\s*[!,]+\s*(?:you|you're|your)\b", re.I)
_ROMAN = re.compile(r"[IVX]{1,5}")
QUOTES = re.compile(r"[\"“][^\"“”\n]{1,80}[\"”]|‘[^‘’\n]{1,80}’")


def is_verb(token: Token) -> bool:
    key = token.key
    if token.capitalised and not token.all_caps:
        return False
    if key in _VERBS or (len(key) > 4 and key.endswith("ed")):
        return True
    return key.endswith("s") and (
        key[:-1] in _VERB_BASES or key[:-2] in _VERB_BASES or (key.endswith("ies") and key[:-3] + "y" in _VERB_BASES)
    )


def targeting_start(text: str, tokens: tuple[Token, ...], position: int) -> int | None:
    """Where a praise/thanks/wish phrase starts when it ends just before this name ("to our" may come
    between), else None."""
    start = position
    while start > 0 and tokens[start - 1].key in TARGET_FILLERS and not tokens[start].sentence_start:
        start -= 1
    if tokens[start].sentence_start and start == position and not tokens[start].gap_before.strip().endswith(":"):
        return None
    offset = max(0, tokens[start].start - 40)
    head = text[offset : tokens[start].start]
    last = None
    for found in TARGETING.finditer(head):
        last = found
    if last is None or (last.group().lower() == "go" and start != position):  # "we go to Paris"
        return None
    return offset + last.start() if head[last.end() :].strip(" ,:!-–—") == "" else None


def targeted_before(text: str, tokens: tuple[Token, ...], position: int) -> bool:
    return targeting_start(text, tokens, position) is not None


def read_role(
    text: str,
    tokens: tuple[Token, ...],
    position: int,
    *,
    is_name: Callable[[Token], bool],
    is_surname_of: Callable[[Token, Token], bool],
    class_next: Callable[[int], bool],
    is_pupil: Callable[[Token], bool] = lambda token: False,
    thing_word: bool = True,
) -> str:
    """`thing_word`: the name is also an everyday word or a place, so "Name + noun" reads as a thing."""
    token = tokens[position]
    previous = tokens[position - 1] if position > 0 else None
    following = tokens[position + 1] if position + 1 < len(tokens) else None
    near_previous = previous is not None and joined_by_space(token.gap_before) and not token.sentence_start
    near_following = following is not None and joined_by_space(following.gap_before)
    if any(m.start() < token.start and token.end < m.end() for m in QUOTES.finditer(text)):
        return THING
    if near_following and len(following.text) == 1 and following.text.isupper() and following.text != "I":
        return PERSON  # "Georgia W", "Sydney B."
    if near_following and _ROMAN.fullmatch(following.text):
        return THING  # Henry VIII, Elizabeth II
    if _ADDRESSED_YOU.match(text, token.end):
        return PERSON  # "Hope! You did it!", "Lily, you were so brave"
    if near_following and following.capitalised and not following.sentence_start and not following.all_caps:
        if not is_surname_of(token, following) and not is_pupil(following) and not is_verb(following):
            return THING  # Sydney Opera House, Jersey Zoo, Austin Healey, Harry Kane
    if targeted_before(text, tokens, position):
        return PERSON
    if near_previous and previous.capitalised and not is_name(previous) and previous.key not in FUNCTION_WORDS:
        return THING  # New Jersey, Royal Albert Hall
    if near_previous and previous.capitalised and position > 1 and tokens[position - 2].key in _DETERMINERS:
        return THING  # the Jordan River
    if text[token.end : token.end + 2] in ("'s", "’s") and not (near_previous and previous.key in _DETERMINERS):
        if not (token.key in place_names() and following is not None and following.key in _PLACE_THINGS):
            return PERSON  # but "Chester's Roman walls", "Jersey's beaches"
        return THING
    if token.key in place_names() and (
        (near_previous and previous.key in _PLACE_PREPOSITIONS) or _PLACE_FACT.match(text, token.end)
    ):
        return THING
    if class_next(position):
        return PERSON
    if near_previous and previous.key in _DETERMINERS:
        return THING
    if near_previous and previous.key == "of" and position > 1 and tokens[position - 2].key in _PLACE_NOUNS:
        return THING
    if _INTRODUCED.search(text, 0, token.start):
        return PERSON  # "This is Stanley, our new reading ambassador", "Meet Georgia"
    if _WITH_PEOPLE.match(text, token.end):
        return PERSON  # "Lily and her friends", "Georgia and family"
    if near_following and following.key in _EVENT_NOUNS:
        return THING  # "our Paris trip", "the Devon residential"
    # A list of names ("Georgia, Sydney and India"), but "Guernsey and Jersey" are places.
    neighbours = _list_neighbours(tokens, position)
    if token.key in place_names() and any(n.capitalised and not is_pupil(n) for n in neighbours):
        return THING
    if any(is_name(n) for n in neighbours):
        return PERSON
    verb_at = position + 1
    while verb_at < len(tokens) - 1 and tokens[verb_at].key in _ADVERBS and joined_by_space(tokens[verb_at].gap_before):
        verb_at += 1  # "Georgia finally reached the top"
    if near_following and is_verb(tokens[verb_at]) and not _passive_of_a_thing(tokens, verb_at):
        return PERSON
    if near_following and following.key.endswith("ing") and _OBJECT_NEXT.match(text, following.end):
        return PERSON  # "Autumn feeding the lambs" (but "River dipping at the reserve")
    if following is not None and following.key == "who" and following.gap_before.strip() in ("", ","):
        return PERSON  # "Sydney, who turns 10 today"
    if near_previous and previous.key in _PERSON_BEFORE:
        return PERSON
    joined = [n for n in _list_neighbours(tokens, position, commas=False) if n.start > token.start]
    if thing_word and any(not n.capitalised and n.key not in FUNCTION_WORDS for n in joined):
        return THING  # "Holly and ivy decorations", "Amber and red leaves" (but "the zoo and Sydney fed...")
    if near_following and not following.capitalised and following.key not in FUNCTION_WORDS and thing_word:
        if not following.key.endswith("ing") and (
            token.sentence_start or (previous is not None and previous.key in FUNCTION_WORDS)
        ):
            return THING  # Victoria sponge, Stanley knives, Daisy chains (but "Zofia holding a crab")
    return UNSURE


def _list_neighbours(tokens: tuple[Token, ...], position: int, commas: bool = True) -> list[Token]:
    """The words joined to this one by a comma, "and", "&" or "+" in the same sentence."""
    token = tokens[position]
    found = []
    for step in (-1, 1):
        index = position + step
        if not 0 <= index < len(tokens):
            continue
        neighbour = tokens[index]
        gap = (neighbour if step == 1 else token).gap_before.strip()
        if gap in (",", "&", "+"):
            if commas or gap != ",":
                found.append(neighbour)
        elif gap == "" and neighbour.key == "and" and 0 <= index + step < len(tokens):
            other = tokens[index + step]
            later = tokens[max(index, index + step)]
            if not neighbour.sentence_start and not later.sentence_start:
                found.append(other)
    return found


def _passive_of_a_thing(tokens: tuple[Token, ...], verb: int) -> bool:
    """ "Grace was said before lunch": a copula and a participle that fits things, not children."""
    return tokens[verb].key in ("was", "is", "were", "are") and verb + 1 < len(tokens) and (
        tokens[verb + 1].key in _PASSIVE
    )
