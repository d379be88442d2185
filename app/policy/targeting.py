"""Praise, criticism or wishes aimed at one named child ("Well done Josh a better lesson today").

The policy's own example of what not to post. Found by the phrase around a first name (a roster pupil's, or
any name in the UK list): "Well done Josh", "Josh, well done", "Oscar needs to try harder", "Happy birthday
to Amy", "Star of the week is Ella". Names of classes, staff (Mrs Patel) and places (Jersey Zoo) are skipped.
"""

from __future__ import annotations

import re

from app.policy.name_calendar import CALENDAR
from app.policy.name_context import THING, read_role, targeting_start
from app.policy.name_cues import AWARD_TO, CHILD_AFTER, FUNCTION_WORDS, TARGETING
from app.policy.name_neighbours import list_goes_on, list_neighbours
from app.policy.name_words import GROUP_WORDS, PLACE_AFTER, SCHOOL_WORDS, VERB_NAMES, place_names
from app.policy.names import NameIndex, NameScan
from app.policy.tokens import Token, joined_by_space

# Said of a child after the name: "Oscar needs to remember his kit", "Ruby must try harder".
_CRITICISM_AFTER = re.compile(
    r"(?:\s+\w+){0,3}?\s+(?:needs?\s+to|must\s+(?:try|remember|learn|stop|do)|should\s+(?:try|remember|have)|"
    r"has\s+to\s+(?:try|remember|learn)|try\s+harder|(?:behaviour|attitude)\s+(?:was|has\s+been|needs|is)|"
    r"(?:a\s+)?(?:much\s+)?better\s+(?:lesson|day|week|effort|behaviour|attitude)|"
    r"(?:has\s+been|was|is|were)\s+(?:really\s+|very\s+|so\s+|quite\s+)?(?:unkind|rude|naughty|silly|disruptive|"
    r"lazy|mean|cheeky|a\s+nuisance|not\s+(?:acceptable|good\s+enough))|"
    r"(?:was|is)\s+(?:late\s+again|disappointing)|(?:has\s+been|was)\s+late\s+(?:every|again|three|twice|most)\b|"
    r"(?:didn't|did\s+not)\s+listen\b|wandered\s+off\b|that\s+was\s+not\s+an?\s+acceptable|left\s+(?:his|her|their)\s+(?:\w+\s+)?(?:coat|jumper|bag|"
    r"lunchbox|lunch|water\s+bottle|book|kit|hat|glasses|jacket)\b|(?:forgot|(?:has|had)\s+forgotten)\s+(?:his|her|their)|(?:was|is|got|has\s+been)\s+in\s+trouble|had\s+a\s+(?:really\s+|much\s+)?(?:tricky|difficult|tough|hard|rough|bad|calmer|better)\s+(?:day|morning|afternoon|week)|(?:has\s+been|was|got)\s+told\s+(?:off|twice|again)|(?:has|had)\s+left\s+(?:his|her|their)|was\s+sent\s+(?:out|home|to\s+(?:mrs|mr|miss|ms|the\s+head|the\s+office)\b)|(?:(?:was|is|has\s+been)\s+not|wasn't|wasn’t|isn't|isn’t|hasn't\s+been|hasn’t\s+been)\s+(?:listening|behaving|trying|concentrating|focused|"
    r"kind|ready|sensible)|let\s+(?:his|her|their|the|us)\s+(?:\w+\s+)?down|"
    r"(?:has\s+)?(?:earned|achieved|passed|been\s+awarded|got|gained)\s+(?:his|her|their)\s+(?:pen|swimming|\w+)\s+"
    r"(?:\w+\s+)?"
    r"(?:licence|license|badge|certificate|award|stripe|belt)|(?:must|needs?\s+to|has\s+to)\s+(?:bring|hand\s+in|return|apologi[sz]e))\b",
    re.IGNORECASE,
)
# Spoken to after the name, in a public post: "Jordan, please remember...", "Kingston, your behaviour...".
_TO_THE_CHILD = re.compile(r"\b(?:your|please|remember)\b", re.IGNORECASE)
_YOU = re.compile(r"\byou(?:r|'re|’re)?\b", re.IGNORECASE)
# "Brilliant reading today, Will - keep it up!": praise, then the child's name at the end of the sentence.
_PRAISE = re.compile(
    r"\b(?:well\s+done|brilliant|fantastic|amazing|excellent|super|great|lovely|wonderful|proud|superb|"
    r"keep\s+it\s+up|good\s+job|nice\s+work|thoughtful|hope\s+you|feel\s+better|get\s+well|fresh\s+start|"
    r"tough\s+day|disappointing|disappointed|not\s+good\s+enough|unacceptable|what\s+an?\s+(?:star|superstar|legend|hero|champ|"
    r"champion|goal|save|catch|shot|try|performance))\b",
    re.IGNORECASE,
)
# "Millie's handwriting has improved so much": a child's progress praised.
_PROGRESS = re.compile(
    r"(?:'s|’s)\s+(?:\w+\s+){0,2}?(?:has|have)\s+(?:really\s+|so\s+|massively\s+|come\s+on\s+)?(?:improved|"
    r"come\s+on|been\s+(?:brilliant|fantastic|amazing|superb|excellent|outstanding))", re.IGNORECASE)
# "Autumn was brilliant in assembly", "Daisy was so kind to the new starter".
_PRAISED_AFTER = re.compile(
    r"\s+(?:was|is|has\s+been)\s+(?:so\s+|really\s+|very\s+|absolutely\s+|truly\s+)?(?:brilliant|fantastic|amazing|"
    r"superb|excellent|outstanding|kind|helpful|brave|wonderful|a\s+credit|a\s+superstar)\b"
    r"|\s+(?:was|is|has\s+been|got)\s+caught\s+being\b"  # "Poppy was caught being kind today"
    r"|\s+(?:has\s+been|was|is)\s+(?:so\s+)?much\s+more\s+(?:focused|settled|confident|calm|careful|positive|"
    r"patient|helpful|kind|organised|engaged|sensible|mature)\b"  # "Grace has been so much more focused"
    r"|\s+did\s+(?:so\s+|really\s+)?(?:brilliantly|fantastically|amazingly|brilliant|so\s+well|really\s+well)\b",
    re.IGNORECASE)
# "esme remember your recorder on thursday": told what to do.
_TOLD_AFTER = re.compile(
    r"[\s,]+(?:remember|please|pls|plz|don't\s+forget|do\s+not\s+forget|make\s+sure|well\s+done|your)\b",
    re.IGNORECASE)
# "Minerva in Severn class, please see Mrs Gold": a child named with the class, then told what to do.
_CLASS_THEN_TOLD = re.compile(
    r"\s+(?:in\s+)?[\w\s-]{1,25}?\s*,\s*(?:please|pls|your|remember|don't\s+forget|do\s+not\s+forget)\b", re.I)
# "Good luck at your swimming gala this weekend Harry!": wishes, then the child's name ending the sentence.
_FAMILY = frozenset("baby brother sister son daughter dog cat puppy".split())  # "the birth of baby Alfie!"
_WISH_OPENS = re.compile(
    r"\W*(?:good\s+luck|well\s+done|happy\s+(?:\d+\w*\s+)?birthday|sorry\s+to\s+hear|congratulations|get\s+well|thank\s+you|thanks|"
    r"(?:great|lovely|glad|so\s+good)\s+to\s+have\s+you\s+back|welcome\s+back)\b",
    re.IGNORECASE)
# "lucas brilliant effort in the maths challenge!!": praise straight after a name that opens the caption.
_PRAISE_NEXT = re.compile(r"\s+(?:brilliant|great|fantastic|amazing|super|excellent|superb|lovely|wonderful)\s+"
                          r"(?:effort|work|job|reading|writing|singing|dancing|swimming|playing|performance)\b", re.I)
# "Patience please, Year 6 parents!": a word asked of a group, not a child.
_ASKED_OF_A_GROUP = re.compile(r"[\s,]+please\W+(?:year|parents|families|everyone|all|children|class)\b", re.I)
# "Penny you were a star", "Rohan you left your lunchbox on the bus".
_YOU_DID = re.compile(r"[\s,]+you\s+(?:were|are|have|did|made|left|forgot|need|must|should|'re|’re)\b", re.IGNORECASE)
# "Jack's behaviour on the coach was disappointing": the child's conduct judged in the same sentence.
_CONDUCT = re.compile(
    r"(?:'s|’s)\s+(?:behaviour|attitude|conduct|manners|effort|work)\b[^.!?\n]*?\b(?:disappointing|poor|"
    r"unacceptable|not\s+(?:acceptable|good\s+enough|ok|okay|on)|let\s+(?:\w+\s+)?down|must\s+improve|needs\s+to\s+improve)\b",
    re.IGNORECASE,
)
# "Noooo Malik! Your lunch...", "Oh Ruby, ...": a sound before the name still opens a sentence to the child.
_INTERJECTION = re.compile(r"n+o+|o+h+|h+e+y+|w+o+w+|y+a+y+|o+o+p+s+|a+w+|h+i+|a+h+|e+e+k+|u+h+\s*o+h+")
# "Amir got 10/10 in his spelling test – well done!": the sentence about one child ends in praise.
_PRAISE_ENDS = re.compile(
    r"[^.!?\n]*?(?:[-–—,:]\s*|[.!]\s+)(?:well\s+done|bravo|congratulations|congrats|so\s+proud|not\s+ok(?:ay)?|"
    r"not\s+acceptable|unacceptable)\b[^.!?\n]{0,20}[.!]*(?:\s*[^\w\s])*\s*$",
    re.IGNORECASE)
# "We're all thinking of you Khadija, get well soon": the child spoken to by name.
_YOU_BEFORE = re.compile(r"\byou\s+$", re.IGNORECASE)
# "Great to have you back at school Ivy, we missed you!": the name ends a clause, and no list goes on.
_CLAUSE_ENDS = re.compile(r"\s*,\s+(?:we|you|it|what|and\s+(?:we|you))\b", re.IGNORECASE)
_NAME_ENDS_SENTENCE = re.compile(r"\s*(?:$|[!.?\n]|\s[-–—]\s)")
# "Ella is our star of the week", "Sam was player of the match".
_HONOUR_AFTER = re.compile(
    r"\s+(?:(?:is|was)\s+(?:our\s+|this\s+week's\s+|today's\s+|the\s+)?(?:[\w'’]+\s+){0,3}?"
    r"(?:star|player|winner|champion|pupil)|"
    r"(?:has\s+been|was|is)\s+(?:a|an|such\s+a)\s+(?:real\s+|true\s+|great\s+|brilliant\s+|fantastic\s+|amazing\s+|"
    r"absolute\s+|total\s+|super\s+|wonderful\s+|lovely\s+|fab\s+)?(?:role\s+model|superstar|star|legend|hero|gem|"
    r"angel|credit|joy|pleasure|delight|inspiration|ray\s+of\s+sunshine|helper|friend|leader|reader|listener)|"
    r"(?:has\s+been|was|got)\s+(?:chosen|selected|picked|voted|elected)|"  # "Phoebe has been chosen as captain"
    r"(?:wins|won|has\s+won|takes\s+home|took\s+home)\s+(?:our|the|this\s+year's|first\s+prize\s+in)\s+"
    r"(?:[\w'’-]+\s+){0,4}?(?:competition|prize|award|certificate|medal))\b",  # (a house wins a cup)
    re.IGNORECASE,
)
# "Josh, well done...", "Georgia - we are so proud of you": the name opens a sentence addressed to the child.
_ADDRESSED = re.compile(r"\s*[,:\-–—!]\s*")
# "Thanks to Dave our driver": an adult with a role, not a child.
_ADULT_AFTER = re.compile(
    r"\W*(?:(?:our|the|from\s+the|at\s+the)\s+)(?:\w+\s+){0,2}?(?:driver|instructor|caretaker|volunteer|chef|cook|"
    r"ranger|guide|leader|teacher|head(?!\s+(?:boy|girl))|headteacher|governor|author|visitor|officer|firefighter|"
    r"nurse|doctor|vicar|librarian|coach|manager|staff|team|mum|dad|grandad|grandma|nan)s?\b"
    r"(?!\s+(?:needs|is|are|was|were|will|has|have|wants|misses|says|sends|sent)\b)",  # "..., the team needs you"
    re.IGNORECASE,
)


def _candidate(names: NameIndex, token: Token, following: Token | None = None) -> bool:
    if token.key in SCHOOL_WORDS and token.key in names.first_keys and token.capitalised and (
        following is None or following.key in FUNCTION_WORDS or not joined_by_space(following.gap_before)
    ):
        return True  # "Well done Roman for finally learning your 7 times table!" (not "Roman soldiers")
    if token.key in GROUP_WORDS or token.key in SCHOOL_WORDS or (
        token.key in names.class_keys and token.key not in names.first_keys
    ):
        return False
    if token.key in names.first_keys:
        return token.capitalised or token.key not in names.words
    return token.key in names.uk_names and (token.capitalised or token.key not in names.words)


def _one_child(scan: NameScan, names: NameIndex) -> bool:
    """Only one roster first name in the caption that could be a child."""
    keys = {t.key for at, t in enumerate(scan.tokens)
            if at not in scan.skipped and t.key in names.first_keys and _candidate(names, t)}
    return len(keys) == 1


def targeted_spans(text: str, scan: NameScan, names: NameIndex) -> list[tuple[int, int]]:
    """[start, end) of each phrase that aims praise, criticism or wishes at one named child."""
    tokens = scan.tokens
    spans: list[tuple[int, int]] = []
    for position, token in enumerate(tokens):
        following = tokens[position + 1] if position + 1 < len(tokens) else None
        if position in scan.skipped or len(token.key) < 2 or not _candidate(names, token, following):
            continue
        if following is not None and following.key in GROUP_WORDS | PLACE_AFTER and not following.gap_before.strip():
            continue  # "Well done Oak class", "Thank you Jersey Zoo"
        if _ADULT_AFTER.match(text, token.end):
            continue
        role = read_role(text, tokens, position, is_name=names.is_name, is_surname_of=names.is_surname_of,
                         is_pupil=lambda t: t.key in names.first_keys,
                         class_next=lambda at: names.class_next(text, tokens[at]), thing_word=False,
                         classes=names.class_keys)
        if role == THING:
            continue
        start = targeting_start(text, tokens, position)
        if start is not None:
            spans.append((start, token.end))
            continue
        tail = text[token.end :]
        listed_with_words = any(not n.capitalised and n.key not in FUNCTION_WORDS and list_goes_on(tokens, n)
                                for n in list_neighbours(tokens, position))
        opens = token.sentence_start or (position > 0 and tokens[position - 1].sentence_start
                                         and _INTERJECTION.fullmatch(tokens[position - 1].key) is not None)
        if opens and _ADDRESSED.match(tail) and not listed_with_words:  # not "Holly, ivy and pine"
            sentence = re.split(r"[.!?\n]", tail[_ADDRESSED.match(tail).end() :], maxsplit=1)[0]
            word_only = token.key not in names.first_keys and token.key in names.words  # "Snow! ... please wrap up"
            phrase = TARGETING.search(sentence) or _CRITICISM_AFTER.match(sentence) or (
                not word_only and _TO_THE_CHILD.search(sentence))
            if not phrase and token.key not in place_names():  # "Autumn, what a brilliant poem", "Sydney - a
                after = tail[_ADDRESSED.match(tail).end() + len(sentence):]  # thoughtful question. Well done!"
                phrase = (_PRAISE.search(sentence) or _YOU.search(sentence)
                          or re.match(r"\W*(?:well\s+done|bravo)\b", after, re.IGNORECASE))
            rest = tail[_ADDRESSED.match(tail).end() + len(sentence):]
            if not phrase and not word_only:  # "Reuben, that's three weeks without homework. Please catch up."
                phrase = re.match(r"\W*(?:please|pls)\b", rest, re.IGNORECASE)
            if phrase or re.search(r"\bproud of you\b", sentence, re.IGNORECASE):
                spans.append((token.start, token.end + _ADDRESSED.match(tail).end() + len(sentence)))
                continue
        if _YOU_BEFORE.search(text, 0, token.start) and re.match(r"\s*(?:[,!.?]|$)", text[token.end:]) and (
            token.key not in place_names()
        ):
            spans.append((tokens[position - 1].start, token.end))  # "We miss you Ruby!"
            continue
        if token.sentence_start and role != THING and _PRAISE_ENDS.match(text, token.end) and (
            _one_child(scan, names)
        ):
            spans.append((token.start, len(text.rstrip())))
            continue
        opening = max(text.rfind(mark, 0, token.start) for mark in ".!?\n") + 1
        ends = not token.sentence_start and (
            _NAME_ENDS_SENTENCE.match(text, token.end) or _CLAUSE_ENDS.match(text, token.end)
            or names.class_next(text, token) or CHILD_AFTER.match(text, token.end))
        if ends and token.gap_before.strip() == "" and _WISH_OPENS.match(text, opening) and (
            token.key not in place_names() and tokens[position - 1].key not in _FAMILY
        ):
            spans.append((opening, token.end))
            continue
        if token.gap_before.strip() == "," and not token.sentence_start and _NAME_ENDS_SENTENCE.match(text, token.end):
            opening = max(text.rfind(mark, 0, token.start) for mark in ".!?\n") + 1
            after = re.split(r"[.!?\n]", text[token.end:].lstrip(".!? "), maxsplit=1)[0]
            if _PRAISE.search(text, opening, token.start) or (token.key not in place_names() and (
                _YOU.search(after) or _YOU.search(text, opening, token.start)
            )):
                spans.append((opening, token.end))
                continue
        if role != THING and (
            (token.key not in place_names() and token.key not in CALENDAR and _PRAISED_AFTER.match(text, token.end))
            or (token.sentence_start and names.class_next(text, token) and _CLASS_THEN_TOLD.match(text, token.end))
            or (token.sentence_start and _PRAISE_NEXT.match(text, token.end))
            or (token.sentence_start and token.key not in VERB_NAMES and not _ASKED_OF_A_GROUP.match(text, token.end)
                and (_TOLD_AFTER.match(text, token.end) or (
                _YOU_DID.match(text, token.end) and token.key not in place_names())))
        ):
            spans.append((token.start, token.end))
            continue
        found = (role != THING and (_CRITICISM_AFTER.match(text, token.end) or _CONDUCT.match(text, token.end)
                                    or _PROGRESS.match(text, token.end))) or _HONOUR_AFTER.match(text, token.end)
        if not found and role != THING and AWARD_TO.search(text, 0, token.start):
            spans.append((max(text.rfind(mark, 0, token.start) for mark in ".!?\n") + 1, token.end))
            continue
        if found:
            spans.append((token.start, found.end()))
    return spans
