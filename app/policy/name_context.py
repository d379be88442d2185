"""Is this name a person here? Hand-written context rules over the caption's words (no tagger needed).

`read_role` looks at the words around a name and answers PERSON (the subject of a verb, in a list of
names, praised or thanked, possessive, next to a class), THING (inside a longer proper noun such as
Jersey Zoo or the Sydney Opera House, in a quoted title, a place after "to"/"in"/"at"/"from", a noun
modifier like "Victoria sponge", a named animal, a colour, a famous story's title, an adult's role) or UNSURE.
names.py turns the role into a block, a question or nothing. The cue words are in name_cues, the helpers
about neighbouring words (verbs, lists) in name_neighbours, and the larger shapes (the same word elsewhere, lists of
places, animals or houses, titles, plants, quotes, shops) in name_shapes.
"""

from __future__ import annotations

from collections.abc import Callable

from app.policy.name_cues import (
    ADDRESSED_YOU,
    ADULT_ROLES,
    ADVERBS,
    ANIMAL_BEFORE,
    ANIMAL_CALLED,
    AWARD_TO,
    BUILT_AFTER,
    CHARACTER_GLOSS,
    CHILD_AFTER,
    CLOTHES_AFTER,
    COSTUME_DAY,
    DETERMINERS,
    EVENT_NOUNS,
    FOND_WORDS,
    FROM_A_PERSON,
    FUNCTION_WORDS,
    HELD_OF,
    HIS_HER_NEXT,
    IN_IT,
    ING_NOUNS,
    INTRODUCED,
    JOURNEY,
    KIND_AFTER,
    NAME_PARTICLES,
    NAMED_THEM,
    NUMBER_WORDS,
    OBJECT_NEXT,
    PART_TO_CAST,
    PERSON_BEFORE,
    PERSON_ING,
    PHOTO_CREDIT,
    PLACE_NOUNS,
    PLACE_THINGS,
    PLURAL_OBJECT,
    PRONOUNS,
    QUOTES,
    RELICS,
    ROMAN,
    TARGET_FILLERS,
    TARGETING,
    WITH_A_THING,
    WITH_PEOPLE,
    WORKS_OF,
)
from app.policy.name_neighbours import (
    after_determiner,
    is_verb,
    list_goes_on,
    list_neighbours,
    passive_of_a_thing,
    place_neighbour,
    whole_list,
)
from app.policy.name_places import reads_as_place
from app.policy.name_shapes import (
    APPOSITIVE_THING,
    ARTICLE_NEXT,
    BRAND_PAIR,
    CHILD_LEADERS,
    GLOSS_AFTER,
    GROUPS_AFTER,
    PAIR_BEFORE,
    REPEATED,
    TITLE_BANG,
    YEAR_AFTER,
    also_a_word_here,
    list_after_place_word,
    list_ends_with,
    list_of_animals,
    myth_here,
    names_list_doing,
    noun_modifier,
)
from app.policy.name_topics import about_a_topic
from app.policy.name_words import PLACE_AFTER, TITLES
from app.policy.name_words import known_places as place_names
from app.policy.name_works import teams_titles_and_works
from app.policy.tokens import Token, joined_by_space, possessive_before

PERSON, THING, UNSURE = "person", "thing", "unsure"
OWNERS = frozenset(("our", "your", "their"))  # "Our new Arran jumpers"


def targeting_start(text: str, tokens: tuple[Token, ...], position: int) -> int | None:
    """Where a praise/thanks/wish phrase starts when it ends just before this name ("to our" may come
    between), else None."""
    start = position
    while start > 0 and tokens[start - 1].key in TARGET_FILLERS and not tokens[start].sentence_start:
        start -= 1
    if tokens[start].sentence_start and start == position and not tokens[start].gap_before.strip().endswith(
        (":", "...", "…")  # "Star of the week is... Estella!"
    ):
        return None
    offset = max(0, tokens[start].start - 60)
    head = text[offset : tokens[position].start]
    last = None
    for found in TARGETING.finditer(head):
        last = found
    if last is None:
        return None
    between = head[last.end() :].strip(" ,:!-–—.…").lower().split()
    if last.group().lower() == "go" and between:  # "we go to Paris"
        return None
    if "from" in between and "thank" in last.group().lower():  # "Thank you from Paris!" is a postcard
        return None
    return offset + last.start() if all(word in TARGET_FILLERS for word in between) else None


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
    classes: frozenset[str] = frozenset(),
) -> str:
    """`thing_word`: the name is also an everyday word or a place, so "Name + noun" reads as a thing."""
    token = tokens[position]
    previous = tokens[position - 1] if position > 0 else None
    following = tokens[position + 1] if position + 1 < len(tokens) else None
    near_previous = previous is not None and joined_by_space(token.gap_before) and not token.sentence_start
    near_following = following is not None and joined_by_space(following.gap_before)
    if any(m.start() < token.start and token.end < m.end() for m in QUOTES.finditer(text)):
        return THING
    if CLOTHES_AFTER.match(text, token.end):
        return PERSON  # "Spot Holly (in the blue hat)"
    if NAMED_THEM.search(text, 0, token.start) or YEAR_AFTER.match(text, token.end):
        return THING  # "the ducklings: we named them Bowie, Jagger and Elvis", "the Paris 2024 torch"
    animal = ANIMAL_BEFORE.search(text, 0, token.start) or ANIMAL_CALLED.search(text, 0, token.start)
    named_animal = animal and animal.group("animal").lower() not in classes and not (
        "," in token.gap_before and near_following and is_verb(following)
    ) and not IN_IT.search(text, 0, animal.start())
    # "our hamster, Hunter," and "our dog Hunter loves..." (but "we met a police dog, Georgia stroked it", and "In
    # the front boat: Ravi, Maya and Kavya" are who is in it)
    if KIND_AFTER.match(text, token.end) or named_animal or list_of_animals(text, tokens, position, classes):
        return THING  # "Georgia (the country)", "Amber and Ruby are colours", "Daisy the cow", "our hamster, Hunter"
    if about_a_topic(text, tokens, position, is_surname_of=is_surname_of, classes=classes):
        return THING  # "Rio (the film!)", "learned about Pelé", "stopped at Struan", "Rio de Janeiro", "Y2 Lua"
    if near_following and len(following.text) == 1 and following.text.isupper() and following.text != "I":
        return PERSON  # "Georgia W", "Sydney B."
    if near_following and ROMAN.fullmatch(following.text):
        return THING  # Henry VIII, Elizabeth II
    if near_previous and previous.key in NAME_PARTICLES and not previous.capitalised and position > 1 and (
        tokens[position - 2].capitalised and joined_by_space(previous.gap_before)
    ):
        return THING  # "St Vincent de Paul", "Leonardo da Vinci": part of someone else's name
    if GLOSS_AFTER.match(text, token.end) and text[token.start].islower() and any(c.isupper() for c in text):
        return THING  # "Swahili words: simba (lion), rafiki (friend)": a word and what it means
    if ADDRESSED_YOU.match(text, token.end):
        return PERSON  # "Hope! You did it!", "Lily, you were so brave"
    repeated = REPEATED.match(text, token.end)
    repeated_before = previous is not None and previous.key == token.key and previous.gap_before.strip() == "" and (
        token.gap_before.strip() == ",")  # the second "Mary" of "Mary, Mary, quite contrary"
    if (repeated and repeated.group("word").lower() == token.key) or repeated_before or APPOSITIVE_THING.match(
        text, token.end
    ) or TITLE_BANG.match(text, token.end):
        return THING  # "Rain, rain, go away", "Brooke, the charity for working horses", "Oliver! - the production"
    if list_ends_with(text, tokens, position, GROUPS_AFTER) or myth_here(text, tokens, position, is_pupil):
        return THING  # "Oak, Ash and Willow houses", "Odin, Thor and Freya", "the Norse god Thor's hammer"
    titled = teams_titles_and_works(text, tokens, position, is_pupil=is_pupil, class_next=class_next)
    if titled is not None:
        return titled  # "Kerry v Tyrone", "Rhiannon by Fleetwood Mac", "Apollo 11", "Winnie the Witch"...
    if names_list_doing(text, tokens, position):
        first = tokens.index(min([token, *whole_list(tokens, position)], key=lambda t: t.start))
        if first > 1 and tokens[first - 1].key == "of" and tokens[first - 2].key in WORKS_OF:
            return THING  # "the Irish legend of Oisin and Niamh riding to Tir na nOg": the story's people
        return PERSON  # "heather and fern planting bulbs"
    if near_following and following.key == "of" and thing_word and not class_next(position):
        return THING  # "Duke of Edinburgh", "Star of Bethlehem", "Blessing of the animals", "Angel of the North"
    if (BRAND_PAIR.match(text, token.end) and not (following is not None and is_pupil(following))) or (
        text[token.end:token.end + 2] in ("'s", "’s") and PAIR_BEFORE.search(text, 0, token.start)
        and not (previous is not None and is_pupil(previous))
    ):
        return THING  # "Frankie & Benny's", "Sonny & Cher's song": a shop or a duo (but "Kai & Efua's poster")
    if position > 0 and previous.key in classes and text[previous.end:previous.end + 2] in ("'s", "’s"):
        return PERSON  # "Rowan's Chelsea and Cedar's Brooklyn": a child of that class
    if near_previous and previous.capitalised and is_name(previous) and not is_pupil(previous) and not (
        is_surname_of(previous, token) or targeted_before(text, tokens, position)  # "Eid Mubarak Bilal!"
    ):
        return THING  # "Michael Jordan", "Bob Marley": someone else's surname (the full-name rule may ask)
    if also_a_word_here(tokens, position, near_following, near_previous):
        return PERSON  # "Heather sitting in the heather", "Rose in the rose garden": the word is there as a word too
    if near_following and following.capitalised and not following.sentence_start and not following.all_caps and not (
        possessive_before(token, following) and BUILT_AFTER.match(text, following.end)  # "Zainab's Lego model"
    ):
        if not is_surname_of(token, following) and not is_pupil(following) and not is_verb(following):
            return THING  # Sydney Opera House, Jersey Zoo, Austin Healey, Harry Kane
    if targeted_before(text, tokens, position):
        return PERSON
    if previous is not None and token.gap_before.strip() in ("", ",") and (previous.key in ADULT_ROLES or (
        previous.key == "leader" and position > 1 and tokens[position - 2].key not in CHILD_LEADERS
    )):
        return THING  # an adult: "our lollipop man Dave", "our visitor, Sarah from the RSPB"
    if near_previous and previous.capitalised and not is_name(previous) and previous.key not in FUNCTION_WORDS:
        after_a_place = previous.key in PLACE_AFTER and near_following and not following.capitalised and is_verb(
            following)  # "In the Undercroft Museum Sofia spotted a column": the museum's name ended
        if not after_a_place and not (
            previous.sentence_start and previous.key in FOND_WORDS and token.key not in place_names()
        ):
            return THING  # New Jersey, Royal Albert Hall (but "Little Daisy waving", "Brave Hunter")
    if near_previous and previous.capitalised and not previous.sentence_start and (
        tokens[position - 2].key in DETERMINERS
    ):
        return THING  # the Jordan River
    if text[token.end : token.end + 2] in ("'s", "’s") and near_following and following.key in RELICS:
        return THING  # "Bede's tomb", "Nuh's ark", "Stephenson's birthplace": someone long gone
    if text[token.end : token.end + 2] in ("'s", "’s") and not (near_previous and previous.key in DETERMINERS):
        if not (token.key in place_names() and following is not None and following.key in PLACE_THINGS):
            return PERSON  # but "Chester's Roman walls", "Jersey's beaches"
        return THING
    if near_previous and previous.key == "from" and position > 1 and tokens[position - 2].key in FROM_A_PERSON:
        return PERSON  # "Huge smiles from Kingston"
    if near_previous and previous.key in ("from", "to") and position > 1 and tokens[position - 2].key in JOURNEY:
        return THING  # "on the way back from Harlow", "the coach journey to Kendal": a place
    if near_previous and previous.key in NUMBER_WORDS:
        return THING  # "two Mercedes and a Tesla": things counted
    if PART_TO_CAST.search(text, 0, token.start):
        return THING  # "Who will be Oberon and who will be Titania?"
    if PHOTO_CREDIT.search(text, 0, token.start):
        return PERSON  # "Photo credit: Abbey"
    if CHARACTER_GLOSS.match(text, token.end) and COSTUME_DAY.search(text):
        return PERSON  # "World Book Day: Poppy (Elmer), Bear (the Gruffalo)"
    if CHILD_AFTER.match(text, token.end):
        return PERSON  # "Victoria, our head girl", "Ivy in the Christmas play", "Georgia and the rest of 6B"
    if AWARD_TO.search(text, 0, token.start):
        return PERSON  # "The best costume prize went to Victoria"
    if reads_as_place(text, tokens, position, is_pupil):
        return THING  # "a trip to Jersey", "Ely: eels...", "Burton upon Trent", "our Paris café" (name_places)
    if near_previous and previous.key in ("god", "goddess", "titan", "ancient") and not previous.capitalised:
        return THING  # "The goddess Nike gave her name to the trainers", "the ancient Maya"
    isle_of = near_previous and previous.key == "of" and position > 1 and tokens[position - 2].key in PLACE_NOUNS
    if class_next(position) and not (near_previous and previous.key in DETERMINERS) and not isle_of:
        return PERSON  # "Sydney in 6B" (but "the River Nile" when Nile is a class)
    possessive = text[token.end : token.end + 2] in ("'s", "’s")
    if near_previous and previous.key == "in" and token.capitalised and not possessive and not (
        near_following and is_verb(following)
    ):
        return THING  # "Hugh Miller's cottage in Cromarty": somewhere, not someone
    if INTRODUCED.search(text, 0, token.start):
        return PERSON  # "This is Stanley, our new reading ambassador", "Meet Georgia", "That's Ruby in the hat"
    if near_previous and previous.key in DETERMINERS and (thing_word or previous.key != "that"):
        return THING  # "the Jordan", but not "a shame that Nia forgot"
    if near_previous and previous.key in ("your", "their") and near_following and not following.capitalised and (
        following.key.isalpha() and following.key not in FUNCTION_WORDS and not is_verb(following)
        and not following.key.endswith(("ing", "ed"))
    ):
        return THING  # "bring a shoebox for your Tryfan model": what the name describes belongs to them
    owner_or_determiner = position > 1 and tokens[position - 2].key in DETERMINERS | OWNERS
    if near_previous and owner_or_determiner and not previous.capitalised and (
        previous.key not in FUNCTION_WORDS and near_following and not following.capitalised
        and following.key not in FUNCTION_WORDS and not is_verb(following) and not following.key.endswith("ing")
    ):
        return THING  # "the new Zara store", "a big Jersey cow"
    if text[token.start].islower() and near_previous and any(
        tokens[at].key in ("a", "an", "the")
        and not any(t.capitalised or t.key in FUNCTION_WORDS for t in tokens[at + 1 : position])
        for at in range(max(0, position - 3), position)
    ):
        return THING  # "a beautiful aria", "the bonnie wee robin" typed in lower case
    if previous is not None and previous.capitalised and previous.key in PLACE_AFTER and (
        token.gap_before.strip() == "," and not (near_following and is_verb(following))
    ):
        return THING  # "the Eiffel Tower, Paris", "Tate Modern, London"
    if near_previous and previous.key == "of" and position > 1 and (
        tokens[position - 2].key in PLACE_NOUNS | HELD_OF | WORKS_OF
        or (tokens[position - 2].capitalised and not tokens[position - 2].sentence_start
            and not is_name(tokens[position - 2])
            and tokens[position - 2].key not in FUNCTION_WORDS)
    ):
        return THING  # "the streets of Paris", "the Treaty of Paris", "Battle of Hastings", "the Dean of Durham"
    if WITH_PEOPLE.match(text, token.end) or HIS_HER_NEXT.match(text, token.end) or (
        WITH_A_THING.match(text, token.end) and token.key not in place_names()
    ):
        return PERSON  # "Lily and her friends", "Georgia and family"
    if near_following and following.key in EVENT_NOUNS:
        return THING  # "our Paris trip", "the Devon residential"
    # A list of names ("Georgia, Sydney and India"), but "Guernsey and Jersey" are places.
    neighbours = list_neighbours(tokens, position)
    if any(after_determiner(tokens, n) for n in neighbours if n.start < token.start and n.capitalised):
        return THING  # "the holly and ivy", "the Elsa and Anna puppets"
    if token.key in place_names() and any(place_neighbour(tokens, token, n, is_pupil) for n in neighbours):
        return THING
    members = whole_list(tokens, position)
    places = [n for n in members if n.capitalised and n.key in place_names()]
    if token.key in place_names() and (sum(not is_pupil(n) for n in places) >= 2 or (
        len(members) >= 2 and len(places) == len(members) and any(not is_pupil(n) for n in places)
        and not (near_following and is_verb(following))
    )):
        return THING  # "Kent, Devon, Dorset and Cheshire", "India, Jordan and China on the map": a list of places
    if token.key in place_names() and list_after_place_word(tokens, position):
        return THING  # "postcards from Brooklyn, Sydney and London"
    if not (near_following and is_verb(following)) and any(
        n.capitalised and not n.all_caps and not n.sentence_start and not is_name(n) and not is_pupil(n)
        and n.key not in FUNCTION_WORDS | TITLES for n in whole_list(tokens, position)
    ):  # (but "At Victoria Station, Skye spotted...": the name is doing something)
        return THING  # "logos inspired by Nike, Dior and Gucci", "Ariel and Persil boxes": a list of things
    if any(is_name(n) for n in neighbours):
        return PERSON
    verb_at = position + 1
    while verb_at < len(tokens) - 1 and tokens[verb_at].key in ADVERBS and joined_by_space(tokens[verb_at].gap_before):
        verb_at += 1  # "Georgia finally reached the top"
    if near_following and is_verb(tokens[verb_at]) and not passive_of_a_thing(tokens, verb_at):
        return PERSON
    doing = tokens[min(verb_at, len(tokens) - 1)]  # "Skye proudly holding her certificate"
    if token.key == "will" and near_following and doing.key.endswith("ing") and doing.key not in ING_NOUNS:
        return PERSON  # "Will feeding Jemima, the school chicken": the verb "will" never takes an -ing word
    if near_following and (doing.key in PERSON_ING or (
        doing.key.endswith("ing") and doing.key not in ING_NOUNS and (
            OBJECT_NEXT.match(text, doing.end) or PLURAL_OBJECT.match(text, doing.end))
    ) or (doing.key in ING_NOUNS and ARTICLE_NEXT.match(text, doing.end))):
        return PERSON  # "Autumn feeding the lambs" (but "River dipping at the reserve")
    if following is not None and following.key == "who" and following.gap_before.strip() in ("", ","):
        return PERSON  # "Sydney, who turns 10 today"
    if near_previous and previous.key in PERSON_BEFORE:
        return PERSON
    joined = [n for n in list_neighbours(tokens, position) if n.start > token.start and not is_verb(n)
              and (n.gap_before.strip() != "," or list_goes_on(tokens, n))]  # "Holly, ivy and..." (not "Austin, aged")
    if thing_word and any(not n.capitalised and n.key not in FUNCTION_WORDS | DETERMINERS for n in joined):
        return THING  # "Holly and ivy decorations", "Amber and red leaves" (but "the zoo and Sydney fed...")
    if not token.capitalised and any(
        not n.capitalised and n.key not in FUNCTION_WORDS | DETERMINERS and not is_pupil(n) for n in joined
    ):
        return THING  # typed in lower case in a list of lower-case words: "jasper, quartz and flint"
    if near_following and not following.capitalised and following.key not in FUNCTION_WORDS | PRONOUNS and thing_word:
        verb_with_object = following.key in ING_NOUNS and position + 2 < len(tokens) and joined_by_space(
            tokens[position + 2].gap_before) and (tokens[position + 2].capitalised or ARTICLE_NEXT.match(
                text, following.end))  # "Kendal tasting Kendal mint cake", "Ocean painting the Ring of Brodgar"
        if (not following.key.endswith("ing") or (following.key in ING_NOUNS and not verb_with_object)) and (
            token.sentence_start or (previous is not None and previous.key in FUNCTION_WORDS)
        ):
            return THING  # Victoria sponge, Stanley knives, Daisy chains (but "Zofia holding a crab")
    if near_following and token.sentence_start and noun_modifier(tokens, position):
        return THING  # "Kuba cloth patterns from the Congo", "Maya number puzzles": the name describes a thing
    return UNSURE
