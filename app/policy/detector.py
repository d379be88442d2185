"""Offensive language in one place, for captions (the "offensive" rule) and for public comments (moderation).

Three layers, each cheap:
1. the UK word list with masked and leetspeak forms (offensive.py: f***, sh1t, b0ll0cks);
2. phrases the list cannot hold as single words: mild oaths ("what the hell", "for god's sake"), idioms
   ("kick some butt"), insults built from ordinary words ("a pack of liars", "so gay" as an insult);
3. the trained linear model from `alt-profanity-check` (offensive_model.py), run on the text with the
   innocent phrases masked first (Dick Whittington, blue tits, water butts, cockles and mussels), for the
   casual swearing and insults the first two miss.

API:
    offensive_findings(text) -> list[OffensiveHit]   # what to show: offsets into text, the word, what it means
    offensive_score(text) -> float                   # 0..1; 1.0 when a word or phrase matched, else the model
    is_offensive(text) -> bool                       # offensive_score(text) >= THRESHOLD
    warm_up()                                        # load the model ahead of the first call (~3 s)
All are pure functions of the text and thread-safe; after loading, a call takes well under a millisecond.
"""

from __future__ import annotations

import re

from app.policy.offensive import ALLOWED_PHRASES, WATER_DYKE, OffensiveHit, find_offensive
from app.policy.offensive_model import model
from app.policy.tokens import fold

# The model's probability from which a text counts as offensive. On the dev parts of benchmarks/data/ the
# highest-scoring clean caption scores 0.45 (innocent words masked) and every offensive one is caught from
# 0.5 to 0.95 (the word and phrase layers catch most); 0.6 keeps a margin over the clean captions.
THRESHOLD = 0.6
# Below this, the model's verdict stands only if one word scores this high on its own: a linear model over words
# finds "wool", "clouds", "goats" and "aged" a little rude, "stupid" and "loser" very.
SURE = 0.9

_OATHS = (
    r"what the (?:hell|fuck|f\W*k)", r"(?:bloody|bleeding|flaming|holy) hell", r"hell(?: yeah| no|'s bells)",
    r"go(?:es|ing)? to hell", r"to hell with", r"hell of an?", r"the hell", r"like hell",
    r"for (?:god|christ|chris|gawd)'?s? sake", r"oh my (?:god|gawd|lord)", r"god\s*damn\w*", r"goddam\w*",
    r"jesus(?: h\.?)? christ", r"christ almighty", r"(?:jesus|christ|hell)\s*[,!]", r"omfg", r"wtf", r"ffs", r"stfu",
    r"jeez", r"geez",
    r"freakin[g']?", r"friggin[g']?", r"frickin[g']?",
    r"screw (?:the|you|it|this|that|them|him|her)", r"shut up", r"sucks",
    r"(?:kick|whoop|whip|tan)(?:s|ed|ing|ped|ping)? (?:some |their |your |our |his |her |the )?"
    r"(?:butt|butts|ass|arse|backside)s?",
    r"pain in the (?:butt|ass|arse|backside)",
)  # fmt: skip
# Words that insult a person whatever the sentence.
_INSULT_WORDS = (
    r"liars?", r"losers?", r"numpty", r"numpties", r"plonkers?", r"prats?", r"gits?", r"berks?", r"twits?",
    r"dimwits?", r"nitwits?", r"halfwits?", r"dumbass\w*", r"jackass\w*", r"jerks?", r"scumbags?", r"scum",
    r"imbeciles?", r"cretins?", r"dunces?", r"muppets?", r"wallies", r"haters?", r"bellends?",
    r"homos?", r"lezz?(?:a|as|er|ers|zie|zies)", r"batty ?boys?", r"bum ?boys?", r"dykey",
)  # fmt: skip
# Ordinary words that insult when said of people: "a bunch of clowns", "a right donkey", "so gay".
_INSULT_NOUNS = r"(?:clowns?|pansies|donkeys?|sheep|animals|vultures|rats|pigs|lumps|wimps?|wusses|cowards?|babies|" \
                r"dummies|dopes|fools|idiots|morons|numpties|muppets|liars|losers|gits|jerks)"
_ANIMAL_NOUNS = r"(?:sheep|donkeys?|animals|vultures|rats|pigs)"
_INSULT_NOUN = r"(?:clown|donkey|wimp|wuss|coward|baby|dummy|dope|fool|lump|pig|snake|rat|plank|weirdo|freak|knob)"
_INSULT_FRAMES = (
    rf"(?:bunch|pack|gang|shower) of (?:\w+ )?{_INSULT_NOUNS}",
    rf"(?:load|lot|herd) of (?:\w+ )?(?!{_ANIMAL_NOUNS}\b){_INSULT_NOUNS}",  # (but "a LOT of sheep" on a farm)
    rf"(?:what a|such a|total|right|complete|absolute|utter|proper|sad little|fat) {_INSULT_NOUN}",
    r"(?:so|that's|thats|it's|its|how|proper|totally|really|well|bit|too|lame and|stupid and) gay",
    r"(?:dumb|thick) as (?:a )?(?:rock|brick|bricks|mince|two short planks)",
)  # fmt: skip
_PHRASE = re.compile(r"(?<![\w'])(?:" + "|".join((*_OATHS, *_INSULT_WORDS, *_INSULT_FRAMES)) + r")(?![\w'])",
                     re.IGNORECASE)
# Titles, places and things that contain a word the phrases or the model would take as rude.
INNOCENT_PHRASES = (
    *ALLOWED_PHRASES, "water butt", "water butts", "cockles and mussels", "the muppets", "muppet show",
    "muppet christmas carol", "muppets christmas carol", "hell gill", "hell's mouth", "gay street",
    "a gay old time", "gay gordons", "dicky bird", "dicky birds", "jesus christ superstar", "shut up shop",
    "plymouth hoe", "on the hoe", "garden hoe", "a hoe and", "hoe and rake", "peppa pig", "peppa pig world",
    "the donkey", "a donkey", "real donkey", "donkey ride", "donkey rides", "donkey sanctuary", "the twits",
    "better to die than be a coward", "mr twit", "mrs twit", "butt of lewis", "from the hoe", "cocks moors woods",
    "finches and tits", "fat rascal", "fat rascals", "cock and bull",  # (a Yorkshire tea-room scone)
    *(f"jerk {food}" for food in "chicken pork fish goat lamb beef tofu halloumi jackfruit prawns wings seasoning "
      "marinade sauce spice rub".split()),
)  # fmt: skip
_INNOCENT = re.compile(
    r"(?<!\w)(?:" + "|".join(r"[\s-]+".join(map(re.escape, re.split(r"[\s-]+", p)))
                            for p in sorted(set(INNOCENT_PHRASES), key=len, reverse=True)) + r")(?!\w)",
    re.IGNORECASE,
)
_MODEL_WORD = re.compile(r"(?u)\b\w\w+\b")


def mask_innocent(text: str) -> str:
    """The text (folded) with innocent phrases blanked out, same length so offsets still match."""
    def blank(found: re.Match[str]) -> str:
        return " " * len(found.group())

    return WATER_DYKE.sub(blank, _INNOCENT.sub(blank, fold(text)))


def _phrase_hits(text: str, masked: str) -> list[OffensiveHit]:
    return [OffensiveHit(m.start(), m.end(), text[m.start() : m.end()], m.group().lower())
            for m in _PHRASE.finditer(masked)]


def _model_hits(text: str, masked: str) -> list[OffensiveHit]:
    """When the model scores the text offensive: the words it is offended by (each scored alone), or the
    word that pushes the score most."""
    linear = model()
    whole = linear.probability(masked)
    if whole < THRESHOLD:
        return []
    words = [m for m in _MODEL_WORD.finditer(masked) if m.group().lower() not in linear.stop_words]
    rude = [m for m in words if linear.probability(m.group()) >= THRESHOLD]
    if whole < SURE and all(linear.probability(m.group()) < SURE for m in rude):
        return []  # "Cotton wool clouds", "goats, pigs and a donkey", "Bertie, aged 9": no word is rude alone
    if not rude and words:
        rude = [max(words, key=lambda m: linear.probability(m.group()))]
    if not rude:
        return [OffensiveHit(0, len(text), text, "offensive (model)")]
    return [OffensiveHit(m.start(), m.end(), text[m.start() : m.end()], "offensive (model)") for m in rude]


def offensive_findings(text: str) -> list[OffensiveHit]:
    """Every offensive word or phrase in text, in order, without overlaps; [] when the text is fine."""
    if not text.strip():
        return []
    masked = mask_innocent(text)
    hits = [*find_offensive(text), *_phrase_hits(text, masked)]
    if not hits:
        hits = _model_hits(text, masked)
    hits.sort(key=lambda h: (h.start, -h.end))
    kept: list[OffensiveHit] = []
    for hit in hits:
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return kept


def offensive_score(text: str) -> float:
    """How offensive the text is, 0..1: 1.0 when a listed word or phrase is present, else the model's
    probability on the text with innocent phrases masked."""
    if not text.strip():
        return 0.0
    masked = mask_innocent(text)
    if find_offensive(text) or _PHRASE.search(masked):
        return 1.0
    return model().probability(masked)


def warm_up() -> None:
    """Load the model now (about 3 s: it imports scikit-learn) rather than on the first check."""
    model()


def is_offensive(text: str) -> bool:
    return offensive_score(text) >= THRESHOLD
