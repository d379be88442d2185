"""The words and phrases name_context reads around a name: verbs, prepositions, praise, place nouns."""

from __future__ import annotations

import re

# Praise, thanks and wishes that single out whoever is named next: "Well done Josh", "Happy birthday to Amy".
TARGETING = re.compile(
    r"\b(?:(?:congratulations|congrats|thanks|well\s+done|best\s+wishes)\s+(?:go|goes|went)(?:\s+out)?|"
    r"best\s+wishes|birthday\s+wishes|welcome\s+back|please\s+(?:can|could|would|will)|(?!(?:book|song|poem|film|word|author|recipe|story|photo|picture|value|virtue|theme|focus|topic|letter|sound|colour|country)\b)[a-z]+\s+of\s+the\s+(?:week|day|month|term|match)(?:\s+in\s+(?:the\s+)?\w+(?:\s+class)?)?(?:\s+is(?:\.{3}|…)?)?|(?:great|brilliant|fantastic|amazing|super|lovely|excellent|superb)\s+(?:\w+\s+){0,5}?(?:from|by)|sorry(?:\s+to\s+hear(?:\s+that)?)?|hard\s+luck|bad\s+luck|unlucky|better\s+luck\s+next\s+time|"
    r"not\s+good\s+enough\s+from|(?:ten|10)\s+out\s+of\s+(?:ten|10)(?:\s+\w+){0,4}?\s+for|(?:glad|lovely|great|good|nice)\s+to\s+have(?!\s+you)|"
    r"well\s+done|congratulations|congrats|hap{1,2}y\s+(?:\d+\w*\s+)?birthday|what\s+an?\s+(?:goal|save|catch|"
    r"shot|try|run|race|swim|dive|jump|throw)\s+(?:from|by)|good\s+luck|great\s+job|"
    r"great\s+work|brilliant\s+work|fantastic\s+work|amazing\s+work|super\s+work|thank\s+you|thanks|"
    r"big\s+thanks|huge\s+thanks|shout\s*-?\s*out|proud\s+of(?:\s+you)?|star\s+of\s+the\s+(?:week|day|month)(?:\s+in\s+(?:the\s+)?\w+(?:\s+class)?)?(?:\s+is)?(?:\.{3}|…)?|reminder\s+(?:for|to)|"
    r"player\s+of\s+the\s+match(?:\s+is)?|bravo|special\s+mention|keep\s+it\s+up|a\s+better\s+lesson|"
    r"get\s+well\s+soon|get\s+better\s+soon|get\s+well\s+wishes|top\s+marks(?:\s+\w+){0,4}?\s+for|(?:player|star|pupil|writer|reader)\s+of\s+the\s+(?:match|week|day|month)[^.!?\n:]{0,30}:|proud\s+moment\s+for|(?:certificate|medal|trophy)\s+for|keep\s+going|disappointing\s+to\s+see|poor\s+(?:effort|behaviour|attitude)\s+(?:\w+\s+){0,3}?(?:from|by)|star\s+(?:writer|reader|speller|mathematician|scientist|artist|learner)(?:\s+of\s+the\s+week|\s+this\s+week)?(?:\s+is)?|(?:lovely|nice|good|so\s+good)\s+to\s+see|feel\s+better(?:\s+soon)?|(?:champion|winner)(?:\s+(?:19|20)\d\d)?(?=\s*[:\-–—])|top\s+marks|keep\s+it\s+going|speedy\s+recovery|da\s+iawn|llongyfarchiadau|"
    r"pen[\s-]*blwydd\s+hapus|croeso\s+n[oô]l|diolch(?:\s+yn\s+fawr)?|best\s+of\s+luck|hats\s+off\s+to|gold\s+stars?\s+(?:for|to)|(?:glad|lovely|great)\s+to\s+have\s+you\s+back|great\s+to\s+(?:see|have)|happy\s+[a-z]+\s+day|"
    r"(?:eid|ramadan|diwali|vaisakhi)\s+mubarak|merry\s+christmas|happy\s+(?:diwali|eid|hanukkah|christmas|easter)|"
    r"not\s+a\s+(?:great|good)\s+(?:day|week|start)\s+for|(?:that\s+)?(?:was|is)\s+not\s+the\s+way\s+to\s+behave|(?:great|fantastic|brilliant|big|huge|super|amazing)\s+effort|look\s+at|go|"
    r"(?:effort|work|teamwork|performance|job|display|reading|writing|singing|dancing|playing|behaviour|attitude|"
    r"manners|listening|kindness|focus|sportsmanship|resilience|concentration|perseverance)\s+(?:from|by)|"
    r"(?:disappointed|unhappy|not\s+happy|cross)\s+(?:with|in|by)|"
    r"(?:much\s+)?better\s+(?:lesson|day|week|effort|behaviour|attitude)\s+(?:from|by|for))\b",
    re.IGNORECASE,
)
# Words that may come between the phrase and the name: "Fantastic effort from Douglas", "Our congratulations
# go to Paris".
TARGET_FILLERS = frozenset(
    """to our very own little lovely amazing superstar brilliant for from today again wonderful fabulous fantastic
    special dear gorgeous brave clever super kind head girl boy i""".split()
)
# "Huge smiles from Kingston", "Cheers from Stanley": what comes "from" a name here is a person's.
FROM_A_PERSON = frozenset(
    """smile smiles grin grins cheer cheers giggle giggles laugh laughs laughter hug hugs wave waves scream screams
    squeal squeals tears thumbs concentration advice tip tips message words wisdom""".split()
)
# "on the way back from Harlow", "the drive home from Kendal": a journey's end is a place.
JOURNEY = frozenset(
    """back home journey drive ride trip route way flight ferry train coach bus us residential visit outing crossing
    sailed sailing flew""".split())
# "the Northern line from Golders Green to Angel": after "from <Place> to", the next name is a place too.
FROM_PLACE = re.compile(r"\bfrom\s+(?:(?-i:[A-Z])[\w'’-]*\s+){1,3}$")
# Said fondly of a child just before the name: "Little Daisy waving", "Our brave Hunter".
FOND_WORDS = frozenset(
    """little brave clever proud smiley fearless kind young sporty talented tiny determined superstar budding artistic
    creative""".split()
)
# An adult's role just before the name: "our lollipop man Dave", "our visitor, Sarah from the RSPB".
ADULT_ROLES = frozenset(  # only roles a child does not have ("team leader Georgia" may be a child)
    """man lady driver visitor author illustrator ranger instructor chef nurse doctor vicar reverend caretaker
    governor volunteer librarian officer firefighter farmer zookeeper paramedic dentist mayor councillor grandad
    grandma granny nan uncle aunt auntie headteacher teacher guide groundsman groundskeeper cleaner receptionist
    secretary bursar technician priest deacon chaplain bishop curate minister lifeguard coastguard fisherman
    skipper postman postwoman warden beekeeper grandpa nana poet composer emperor empress pharaoh prophet guru
    imam rabbi ferryman boatman blacksmith gamekeeper""".split()
)
# "St Vincent de Paul", "Leonardo da Vinci", "Vincent van Gogh": after these small words a name is part of
# someone else's (usually famous) name.
NAME_PARTICLES = frozenset("de da di del della van von der den du dos das ibn bin al el".split())
# "Guess where we are? Paris!": a place name answering a where-question.
WHERE_QUESTION = re.compile(r"\bwhere\b[^.!?\n]*\?\s*$", re.IGNORECASE)
# Said of a child right after the name: "Victoria, our head girl", "Sydney, our pen pal", "Ivy in the play".
CHILD_AFTER = re.compile(
    r"\s*,\s*(?:our|my|the|a|his|her)\s+(?:[\w-]+\s+){0,2}?(?:head\s+girl|head\s+boy|pen\s*-?\s*pal|friend|buddy|"
    r"captain|reporter|ambassador|monitor|champion|winner|helper|prefect|councillor|representative|classmate|pupil|"
    r"daughter|son|sister|brother|twin|cousin)s?\b"
    r"|\s+(?:in|on)\s+(?:the|our)\s+(?:[\w-]+\s+){0,2}?(?:play|nativity|show|production|musical|panto|pantomime|"
    r"choir|team|squad|band|orchestra|race|final|relay|match|concert)\b"
    r"|\s+and\s+the\s+rest\s+of\b|\s*[,(]\s*aged\s+\d"
    r"|\s+on\s+(?:the\s+)?(?:drums|bagpipes|piano|keyboard|guitar|violin|cello|recorder|trumpet|trombone|xylophone|"
    r"glockenspiel|tambourine|flute|clarinet|saxophone|ukulele|harp|cornet|fiddle|triangle|bongos)\b"  # on the drums
    r"|\s+as\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,2}?(?:innkeeper|shepherd|narrator|angel|wise\s+man|king|queen|wolf|"
    r"donkey|villain|witch|giant|troll|dame|fairy|genie|sheriff|captain|pirate)s?\b"  # "Phoenix as the innkeeper"
    r"|\s+at\s+the\s+(?:piano|keyboard|drums|organ|telescope|microscope|easel|helm|wheel)\b"
    r"|\s+on\s+the\s+(?:zip\s*-?\s*wire|climbing\s+(?:wall|frame)|swings?|slide|trampoline|monkey\s+bars|see-?saw|"
    r"roundabout|balance\s+beam|high\s+ropes|assault\s+course|podium|balance\s+bike|bikes?|scooters?|trikes?)\b"
    r"|\s+in\s+(?:her|his|their)\s+(?:[\w'’-]+\s+){0,2}?(?:costume|outfit|uniform|kit|wetsuit|helmet|hat|coat|"
    r"wellies|dress|hoodie|jumper|goggles|armour|toga|cape|crown|onesie|pyjamas)s?\b"  # "Summer in her ... costume"
    r"|\s*[-–—,(]?\s*in\s+goal\b",  # "Sky in goal for the girls' team", "Coral - in goal - on the field"
    re.IGNORECASE,
)
PRONOUNS = frozenset("you your my his her their our".split())  # "paddy your swimming bag...": spoken to
# "Spot Holly (in the blue hat)": a child in a photo, by what they are wearing.
CLOTHES_AFTER = re.compile(
    r"\s*\(\s*(?:in|wearing|with)\s+(?:the|a|an|her|his)\s+(?:[\w-]+\s+){0,2}?(?:hat|cap|coat|jumper|top|t-shirt|"
    r"shirt|dress|scarf|hood|glasses|costume|helmet|wellies)\b", re.IGNORECASE)
# "World Book Day: Poppy (Elmer), Bear (the Gruffalo)": a child and the character they came as.
COSTUME_DAY = re.compile(
    r"\b(?:book\s+day|book\s+week|dressed\s+(?:up\s+)?as|costumes?|came\s+as|fancy\s+dress)\b", re.I)
# "Poppy (Elmer)", "Chris as the BFG": the character a child came as.
CHARACTER_GLOSS = re.compile(r"\s*\((?:the\s+|a\s+)?(?-i:[A-Z])[^)\n]{0,40}\)|\s+as\s+(?:the\s+)?(?-i:[A-Z])")
# "Photo credit: Abbey", "Pictures by Skye": the child who took the photo.
PHOTO_CREDIT = re.compile(r"\b(?:photos?|pictures?|pics?)\s+(?:credits?|by)\s*[:\-–—]?\s*$", re.IGNORECASE)
# Weather and landscape words that make the next word a place even with no preposition: "Sunny Sydney".
SCENIC_ALONE = frozenset("sunny rainy windy snowy misty foggy breezy historic beautiful bonnie stunning".split())
# "from beautiful Skye", "in sunny Devon": a place word may follow these after a preposition.
SCENIC = frozenset(
    """beautiful sunny rainy lovely windy snowy misty historic gorgeous stunning bonnie wonderful glorious wet
    chilly freezing hot cold breezy foggy magical marvellous amazing busy bustling""".split()
)
DETERMINERS = frozenset("the a an this that these those".split())
# After these a place name is a place ("a trip to Jersey"); a name that is not a place is still a child.
PLACE_PREPOSITIONS = frozenset(
    """to in at on from into across near around through over via towards toward visiting visited visit leaving left
    reached reaching explored exploring outside inside beyond about along passed passing""".split()
)
# "the streets of Paris", "Isle of Skye": "of" after these nouns introduces a place.
PLACE_NOUNS = frozenset(
    """treaty battle siege duke duchess earl prince princess university bank mayor kingdom republic port bay gulf
    sound hill kyle firth vale valley strait mull rock tip shores cliffs
    isle island city town streets beaches beach coast capital history map maps people queen king duke
    rainforests mountains hills shores sights flag flags food music museums lakes county views view weather
    tour""".split()
)
FUNCTION_WORDS = frozenset(
    """and or but in on at to from with for of by as so too very really today tonight tomorrow yesterday this
    that these those who which when where while after before is was are were has had have will would can could
    did does do not also just always never here there again all both it we they you he she""".split()
)
PERSON_BEFORE = frozenset("with by beside behind own".split())  # "starring our own Oliver"
# Verbs that follow a child's name in school news ("Georgia loved the zip wire"); -ed words count too.
VERBS = frozenset(
    """is was are were has had have will would can could did does do made won ran sang swam took found caught
    came went got gave saw wrote read drew built kept led lost tried helped looked played scored spotted
    learned learnt finished raced recited taught carried shared baked planted decorated presented said says
    loves loved enjoys enjoyed gets makes wins takes finds reads writes draws sings dances plays became
    began brought bought fell flew grew knew met paid rode sat slept spoke stood threw told wore
    climbed cooked painted fixed walked tidied stayed joined counted celebrated visited lit
    reached completed designed managed fed ate dug hid cut won't can't didn't wasn't isn't hasn't couldn't
    wouldn't shouldn't doesn't don't haven't hadn't weren't aren't""".split()
) | frozenset(  # the other common irregular past tenses (a general list, not from the captions)
    """spent sent felt left heard held thought meant slept swept wept bent lent lit fought sought stuck struck
    hung spun shone shot set put let hit hurt shut spread split blew chose froze broke woke stole tore swore
    drove dove forgot forgave bit slid rang sprang drank sank shrank ran overcame sold wound bound fled bled sped
    laid shook understood dreamt burnt leapt knelt""".split()
)
# Present tense: "Georgia climbs", "Sydney catches", "Lily tries".
VERB_BASES = frozenset(
    """catch climb paint jump swim run help try want like need think show lead reach finish build love enjoy get
    make win take find write draw sing dance play ride cook walk bake tell wear say read""".split()
)
PASSIVE = frozenset("said sung held served planted picked grown used built opened".split())
WITH_PEOPLE = re.compile(
    r"\s+(?:and|&|with)\s+(?:his|her|their|the)?\s*(?:friends?|family|mum|dad|brothers?|sisters?|team|group|"
    r"classmates|partners?|buddy|buddies|grandad|grandma|nan|cousins?|pals?|mates?)\b",
    re.IGNORECASE,
)
EVENT_NOUNS = frozenset(
    """trip trips residential visit holiday tour adventure exchange letters meeting day week topic project
    display""".split())
# "Look who's driving the tractor... Daisy!": a name revealed after look/guess/see who.
INTRODUCED = re.compile(
    r"(?:\b(?:this\s+is|meet|here's|here\s+is|say\s+hello\s+to|it's|it\s+is|that's|that\s+is|there's|is\s+that|was\s+that)\s+(?:our\s+)?)$"
    r"|\b(?:look|guess|see)\s+who(?:'s|\s+is|\s+was)?\b[^.!?\n]{0,60}?(?:\.{2,}|…|:|-|–|—)\s*$",
    re.I,
)
# "Summer with her pet lamb", "Devon and his dad": his/her after the name points to a person.
HIS_HER_NEXT = re.compile(r"\s+(?:with|and|&|\+)\s+(?:his|her)\b", re.I)
# A photo caption "Poppy with the tallest sunflower": someone holding or next to something.
WITH_A_THING = re.compile(r"\s+with\s+(?:the|a|an|their|some)\s", re.I)
# -ing words that are nouns: "Ruby wedding", "Amber warning", "Victoria building".
ING_NOUNS = frozenset(
    """wedding warning building painting ceiling evening morning pudding stuffing icing spring string thing clothing
    bedding filling dressing earring seedling duckling dumpling sling king ring wing swing tasting weaving""".split()
)
ADVERBS = frozenset(
    "also then even just really finally always never still bravely proudly quickly carefully happily soon".split()
)
# A place's things, after a possessive: "Chester's walls", "Paris's museums".
# "Ely: eels, the cathedral and...": a place as the heading of the caption (not a quote: "Ely: 'Best day!'").
PLACE_HEADING = re.compile(r"\s*:\s+(?![\"“'‘])")
# "Millais's painting of Ophelia", "the legend of Finn": a work about someone.
WORKS_OF = frozenset(
    "painting paintings portrait statue sculpture legend tale poem labours adventures voyages festival".split())
NUMBER_WORDS = frozenset("two three four five six seven eight nine ten dozen".split())
# "Who will be Oberon and who will be Titania?": a part to be cast.
PART_TO_CAST = re.compile(r"\bwho\s+will\s+be\s+$", re.IGNORECASE)
# Offices held "of" a place: "the Dean of Durham", "the Mayor of Bradford", "the Bishop of Lincoln".
HELD_OF = frozenset("dean bishop archbishop duke duchess earl mayor provost baron countess lord".split())
STAYS = frozenset("week weekend fortnight night nights days residential holiday camp stay trip".split())
# What someone from history leaves behind: "Bede's tomb", "Nuh's ark", "Cuthbert's shrine".
RELICS = frozenset("tomb tombs grave shrine relics birthplace ark coffin mausoleum nest".split())
PLACE_THINGS = frozenset(
    """amphitheatre racecourse airport station harbour docks lanes rows galleries shopping skyscrapers tram trams
    underground markets beaches coastline cliffs moors lighthouse pier promenade seafront aquarium cathedrals
    walls wall beaches beach streets street museums museum cathedral castle zoo coast history weather roads shops
    famous oldest biggest best busiest harbour bridges bridge river rivers parks park cafes markets market
    churches people hills countryside skyline""".split()
)
OBJECT_NEXT = re.compile(
    r"\s+(?:the|a|an|her|his|their|our|some|up|out|off|down|back|over|round|away|very|so|really|proud|happy|pleased|"
    r"thrilled|delighted|mr|mrs|"
    r"us|them|everyone|everybody|me|him|y\d|year|class|reception|what|how|why|where|who|all|"
    r"miss|ms|dr)\b", re.I
)
# "Hazel collecting hazelnuts", "Ivy picking strawberries": a bare plural object after an -ing verb.
PLURAL_OBJECT = re.compile(r"\s+(?!(?:is|was|has|this|us|its|yes|always|perhaps)\b)[a-z]{3,}s\b")
# What a child does in a photo: "Lily looking very proud", "Daisy waving from the slide".
PERSON_ING = frozenset(
    """smiling beaming grinning waving posing laughing giggling concentrating celebrating showing holding wearing
    enjoying looking reading writing singing dancing cheering helping sitting standing kneeling lying sleeping playing
    hiding waiting queuing bringing explaining telling measuring""".split()
)  # (not running, walking, climbing: "Fell running", "Hill walking")
# "The best costume prize went to Victoria", "The award goes to Jersey".
AWARD_TO = re.compile(
    r"\b(?:prize|prizes|award|awards|trophy|medal|certificate|cup|badge|title|sticker|points?|votes?|shield|"
    r"best\s+[a-z]+)\b"
    r"[^.!?\n]{0,30}?\b(?:went|goes|go|awarded|given|presented)\s+to(?:\.{2,}|…)?\s+$",
    re.IGNORECASE,
)
# "Peter and the Wolf", "George and the Dragon": a story's title.
AND_THE_TITLE = re.compile(r"\s+(?:and|&|\+)\s+the\s+(?!Year\b|Reception\b|Nursery\b|Class\b|Team\b)[A-Z]")
# "Florence is the capital of Tuscany", "Jersey is part of the Channel Islands": a place, not a child.
PLACE_FACT = re.compile(
    r"\s+(?:is|was|has|had)\s+(?:not\s+|also\s+)?(?:the\s+capital|a\s+(?:city|country|town|county|state|island|river|"
    r"village|region)|an\s+island|part\s+of|in\s+(?:the\s+)?[A-Z]|between|famous|home\s+to|(?:the\s+)?(?:home|birthplace|heart)\s+of|called|known\s+as|"
    r"one\s+of\s+the|on\s+the\s+map|(?:north|south|east|west)\b|bigger|smaller|larger|hotter|colder|more\s+than|"
    r"so\s+many|many|lots\s+of|the\s+world(?:'s|’s)|a\s+long\s+way)",
)
ADDRESSED_YOU = re.compile(r"\s*[!,]+\s*(?:you|you're|your)\b", re.I)
ROMAN = re.compile(r"[IVX]{1,5}")
# A quoted title, in double, curly or straight single quotes ('Land of Hope and Glory', not "Paris's").
QUOTES = re.compile(r"[\"“][^\"“”\n]{1,80}[\"”]|‘[^‘’\n]{1,80}’|(?<!\w)'[^'\n]{1,80}'(?!\w)")
# "Georgia (the country)", "Amber and Ruby are colours", "Daisy the cow", "Phoenix, the bird that...": a
# word for what the name is here, so not a child.
_KINDS = (
    r"(?:colou?rs?|flowers?|plants?|trees?|herbs?|gem(?:stone)?s?|months?|seasons?|countr(?:y|ies)|cit(?:y|ies)|"
    r"states?|islands?|rivers?|towns?|places?|planets?|moons?|spices?|fruits?|berr(?:y|ies)|breeds?|words?|stars?\s+signs?)"
)
_ANIMALS = (
    r"(?:calf|calves|cow|cows|pony|ponies|horse|donkey|dog|puppy|cat|kitten|hamster|gerbil|guinea\s+pigs?|rabbit|"
    r"bunny|bulldog|corgi|dalmatian|chihuahua|tortoise|goat|sheep|lamb|pig|piglet|alpaca|llama|hen|chicken|duck|goose|owl|parrot|budgie|fish|"
    r"goldfish|snake|lizard|bird|birds|mascot|teddy|bear|doll|puppet|robot|tractor|boat|engine|lion|lioness|tiger|"
    r"elephant|giraffe|zebra|monkey|gorilla|penguin|meerkat|aardvark|fox|wolf|dinosaur|dragon|unicorn|frog|toad|"
    r"hedgehog|squirrel|badger|otter|seal|dolphin|whale|shark|crab|spider|caterpillar|butterfly|ladybird|snail|"
    r"peacock|peahen|turkey|cockerel|rooster|swan|hens?|ducks?|geese|spaniel|labrador|collie|terrier|retriever|"
    r"hippo|hippopotamus|rhino|camel|kangaroo|koala|panda|sloth|deer|reindeer|puffin|octopus|turtle|crocodile|"
    r"cheetah|leopard|ferret|poodle|alsatian|pug|beagle|husky|greyhound|whippet|dachshund|cockapoo|sheepdog|lurcher|chicks?|"
    r"macaw|cockatoo|falcon|hawk|eagle|kestrel|buzzard|vulture|narrowboat|barge|yacht|lifeboat|steamer)"
)
# "Zainab's Lego model of the Spinnaker Tower": what a child built from a branded kit.
BUILT_AFTER = re.compile(
    r"\s+(?:[a-z]+\s+)?(?:model|creation|build|sculpture|tower|castle|house|robot|car|rocket|pattern|helmet|mask|card|"
    r"lantern|costume|picture|painting|drawing|poster|collage|project|shield|crown)s?\b", re.I)
# "In the front boat: Ravi, Maya and Kavya": who is in it, not its name.
IN_IT = re.compile(r"\b(?:in|on|aboard|inside)\s+(?:the|our|each)\s+(?:[\w-]+\s+)?$", re.I)
# "Get well soon Callum, the class hamster misses you": a new clause, not what Callum is.
_ADDRESSING = r"(?!\s+(?:misses|miss|sends|says\s+hi)\b)"
# "Daisy was a tree in the nativity": a child playing a part.
_NOT_A_ROLE = r"(?![^.!?\n]*\b(?:play|nativity|show|production|assembly|musical|panto\w*|costume|performance|crier)\b)"
# The kind word ends its phrase: "are colours of the rainbow" (but "is a word wizard", "is a flower girl").
_KIND_ENDS = r"(?=\s*(?:[.,!?;:)]|$|\s(?:in|of|on|and|with|from|that|which|like|too|near|where|for)\b))"
KIND_AFTER = re.compile(
    rf"(?:\s+(?:is|was)\s+one\s+of\s+(?:the|our)\s+(?:\w+\s+)?{_KINDS}\b)|(?:\s*\(\s*(?:the|a|an)\s+{_KINDS}\b)|(?:(?:\s*(?:,|and|&)\s*[A-Z]\w+)*\s+(?:is|are|was|were)\s+"
    rf"(?:(?:a|an|the|our|two|both)\s+)?(?:\w+\s+)?{_KINDS}{_KIND_ENDS}{_NOT_A_ROLE})|(?:\s*,?\s*(?:the|our|a|an)\s+(?:[\w'’-]+\s+){{0,3}}?"
    rf"{_ANIMALS}\b{_ADDRESSING})",
    re.IGNORECASE,
)
# "our guinea pigs, Salt and Pepper", "the farm's goats called Bramble and Pepper".
ANIMAL_BEFORE = re.compile(
    rf"\b(?P<animal>{_ANIMALS}s?)\s*[,:\-–—]?\s*(?:called\s+|named\s+)?(?:(?-i:[A-Z])[\w'’-]*\s*(?:,|and|&)\s*)*$",
    re.IGNORECASE,
)
# "The police horses came to visit - this one is called Storm".
# "We named them Bowie, Jagger and Elvis": children are not named by the school, animals and things are.
NAMED_THEM = re.compile(
    r"(?:\b(?:named|called)\s+(?:them|it)\s+|\bnamed\s+(?:the|our|this|that)\s+(?:[\w'’-]+\s+){0,3}?|\b(?:have|has)\s+(?:their\s+)?names?\s*[:\-–]\s*)"
    r"(?:(?-i:[A-Z])[\w'’-]*\s*(?:,|and|&)\s*)*$", re.IGNORECASE)  # "Our new hens have names: Mabel, Hazel and Pearl"
ANIMAL_CALLED = re.compile(
    rf"\b(?P<animal>{_ANIMALS}s?)\b[^.!?\n]{{0,40}}\b(?:called|named)\s+(?:(?-i:[A-Z])[\w'’-]*\s+)?"
    rf"(?:(?-i:[A-Z])[\w'’-]*\s*(?:,|and|&)\s*)*$", re.IGNORECASE)  # "chicks named Sonny, Storm and Nugget"
# "Pearl, Ruby and Flossie - the three new school hens".
ANIMALS_AFTER = re.compile(rf"\s*[,\-–—:]?\s*(?:the|our|a|an)\s+(?:[\w'’-]+\s+){{0,3}}?{_ANIMALS}s?\b{_ADDRESSING}",
                           re.IGNORECASE)
# "Douglas on the Isle of Man", "Kingston upon Thames", "Perth, Scotland".
PLACE_AFTER_PHRASE = re.compile(r"\s+(?:(?i:on\s+the\s+isle\s+of|on[\s-]+sea\b|in\s+the\s+county\s+of|"
    r"in\s+(?:the\s+)?(?:spring|summer|autumn|winter|springtime|pictures|bloom)\b)"
    r"|upon\s+[A-Z])")
