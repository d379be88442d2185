"""Names that are part of a team fixture, a title, a work and its maker, or a model and its number ("Kerry v Tyrone",
"Rhiannon by Fleetwood Mac", "an old Austin 7", "Winnie the Witch", "Kyle of Lochalsh"), read before the general rules
in name_context.read_role. Each rule returns the role it is sure of; None leaves the name to the later rules.
"""

from __future__ import annotations

from collections.abc import Callable

from app.policy.name_cues import (
    ADULT_ROLES,
    AND_THE_TITLE,
    DETERMINERS,
    FROM_PLACE,
    PLACE_PREPOSITIONS,
)
from app.policy.name_shapes import (
    MADE_THINGS,
    MEANS,
    MODEL_NUMBER,
    NUMBER_AFTER,
    PLANT_DOING,
    PLANTS,
    PLAYING,
    QUOTED_BEFORE,
    ROLE_WAS,
    SUBTITLE,
    TITLE_GOES_ON,
    work_of_list,
)
from app.policy.name_words import known_places as place_names
from app.policy.tokens import Token, joined_by_space

PERSON, THING = "person", "thing"


def teams_titles_and_works(text: str, tokens: tuple[Token, ...], position: int, *,
                           is_pupil: Callable[[Token], bool], class_next: Callable[[int], bool]) -> str | None:
    token = tokens[position]
    previous = tokens[position - 1] if position > 0 else None
    following = tokens[position + 1] if position + 1 < len(tokens) else None
    near_previous = previous is not None and joined_by_space(token.gap_before) and not token.sentence_start
    near_following = following is not None and joined_by_space(following.gap_before)
    if near_previous and previous.key in ("v", "vs", "versus") and (
        token.key in place_names() and position > 1 and tokens[position - 2].key in place_names()
    ):
        return THING  # "Kerry v Tyrone": two counties (teams) even when a pupil is called Kerry
    if near_previous and previous.key in ("v", "vs", "versus") and (
        (near_following and following.capitalised)
        or (position > 1 and tokens[position - 2].capitalised and not is_pupil(tokens[position - 2]))
    ):
        return THING  # "Cricket v Settle CE Primary", "Wales v Georgia": a team (but "Chess final: Angel v Summer")
    if near_following and following.key in ("y", "yr") and position + 2 < len(tokens) and (
        tokens[position + 2].capitalised
    ):
        return THING  # "Seren yr Wythnos", "Tomos y Tanc", "Jac y Do": a Welsh title
    maker = position + 2  # the word after "by" ("by Fleetwood Mac"), or after "by the" ("by the Kaiser Chiefs")
    if maker + 1 < len(tokens) and tokens[maker].key == "the":
        maker += 1
    if near_following and following.key == "by" and maker < len(tokens) and (
        tokens[maker].capitalised and not is_pupil(tokens[maker]) and joined_by_space(tokens[maker].gap_before)
    ):
        return THING  # "Rhiannon by Fleetwood Mac", "Shiloh by Phyllis Reynolds Naylor": a work and its maker
    if near_previous and previous.key == "to" and position > 1 and tokens[position - 2].key in (
        "station", "line", "train", "bus", "coach", "ferry", "road", "way"
    ):
        return THING  # "Sheffield station to Edale on the train"
    if near_previous and previous.key == "to" and FROM_PLACE.search(text, 0, previous.start):
        return THING  # "the Northern line from Golders Green to Angel": a journey's end
    if (MODEL_NUMBER.match(text, token.end) and not token.sentence_start) or (
        NUMBER_AFTER.match(text, token.end) and position > 0
        and (previous.key in DETERMINERS or (position > 1 and tokens[position - 2].key in DETERMINERS))
    ):
        return THING  # "Apollo 11", "an old Austin 7": a model or a mission and its number
    if token.key in place_names() and token.gap_before.strip() == "," and position > 1 and (
        tokens[position - 1].capitalised and not is_pupil(tokens[position - 1])
        and tokens[position - 2].key in PLACE_PREPOSITIONS
    ):
        return THING  # "our partner school in Tbilisi, Georgia"
    if QUOTED_BEFORE.search(text, 0, token.start):
        return PERSON  # '"I found a fossil!" - Rocky': the child who said it
    if near_previous and previous.key == "by" and position > 1 and tokens[position - 2].key in MADE_THINGS:
        return PERSON  # "a painting by Ruby", "photo by marley"
    if near_following and following.key == "the" and position + 2 < len(tokens) and (
        tokens[position + 2].capitalised and joined_by_space(tokens[position + 2].gap_before)
    ):
        return THING  # "Winnie the Witch", "William the Conqueror", "Alfred the Great": a title or a character
    if SUBTITLE.match(text, token.end):
        return THING  # "Our book of the week is Marley: A Dog Like No Other": a title and its subtitle
    if TITLE_GOES_ON.match(text, token.end) or (near_previous and previous.key in PLAYING and not (
        position > 1 and tokens[position - 2].key == "well"  # "Well played Devon!"
    )):
        return THING  # "seeing Oliver! at the theatre", "the actor playing Simba": a show or a part in it
    if near_following and following.key == "the" and position + 2 < len(tokens) and (
        tokens[position + 2].key in ADULT_ROLES
    ):
        return THING  # "Kai the lifeguard from the RNLI"
    if ROLE_WAS.search(text, 0, token.start):
        return THING  # "Our driver today was Jordan from Galleon Travel"
    if work_of_list(tokens, position):
        return THING  # "our production of Oliver!", "a new version of Cinderella", "the Gospels of Mark and Luke"
    if token.key in PLANTS and PLANT_DOING.match(text, token.end):
        return THING  # "Ivy is growing all over the old shed", "Heather covered the hillside"
    if near_following and following.key == "of" and not class_next(position) and position + 2 < len(tokens) and (
        tokens[position + 2].capitalised and not is_pupil(tokens[position + 2])
        and joined_by_space(tokens[position + 2].gap_before)
    ):
        return THING  # "Kyle of Lochalsh", "Duke of Edinburgh"
    if MEANS.match(text, token.end):
        return THING  # "Seren means star in Welsh"
    if previous is not None and len(previous.text) == 1 and previous.text.isupper() and (
        text[previous.end:token.start].strip() in (".", "")
    ):
        return THING  # "C.S. Lewis", "J. K. Rowling": initials before a surname
    if AND_THE_TITLE.match(text, token.end):
        return THING  # "Peter and the Wolf", "Joseph and the Amazing Technicolor Dreamcoat"
    return None
