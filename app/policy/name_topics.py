"""Shapes where a name is what the caption is about, not a child in it: a film glossed in brackets, a famous
person described or learned about, a stop on a journey, a longer foreign name, a class with its year, a
quiz list of cities or islands. Used by name_context.read_role; each shape is general, not a list of captions.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from app.policy.name_cues import PLACE_NOUNS
from app.policy.name_neighbours import is_verb, whole_list
from app.policy.name_words import known_places
from app.policy.tokens import Token, joined_by_space

# "Rio (the film!)", "Shiloh (the book)": what the name is, in brackets.
WORK_GLOSS = re.compile(
    r"\s*\(\s*(?:the\s+|a\s+|an\s+)?(?:(?-i:[A-Z])[\w-]+\s+)?(?:film|movie|book|novel|song|show|musical|play|game|app|ship|boat|band|brand|"
    r"shop|storm|island|mountain|river|town|city|village|country|place|statue|painting|poem)s?\b", re.I)
# "Pelé, the Brazilian footballer who...", "Frida, the famous Mexican painter": a famous adult described.
FAMOUS_APPOSITION = re.compile(
    r"\s*,\s*(?:the\s+Prophet(?:'s|’s)\s+(?:\w+\s+)?(?:wife|daughter|son|uncle|cousin|companion|grandson)|"
    r"(?:the|a|an)\s+(?:(?:famous|legendary|great|world[\s-]famous|former|Norse|Greek|Roman|Viking|Celtic|Aztec|"
    r"Mayan|Inca|[A-Z][a-z]+(?:an|ese|ish|ch|i))\s+)+"
    r"(?:(?:football|footballing|cricket|cricketing|tennis|rugby|boxing|athletics|pop|film|TV|Olympic)\s+"
    r"(?:legend|star|icon|hero|champion|great)|footballer|singer|songwriter|artist|painter|sculptor|author|writer|poet|composer|scientist|inventor|explorer|"
    r"astronaut|king|queen|emperor|empress|saint|god|goddess|prophet|president|actor|actress|rapper|athlete|"
    r"cricketer|boxer|olympian|sprinter|designer|architect|engineer|mathematician|musician|guitarist|drummer|"
    r"pop\s+star|footballing\s+legend|player))\b")
# "Freya was the Norse goddess of love", "Constantine was the first Christian Roman emperor": who a famous
# figure was (a capitalised people or faith word is needed: "Sam was a great player" is a child).
FAMOUS_IDENTITY = re.compile(
    r"\s+(?:was|is)\s+(?:the|a|an)\s+(?:(?:first|last|famous|legendary|mighty)\s+)*(?:(?-i:[A-Z])[a-z]+\s+)+"
    r"(?:god|goddess|king|queen|emperor|empress|saint|prophet|warrior|chieftain|poet|author|writer|painter|"
    r"scientist|inventor|explorer|composer)\b", re.I)
# "Unst – Britain's most northerly inhabited island": a place described after a dash.
PLACE_DESCRIBED = re.compile(
    r"\s*[,\-–—:]\s*(?-i:[A-Z])\w+['’]s\s+(?:[\w-]+\s+){0,3}?(?:island|city|town|village|capital|country|county|"
    r"river|mountain|loch|lake|port)\b", re.I)
# "Dancing to Sigrid at the Norway Day disco": a singer or a band.
DANCED_TO = re.compile(r"\b(?:danc(?:e|ed|es|ing)|sang\s+along|singing\s+along)\s+to\s+$", re.I)
# "Ness of Brodgar", "Helen of Troy", "Joan of Arc": a name with "of" and a place is a figure or a site.
OF_A_PLACE = re.compile(r"\s+of\s+(?-i:[A-Z])[\w'’-]+", re.I)
# "Year 3 learned about Pelé", "learning all about Frida Kahlo": a topic, not a child.
LEARNED_ABOUT = re.compile(
    r"\b(?:learn|learns|learned|learnt|learning|taught|teaching|reading|researched|researching|finding\s+out|"
    r"found\s+out|facts|fact\s+files?|topic)\s+(?:all\s+)?about\s+$", re.I)
# "stopped at Struan for a picnic", "Changing at Angel": a stop on a journey.
STOPPED_AT = re.compile(
    r"\b(?:stop|stops|stopped|stopping|change|changed|changing|arrive|arrived|arriving|arrives|landed|docked|"
    r"parked|alighted|pulled\s+in|pulling\s+in|got\s+off(?:\s+the\s+\w+)?)\s+(?:off\s+)?(?:at|in)\s+$", re.I)
# "Y2 Lua were so brave", "Year 6 Sol": a class named after the year.
YEAR_BEFORE = re.compile(r"\b(?:y|yr|year|p|primary)\s*\d{1,2}\s+$", re.I)
# "Which city would you visit: Florence, Paris or Orlando?", "...can you name all the Scottish islands?"
_KIND_PLURALS = r"(?:cities|countries|islands|towns|capitals|planets|rivers|mountains|counties|states|continents)"
KIND_QUIZ = re.compile(
    r"\b(?:which|what)\s+(?:city|country|island|town|capital|planet|river|mountain|county|state)\b|"
    r"\b(?:name|label|find|spot|guess|locate|list|learn|learning|learned|learnt|know|visit|visited)\s+"
    rf"(?:all\s+)?(?:of\s+)?(?:the\s+|these\s+|those\s+)?(?:\w+\s+)?{_KIND_PLURALS}\b|"
    rf"\b{_KIND_PLURALS}\s+(?:quiz|map|challenge|game)\b", re.I)
# "Tiana from The Princess and the Frog", "Chase, Marshall and Skye from Paw Patrol", "Jordan from Galleon
# Travel": someone from a story, a show or an organisation (but "Skye from St Anne class", "Kai from Year 3").
FROM_A_TITLE = re.compile(
    r"(?:\s*(?:,|and|&)\s*(?-i:[A-Z])[\w'’-]*)*\s+from\s+(?P<title>(?:(?-i:[A-Z])[\w'’.-]*|and|the|of|&)"
    r"(?:\s+(?:(?-i:[A-Z])[\w'’.-]*|and|the|of|&))*)", re.IGNORECASE)
_NOT_A_TITLE = frozenset("class year yr reception nursery school primary academy".split())
# "Wren spotted in the school hedge!", "Jay seen at forest school": a sighting of an animal.
SIGHTED = re.compile(r"\s+(?:spotted|seen|sighted)\s+(?:\w+ing\s+)?(?:in|on|at|near|by|over|above|around)\b", re.I)
# "a very nice lady called Moira", "a man named Noel": an adult met on the way.
ADULT_CALLED = re.compile(r"\b(?:lady|man|woman|gentleman|chap|volunteer|guide)\s+(?:called|named)\s+$", re.I)
# "Alfred, Lord Tennyson", "Ellen, Dame Ellen Terry": a titled person's name around the comma.
TITLED_AFTER = re.compile(r"\s*,\s*(?:Lord|Lady|Sir|Dame|Baron|Baroness|Earl|Viscount)\s+[A-Z]")
# "Nativity rehearsals: Mary, Joseph, three kings and lots of sheep": the holy family in a nativity.
HOLY_FAMILY = frozenset("mary joseph jesus".split())
NATIVITY = re.compile(r"\b(?:nativity|manger|bethlehem|shepherds?|three\s+kings|wise\s+men|innkeeper|stable)\b", re.I)
# "Arabic word of the week: iman", "Sign of the day - Hope", Welsh "Gair yr wythnos: seren = star".
WORD_OF_THE_WEEK = re.compile(
    r"\b(?:(?:word|letter|phrase|sign|value|virtue|theme)\s+of\s+the\s+(?:week|day|month|term)|"
    r"gair\s+(?:yr\s+wythnos|y\s+dydd|y\s+mis))\s*(?:[:\-–—]|\s+is)\s*$", re.I)
THEME_AFTER = re.compile(
    r"\s+(?:is|was|will\s+be)\s+(?:the|our|this\s+\w+'s|today's)\s+(?:\w+\s+){0,3}?(?:theme|topic|focus|value|virtue|word)\b",
    re.I)
LONG_NAME_PARTICLES = frozenset("de da do dos das del della di du des ibn bint".split())


def about_a_topic(text: str, tokens: tuple[Token, ...], position: int, *,
                  is_surname_of: Callable[[Token, Token], bool], classes: frozenset[str]) -> bool:
    """True when the name is a thing the caption talks about (see the module docstring)."""
    token = tokens[position]
    following = tokens[position + 1] if position + 1 < len(tokens) else None
    possessive = text[token.end:token.end + 2] in ("'s", "’s")
    if WORK_GLOSS.match(text, token.end) or FAMOUS_APPOSITION.match(text, token.end) or FAMOUS_IDENTITY.match(
        text, token.end
    ):
        return True
    if not possessive and (LEARNED_ABOUT.search(text, 0, token.start) or STOPPED_AT.search(text, 0, token.start)
                           or DANCED_TO.search(text, 0, token.start)):
        return True
    if PLACE_DESCRIBED.match(text, token.end):
        return True  # "Unst – Britain's most northerly inhabited island"
    of_a_place = OF_A_PLACE.match(text, token.end)
    if of_a_place and token.capitalised and not possessive and _a_title(of_a_place.group().split()[-1], classes) and (
        of_a_place.group().split()[-1].lower() not in ("year", "class", "reception", "nursery")
    ):
        return True  # "Ness of Brodgar open day", "Helen of Troy" (not "Kai of Oak class", "Ruby of Year 2")
    if token.key in classes and YEAR_BEFORE.search(text, 0, token.start):
        return True
    previous = tokens[position - 1] if position > 0 else None
    if previous is not None and previous.key in ("co", "county") and previous.capitalised and (
        token.gap_before.strip() in ("", ".")
    ):
        return True  # "Co. Tyrone", "County Down"
    if (token.sentence_start and SIGHTED.match(text, token.end)) or ADULT_CALLED.search(text, 0, token.start):
        return True
    if token.key in HOLY_FAMILY and NATIVITY.search(text) and any(
        n.key in HOLY_FAMILY and n.key != token.key for n in whole_list(tokens, position)
    ):
        return True  # "Mary, Joseph and a very wobbly donkey - Reception nativity"
    if TITLED_AFTER.match(text, token.end):
        return True  # "Alfred, Lord Tennyson"
    titled = FROM_A_TITLE.match(text, token.end)
    if titled and titled.group("title")[:1].isupper() and _a_title(titled.group("title"), classes):
        return True  # "Tiana from The Princess and the Frog"
    if WORD_OF_THE_WEEK.search(text, 0, token.start):
        return True  # "Arabic word of the week: iman — faith"
    if THEME_AFTER.match(text, token.end):
        return True  # "Hope was the theme of this week's assembly"
    if following is not None and following.key in LONG_NAME_PARTICLES and not following.capitalised and (
        position + 2 < len(tokens) and joined_by_space(following.gap_before)
        and joined_by_space(tokens[position + 2].gap_before) and not is_surname_of(token, tokens[position + 2])
    ):
        return True  # "Rio de Janeiro", "dulce de leche", "Leonardo da Vinci": part of a longer name
    return token.capitalised and (_quiz_list(text, tokens, position) or _list_of_places(tokens, position)
                                  or _list_of_characters(text, tokens, position))


def _a_title(title: str, classes: frozenset[str]) -> bool:
    words = title.lower().replace("’", "'").split()
    if not words or any(w.strip(".,") in _NOT_A_TITLE or re.fullmatch(r"(?:y|p)?\d+\w?", w) for w in words):
        return False
    if " ".join(words) in classes or words[0] in classes or words[-1] in classes:
        return False  # "Kai from Oak": a class
    if words[0] in ("st", "st.", "saint"):
        return False  # "Jake from St Peter's": another school
    return len(words) >= 2 or words[0] not in known_places()  # one word alone may be a place: "Ruby from Leeds"


def _quiz_list(text: str, tokens: tuple[Token, ...], position: int) -> bool:
    """Three or more capitalised names in a list, in a caption about cities, islands or countries, with no verb
    after the list (or the verb in the next sentence)."""
    members = [*whole_list(tokens, position), tokens[position]]
    if len(members) < 3 or not all(m.capitalised for m in members) or not KIND_QUIZ.search(text):
        return False
    last = tokens.index(max(members, key=lambda m: m.start))
    if last + 1 < len(tokens):
        after = tokens[last + 1]
        if is_verb(after) and not any(mark in after.gap_before for mark in ".?!…"):
            return False
    return True


def _list_of_places(tokens: tuple[Token, ...], position: int) -> bool:
    """ "the old county of Ross and Cromarty": a list that follows "of" after a place noun."""
    members = [*whole_list(tokens, position), tokens[position]]
    if len(members) < 2:
        return False
    at = tokens.index(min(members, key=lambda m: m.start))
    return at > 1 and tokens[at - 1].key == "of" and tokens[at - 2].key in PLACE_NOUNS


CHARACTER_TITLES = frozenset("princess prince king queen sir lady lord captain saint st".split())
# "Dorothy, the Tin Man and the Lion", "Matilda, the BFG, Mr Men and...": a named character next in the list.
CHARACTER_NEXT = re.compile(r"\s*,\s*the\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?\s*(?:,|and\b|&)")


def _list_of_characters(text: str, tokens: tuple[Token, ...], position: int) -> bool:
    """A list with a named character or a titled one in it ("Princess Jasmine, Elsa and Moana") is a list of
    characters."""
    if CHARACTER_NEXT.match(text, tokens[position].end):
        return True
    for member in whole_list(tokens, position):
        at = tokens.index(member)
        title = tokens[at - 1] if at > 0 else None
        if member.capitalised and title is not None and title.key in CHARACTER_TITLES and (
            text[title.start].isupper() and joined_by_space(member.gap_before)
        ):
            return True
    return False
