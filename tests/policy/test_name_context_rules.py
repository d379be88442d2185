"""General reading rules for names that are also places, plants, months and famous people: each rule is checked
both ways, through the real check (a pupil used as a person still blocks; the thing the rule is about does not)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.policy import Draft, RosterPupil, check
from tests.policy.conftest import make_ctx, photo_draft

NAME_RULES = frozenset({"names-with-photo", "full-name"})
ROSTER = (
    RosterPupil("Georgia", "", "Windsor", "6B", True),
    RosterPupil("Sydney", "", "Baker", "6B", True),
    RosterPupil("Jersey", "", "Marsh", "5C", True),
    RosterPupil("Paris", "", "Wood", "4A", True),
    RosterPupil("Kingston", "", "Page", "4A", True),
    RosterPupil("Dallas", "", "Hunt", "3A", True),
    RosterPupil("Amber", "", "Cross", "3A", True),
    RosterPupil("Ruby", "", "Shore", "6B", True),
    RosterPupil("Daisy", "", "Cook", "5C", True),
    RosterPupil("Hunter", "", "Gray", "6B", True),
    RosterPupil("Phoenix", "", "Ward", "3A", True),
    RosterPupil("Holly", "", "Ford", "4A", True),
    RosterPupil("Ivy", "", "Lane", "5C", True),
    RosterPupil("June", "", "Palmer", "3A", True),
    RosterPupil("April", "", "Reid", "6B", True),
    RosterPupil("Autumn", "", "Bell", "3A", True),
    RosterPupil("Harry", "", "Kane", "5C", True),  # shares a famous footballer's name
    RosterPupil("Jordan", "", "Lake", "4A", True),
)
CTX = make_ctx(roster=ROSTER)


def severities(text: str, ctx=CTX) -> set[str]:
    return {f.severity for f in check(photo_draft(text), ctx, only=NAME_RULES)}


def blocks(text: str, ctx=CTX) -> bool:
    return "block" in severities(text, ctx)


def with_pupils(*first_names: str):
    """The test roster and a few more pupils (in 4A, with consent)."""
    return make_ctx(roster=(*ROSTER, *(RosterPupil(name, "", "Finch", "4A", True) for name in first_names)))


@pytest.mark.parametrize(
    "text",
    [
        "Autumn heard a woodpecker in the wood",  # irregular past tenses are verbs too
        "Jordan felt very proud of the den",
        "Ruby drove the go-kart round the track",
        "Fantastic effort from Kingston in the relay",  # praise, then "from", then the name
        "Our congratulations go to Paris on her swimming badge",
        "Big grins from Jersey at the finish line",  # what comes "from" a name here is a person's
        "At Waterloo Station, Sydney spotted a pigeon",  # a comma after a proper noun does not make a list of places
        "After a long walk up Snowdon, Jordan reached the top first",  # a comma after a place, then a verb
        "Little Daisy waving from the top of the slide",  # a fond word before the name
        "June was thrilled with her medal",  # a month's name used as a person
        "holly and ivy built a den in the woods",  # typed without capitals, subject of a verb
        "We visited the farm and Daisy fed the lambs",
        "Holly, Ivy and Amber made a rainbow",
        "Amber is a brilliant reader",
        "Who won the art prize? Sydney!",  # answering a who-question
        "Daisy was a tree in the nativity",  # a child playing a part, not what the name is
        "Daisy is a flower girl at her aunt's wedding",  # the kind word does not end the phrase
        "We met a police dog, Georgia stroked it",  # an animal before a comma, then a name doing something
        "Photos of Georgia at the farm",  # "of" after a capital that only starts the sentence
        "Greetings from Sydney, our pen pal in Australia",  # said of a child right after the name
        "Ivy in the Christmas play",
        "Hello from Georgia and the rest of 6B",
        "Dallas, aged 10, ran a marathon for charity",  # a comma after the name does not always start a list
        "The prize for the best poem went to Jersey",  # an award given to the name
        "Sydney looking very pleased with her model",  # what a child does in a photo
        "Ivy grinning at the top of the climbing wall",
        "Paris and the Year 4 choir sang at the care home",  # "and the" + a class is not a title
        "Who's there? It's Autumn in her dinosaur costume",  # introduced; "this" two words back is not "the X"
        "Jersey with her brand new bike",  # his/her after the name
        "Holly with the biggest pumpkin in the patch",  # a photo caption: someone with something
        "Sydney proudly showing her medal",  # an adverb before the -ing word
        "#WellDoneHolly on your swimming badge",  # praise inside a hashtag
    ],
)
def test_a_pupil_used_as_a_person_blocks(text: str) -> None:
    assert blocks(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Hello from sunny Jersey!",  # a scenic word between the preposition and the place
        "Greetings from beautiful Sydney",
        "Year 6 learned about the Treaty of Paris",  # a capitalised noun + "of" + the name
        "Sydney, Australia is where our pen pals live",  # a known place after a comma
        "Our twin school is in Kingston, Jamaica",
        "Kingston upon Thames has a lovely market",
        "Georgia (the country) was our research topic",  # what the name is here
        "Amber and Ruby are colours in our rainbow",
        "Daisy the cow let us milk her",  # a named animal
        "Phoenix, the bird from the legend, inspired our poems",
        "Our class hamster, Hunter, had a check-up",
        "Our school dog Hunter loves the children",
        "The farm's goats, Holly and Ivy, ate our map",
        "Holly, ivy and mistletoe on the classroom door",  # a list of lower-case things
        "June is the busiest month of the school year",  # a month in calendar talk
        "April showers didn't stop sports day",
        "Our Paris trip is booked for June",
        "we picked holly and ivy for the wreath",  # typed without capitals, not a person
        "The choir sang the Holly and Ivy carol",  # a determiner before a list
        "Jersey, Guernsey and Sark are all Channel Islands",
        "Holly and the Ivy was the first carol",  # "and the" + a capitalised word: a title
        "Paris in the spring is beautiful, says our French teacher",
        "Sunny Sydney in our geography lesson",  # a weather word before a place
        "Florence + the Machine on the radio in the art room",
        "#JuneFair tickets are on sale",  # a month + an event word inside a hashtag
        "It's June at last!",  # "it's" + a month
        "June bugs and beetles in our science lesson",  # a month's name before a noun
        "Florence was the home of the Renaissance, we learned",  # a fact about a place
        "Where do you think we are today? Sydney!",  # a place answering a where-question
    ],
)
def test_the_name_as_a_place_or_thing_does_not_block(text: str) -> None:
    assert not blocks(text), text


@pytest.mark.parametrize(
    "text",
    ["Harry Styles songs at the school disco", "Jordan Henderson signed a ball for the fair",
     "We read about Georgia O'Keeffe's flowers", "The Jack Russell at the farm barked at us"],
)
def test_a_famous_full_name_is_not_asked_about(text: str) -> None:
    assert severities(text) == set(), text


def test_a_name_before_an_ing_noun_is_not_asked_about() -> None:
    assert severities("Ruby wedding anniversary for our lollipop lady") == set()
    assert severities("Amber warning for snow tomorrow") == set()
    assert blocks("Ruby swimming a length of the pool")


def test_a_name_after_an_adults_role_is_an_adult() -> None:
    assert severities("Our lollipop man Dave retires this week") == set()
    assert severities("Our visitor, Sarah from the RSPB, brought owls") == set()
    assert severities("Our bus driver Georgia sang all the way home") == set()
    assert blocks("Our team leader Georgia kept everyone going")  # a child can lead a team


def test_commiserating_with_one_child_is_targeted() -> None:
    findings = check(Draft("Sorry Lincoln, better luck next time"), make_ctx(roster=(
        RosterPupil("Lincoln", "", "White", "6B", True),)), only=frozenset({"targeted"}))
    assert [f.severity for f in findings] == ["block"]


def test_a_title_in_straight_single_quotes_is_not_asked_about() -> None:
    assert severities("We sang 'Land of Hope and Glory' at the concert") == set()
    assert blocks("We loved Paris's 'thank you' card")  # an apostrophe does not open a title


def test_a_river_or_lake_before_a_capitalised_word_is_not_a_full_name() -> None:
    rostered = make_ctx(roster=(RosterPupil("River", "", "Johnson", "5C", True),))
    assert check(photo_draft("The River Severn bore was huge"), rostered, only=NAME_RULES) == []
    assert "block" in {f.severity for f in check(photo_draft("River Johnson won"), rostered, only=NAME_RULES)}


def test_a_famous_name_that_is_a_pupils_own_full_name_still_blocks() -> None:
    [finding] = check(Draft("Harry Kane scored twice at lunchtime"), CTX, only=frozenset({"full-name"}))
    assert finding.severity == "block"
    assert finding.data["names"] == ["Harry Kane"]


def test_praise_from_a_filler_word_is_targeted_without_a_photo() -> None:
    findings = check(Draft("Fantastic effort from Kingston in the relay"), CTX, only=frozenset({"targeted"}))
    assert [f.severity for f in findings] == ["block"]
    assert check(Draft("Greetings from sunny Kingston"), CTX, only=frozenset({"targeted"})) == []
    assert check(Draft("Thank you from Kingston!"), CTX, only=frozenset({"targeted"})) == []


def targeted(text: str) -> bool:
    return bool(check(Draft(text), CTX, only=frozenset({"targeted"})))


@pytest.mark.parametrize("text", [
    "Kingston, your behaviour on the coach was not acceptable today",  # spoken to the child
    "Jordan, please remember to bring your inhaler on Monday",
    "Amber has been really unkind this week and needs to think about it",  # criticism said of the child
    "Hunter forgot his packed lunch AGAIN",
    "Ruby must bring her signed form back by Friday",
    "Best wishes to Daisy, who moves to her new school on Monday",  # wishes
    "Brilliant reading today, Holly – keep it up!",  # praise, then the name ending the sentence
    "Lovely singing, Ivy!",
])
def test_criticism_reminders_and_wishes_aimed_at_one_child_are_targeted_without_a_photo(text: str) -> None:
    assert targeted(text)


@pytest.mark.parametrize("text", [
    "Kingston, here we come!",  # a place spoken to, with nothing aimed at a child
    "Year 6, please remember your packed lunches tomorrow",  # a class
    "Brilliant weather in Jersey today",  # praise near a place, not a name ending the sentence
    "The coach to Paris was not acceptable: two hours late",
    "Great views over the bay, as promised",
])
def test_messages_to_a_class_or_about_a_place_are_not_targeted(text: str) -> None:
    assert not targeted(text)


def test_a_name_revealed_after_look_who_is_a_person() -> None:
    assert blocks("Look who's driving the tractor... Daisy! (with the farmer's help)")
    assert blocks("Guess who reached the top first: Jersey!")
    assert not blocks("Look who came to visit us at breakfast")


@pytest.mark.parametrize("text", [
    "Holly sitting in the holly bush for the photo",  # the same word in lower case is the plant
    "Ruby trying on the ruby slippers",
    "Ivy among the ivy on the old wall",
])
def test_a_capitalised_name_beside_the_same_word_in_lower_case_is_a_person(text: str) -> None:
    assert blocks(text)


@pytest.mark.parametrize("text", [
    "Holly wreaths and holly berries for the Christmas fair",  # the capitalised word opens a noun phrase
    "The Ivy restaurant had ivy all over it",  # after a determiner
])
def test_the_same_word_twice_as_a_thing_is_not_a_person(text: str) -> None:
    assert not blocks(text)


@pytest.mark.parametrize("text", [
    "Autumn, what a brilliant poem – you made Mrs Hall cry!",  # praise spoken to the child
    "Daisy – a really thoughtful question for our visitor. Well done!",  # praise, then "well done" after
    "Great effort today Holly – keep it up!",  # a filler word between the praise and the name
    "Hunter's behaviour on the coach today was disappointing",  # conduct judged
    "Hope you feel better soon, Amber.",  # a wish ending on the name
    "Tough day today; fresh start tomorrow, Ruby.",
])
def test_more_ways_of_aiming_praise_criticism_or_wishes_at_one_child(text: str) -> None:
    assert targeted(text)


@pytest.mark.parametrize("text", [
    "Jersey – what a brilliant island for a residential!",  # a place praised
    "Hope you all had a lovely half term",  # a wish to everyone
    "The weather's behaviour today was disappointing",
])
def test_praise_and_wishes_not_aimed_at_a_child_are_not_targeted(text: str) -> None:
    assert not targeted(text)


@pytest.mark.parametrize(("text", "child"), [
    ('"I found a fossil!" - Ruby, on the beach at Lyme Regis', True),  # the child who said it
    ("Year 4 at Cadbury World. That's Ruby in the purple hat", True),  # "that's" introduces her
    ("Holly at the Holly Bush Inn car park", True),  # the same word inside a longer name is the place
    ("Amber of 3A read the lesson at the carol service", True),  # a class after "of"
    ("Amber of the Baltic: fossils in resin at the museum", False),  # "X of ..." names a thing
    ("Michael Jordan posters everywhere in basketball club", False),  # someone else's surname
    ("Dinner at Frankie & Daisy's tonight", False),  # a shop or a duo
    ("Our guide Holly showed us the Roman mosaics", False),  # an adult with a role
])
def test_quotes_introductions_titles_surnames_and_shops(text: str, child: bool) -> None:
    assert blocks(text) is child


@pytest.mark.parametrize(("text", "aimed"), [
    ("Ruby has been a real role model on the playground this week", True),
    ("Daisy, you were a superstar in assembly today!", True),
    ("Happy birthday to our wonderful Holly! 🎂", True),
    ("Welcome back Ivy! Lovely to see you", True),
    ("Sit still on the coach, Hunter! You know the rules", True),  # spoken to the child at the end
    ("Jersey, you were beautiful this week!", False),  # a place spoken to
    ("Welcome back Year 6!", False),
])
def test_more_praise_and_reminders_aimed_at_one_child(text: str, aimed: bool) -> None:
    assert targeted(text) is aimed


@pytest.mark.parametrize(("text", "child"), [
    ("Mixing ochre, sienna and umber paints for our landscapes", False),  # lower case among lower-case words
    ("Rock pooling with sienna at the beach", True),  # a name that is not a word, typed in lower case
    ("Storm Daisy brought a branch down on the field", False),  # a named storm
    ("Reverend Holly Moss led our Easter service", False),  # a title before the name
    ("Teddy bears' picnic in Reception", False),
])
def test_lower_case_lists_storms_and_titles(text: str, child: bool) -> None:
    assert blocks(text, with_pupils("Teddy", "Sienna")) is child


@pytest.mark.parametrize("text", [
    "Hunter let his team down today by arguing with the referee",
    "Daisy has earned her pen licence!",
    "Brilliant behaviour from Ruby at the museum today, thank you",
    "Holly is this week's Headteacher's Award winner",
    "Star of the week in 3A is Ivy!",
])
def test_criticism_achievements_and_awards_for_one_child_are_targeted(text: str) -> None:
    assert targeted(text)


@pytest.mark.parametrize(("text", "child"), [
    ("A lovely painting by Ruby of the view from the cabin", True),  # a child's work
    ("Is that Hunter under all that mud? Yes it is", True),
    ("Our Forest School leader Holly showed us how to light a fire", False),  # an adult's role
    ("Our team leader Holly kept everyone together", True),  # a child can lead a team
    ("Mapping counties: Kent, Jersey, Dorset and Cheshire", False),  # a list of places
])
def test_made_by_a_child_leaders_and_lists_of_places(text: str, child: bool) -> None:
    assert blocks(text) is child


@pytest.mark.parametrize(("text", "child"), [
    ("Ivy is growing all over the old shed", False),  # what plants do
    ("Ivy is growing in confidence on the climbing wall", True),  # a child growing
    ("Ivy is climbing the wall in the sports hall", True),
    ("Our driver today was Jordan from Galleon Travel", False),
    ("Year 6 rehearsing our production of Oliver!", False),
    ("Reception loved Daisy the Dinosaur this week", False),  # "X the Y": a character
    ("Leo the lion was showing off at the safari park", False),
    ("Postcards from Jersey, Sydney and Paris for our topic", False),  # a list of places after "from"
    ("Sydney and Paris with their postcards", True),
])
def test_plants_roles_titles_animals_and_places_after_from(text: str, child: bool) -> None:
    assert blocks(text, with_pupils("Leo", "Oliver")) is child


@pytest.mark.parametrize("text", [
    "Best costume on Book Day goes to Holly!",
    "Reminder for Amber: your permission slip is still missing",
    "Ruby's handwriting has improved so much - keep it up!",
])
def test_awards_reminders_and_progress_for_one_child_are_targeted(text: str) -> None:
    assert targeted(text)


@pytest.mark.parametrize(("text", "child"), [
    ("Owls: Holly, Ivy and Daisy in their Christmas play costumes", True),  # a class named after an animal
    ("Our rescue ponies: Holly, Ivy and Daisy", False),  # animals that are not a class
    ("The police horses came to visit - this one is called Hunter", False),
    ("Our hens: Ruby, Amber and Flossie", False),
    ("Ruby, Amber and Flossie - the three new school hens", False),
    ("Daisy selling daisies at the school gate", True),  # the same word in another form
    ("The new Phoenix store gave us coats", False),  # "the new X store"
    ("The choir sang a beautiful phoenix chorus", False),  # lower case after "a"
    ("Year 6 in front of the Eiffel Tower, Paris", False),
    ("At Waterloo Station, Sydney spotted a pigeon", True),
    ("Holly helping Mrs Hart hand out the harvest boxes", True),
    ("Autumn has finally arrived on the school field", False),
    ("Our Jersey day raised money for the island's charity", False),
])
def test_class_animals_named_animals_forms_shops_and_seasons(text: str, child: bool) -> None:
    ctx = make_ctx(roster=tuple(replace(p, class_name="Owls") if p.legal_forename == "Holly" else p for p in ROSTER))
    assert blocks(text, ctx) is child


@pytest.mark.parametrize("text", [
    "Please can Hunter bring back the library book before half term",
    "Birthday wishes to Ruby from all of us",
    "Amber was an absolute angel today - thank you!",
    "Writer of the week is Daisy! What a brilliant story",
    "What a shame that Ivy forgot her costume again",
    "Holly was not listening at all during the fire drill",
    "Great maths today from Amber, keep it up!",
])
def test_requests_wishes_and_judgements_of_one_child_are_targeted(text: str) -> None:
    assert targeted(text)


@pytest.mark.parametrize(("text", "child"), [
    ("Daisy, daisy, give me your answer do: Year 2 learned an old song", False),  # a rhyme repeats the word
    ("Daisy, Holly and Ivy at the top of the climbing frame", True),
    ("Year 4 raised £312 for Amber, the charity for working horses", False),  # an appositive that is a thing
    ("Year 6 rehearsing for Phoenix! - the leavers' production", False),
    ("Ruby, Amber and Holly houses lined up for the relay", False),  # houses named after them
    ("Holly and her team won the tug of war", True),
    ("The Norse gods Odin, Thor and Daisy", False),
    ("Year 5 saw an old Austin 7 at the transport museum", False),
    ("Visitors from our partner school in Tbilisi, Georgia", False),
])
def test_rhymes_appositives_titles_houses_gods_models_and_places(text: str, child: bool) -> None:
    assert blocks(text, with_pupils("Austin")) is child


@pytest.mark.parametrize(("text", "aimed"), [
    ("Daisy was so kind to the new starter today", True),
    ("holly remember your recorder on thursday", True),
    ("Paris was amazing!", False),  # a place praised
    ("Summer was brilliant this year", False),  # a season
])
def test_a_child_praised_or_told_is_targeted(text: str, aimed: bool) -> None:
    ctx = with_pupils("Summer")
    assert any(f.rule == "targeted" and f.severity == "block" for f in check(Draft(text), ctx)) is aimed


@pytest.mark.parametrize(("text", "child"), [
    ("Sound of Jersey from the ferry: the water is so clear", False),  # a place noun before "of"
    ("Kingston of Lochalsh station: next stop the bridge", False),  # "X of Capitalised"
    ("Amber of 3A read the lesson", True),  # a class after "of"
    ("Holly means a plant with prickly leaves", False),  # what a word means
    ("C.S. Hunter would be proud of our Narnia cupboard", False),  # initials before a surname
    ("holly and daisy planting bulbs in the eco garden", True),  # a list of names doing something
    ("holly and ivy growing up the old wall", False),  # plants
    ("Daisy building a sandcastle at the beach", True),  # an -ing noun used as a verb
    ("Ruby tasting with the local beekeeper", False),
    ("We stayed on Jersey for three nights", False),  # an island after "on"
    ("Our hens – Ruby, Amber and Daisy – laid their first eggs", False),
])
def test_place_nouns_meanings_initials_lists_islands_and_hens(text: str, child: bool) -> None:
    assert blocks(text) is child


@pytest.mark.parametrize(("text", "aimed"), [
    ("Ruby has been a fantastic helper all week - thank you!", True),
    ("Sorry to hear you're poorly, Daisy. Get well soon", True),
    ("Holly you were a superstar in the spelling bee", True),
    ("Holly, ivy and pine cones: the wreath workshop was lovely", False),  # a list of plants
    ("Jersey, you were beautiful this week!", False),
])
def test_helpers_get_well_wishes_and_spoken_praise(text: str, aimed: bool) -> None:
    assert targeted(text) is aimed


NINTH = with_pupils("Paul", "Joseph", "Michael", "Noel", "Kuba", "Maya", "Simba", "Grace", "Matthew", "Mark", "Luke",
                    "John", "Jasmine", "Hope", "Sage")


@pytest.mark.parametrize(("text", "child"), [
    ("Harvest tins for the St Vincent de Paul appeal", False),  # part of someone else's name
    ("Paul carried the tins to the harvest table", True),
    ("Joseph and the Amazing Technicolor Dreamcoat rehearsals have begun", False),  # a title
    ("Joseph and the rest of 6B built a den", True),
    ("Gospel of Matthew, Mark, Luke or John? Year 6 compared the four accounts", False),  # books, not children
    ("Matthew, Mark and Luke read the lessons at the carol service", True),
    ("Swahili words in Year 3: simba (lion), rafiki (friend), jambo (hello)", False),  # a word and its meaning
    ("Simba (left) with his rocket at the science fair", True),  # a child in the photo
    ("Our groundsman Michael has cut the grass for sports day", False),  # an adult's role
    ("Michael cut the ribbon at the new garden", True),
    ("Coach driver Noel got us home safely - thanks Noel!", False),  # the same adult, named again
    ("Coach driver Noel helped Noel in 4A with his bag", True),  # a class after the second one
    ("Kuba cloth patterns from the Congo inspired our textile art", False),  # the name describes a thing
    ("Jasmine tea tasting for Chinese New Year", False),
    ("Kuba beat his personal best in the long jump", True),  # a verb with its object
    ("Maya day in Year 5! Chocolate tasting and Maya number puzzles", False),  # the same thing named twice
    ("Maya day in Year 5! Maya built a temple from boxes", True),  # but a verb after it is a child
    ("We said Grace before our harvest lunch", False),  # saying grace
    ("Grace said grace before the harvest lunch", True),
    ("Hope and Glory! Year 6 VE Day street party", False),
    ("Sage advice from Sage: always wear your wellies", True),  # advice from a child
])
def test_particles_titles_books_glosses_adults_and_noun_modifiers(text: str, child: bool) -> None:
    assert blocks(text, NINTH) is child


@pytest.mark.parametrize(("text", "aimed"), [
    ("Best of luck to Daisy in her dance exam this weekend", True),
    ("Not a great day for Ruby on the school trip", True),
    ("Great to see Holly back on the pitch after her injury", True),
    ("Happy Confirmation day to Daisy", True),
    ("Eid Mubarak Ruby! We hope you had a lovely day", True),
    ("Ruby you left your lunchbox on the bus - it's in the office", True),
    ("Snow! School is open as normal - please wrap up warm", False),  # a weather word, not a child
])
def test_more_wishes_and_reminders_aimed_at_one_child(text: str, aimed: bool) -> None:
    assert targeted(text) is aimed


def test_a_surname_that_is_a_title_is_still_a_pupil() -> None:
    ctx = make_ctx(roster=(*ROSTER, RosterPupil("Jude", "", "Bishop", "4A", True)))
    draft = Draft("Best of luck to Jude Bishop at the county trials")
    assert any(f.rule == "targeted" and f.severity == "block" for f in check(draft, ctx))


def test_famous_people_with_a_pupils_first_name_ask_nothing() -> None:
    assert severities("A Maya Angelou poem on our Black History Month wall", NINTH) == set()
    assert severities("Maya read a poem on our Black History Month wall", NINTH) == {"block"}


TENTH = make_ctx(roster=(*ROSTER, *(RosterPupil(name, "", "Finch", cls, True) for name, cls in (
    ("Pearl", "4A"), ("Hope", "4A"), ("Cove", "4A"), ("Oliver", "4A"), ("Kai", "4A"), ("Simba", "4A"),
    ("Major", "4A"), ("Chi", "4A"), ("Chelsea", "Rowan"), ("Brooklyn", "Cedar"), ("Efua", "4A")))))


@pytest.mark.parametrize(("text", "child"), [
    ("A fishing boat called Ocean Pearl landing its catch at Newlyn", False),  # a boat's two-word name
    ("Hope Cove looking beautiful on our drive back", False),  # a place: a name and a place word
    ("Hope and Cove paddling in the sea", True),
    ("Year 6 loved seeing Oliver! at the Hall for Cornwall", False),  # a show with "!", the sentence goes on
    ("Kai the lifeguard from the RNLI taught us the flags", False),  # "X the <adult's role>"
    ("Kai helped the lifeguard put out the flags", True),
    ("The actor playing Simba had an incredible voice", False),  # a part in a show
    ("Well played Simba, what a final!", True),
    ("The children met a springer spaniel called Major", False),  # a dog breed
    ("Rowan class had a go at tai chi with Master Wong", False),  # typed in lower case after a word: asked only
    ("Rowan's Chelsea and Cedar's Brooklyn read their letters to our MP", True),  # a child of that class
    ("Kai & Efua's poster is up in the corridor", True),  # two pupils, not a shop like Frankie & Benny's
])
def test_boats_coves_shows_parts_breeds_and_class_possessives(text: str, child: bool) -> None:
    assert blocks(text, TENTH) is child


@pytest.mark.parametrize(("text", "aimed"), [
    ("Paris had a tricky day today but we're proud of how she turned it around", True),
    ("Daisy, that was not the way to behave in assembly this morning", True),
    ("Best behaved on the coach award goes to... Ruby!", True),
    ("Glad to have you back Ruby, we missed you!", True),
])
def test_tricky_days_behaviour_and_welcomes_back(text: str, aimed: bool) -> None:
    assert targeted(text) is aimed


def test_plymouth_hoe_is_a_place_not_an_insult() -> None:
    findings = check(photo_draft("Sir Francis Drake, Plymouth Hoe and a game of bowls on the Year 5 trip"), CTX)
    assert not any(f.rule == "offensive" for f in findings)


ELEVENTH = make_ctx(roster=(*ROSTER, *(RosterPupil(name, "", "Finch", "4A", True) for name in (
    "Odin", "Thor", "Settle", "Fell", "Dior", "Gucci", "Ariel", "Harlow", "Marley", "Sonny", "Storm", "Beck",
    "Mercedes", "Legend"))))


@pytest.mark.parametrize(("text", "child"), [
    ("Mjölnir, the Norse god Thor's hammer, made from card in DT", False),  # a god, in a caption about myths
    ("Odin and Thor measuring the icicles on the shed", True),  # two pupils, no myth in sight
    ("Odin, Thor and Loki puppets for our Viking assembly", False),  # listed with a god who is not a pupil
    ("Cricket v Settle CE Primary. Great game in the sun", False),  # a team after "v"
    ("Chess club final: Odin v Thor, still going after 40 minutes", True),  # two children after "v"
    ("Hares climbed their first fell today - Loughrigg Fell, 335m!", False),  # a place word after a name
    ("Year 5 logos inspired by Nike, Dior and Gucci", False),  # listed with a brand that is no one's name
    ("Ariel and Persil boxes became junk-model robots", False),
    ("At Victoria Station, Settle spotted a steam engine", True),  # a place before, then the child doing something
    ("Coach sing-along on the way back from Harlow", False),  # the end of a journey
    ("The chicks have been named Sonny, Storm and Nugget", False),  # a list of animals' names
    ("Our book of the week is Marley: A Dog Like No Other", False),  # a title and its subtitle
    ("Legend has it a smugglers' tunnel runs under the harbour", False),
])
def test_gods_teams_fells_brands_journeys_and_subtitles(text: str, child: bool) -> None:
    assert blocks(text, ELEVENTH) is child


@pytest.mark.parametrize(("text", "aimed"), [
    ("Mathlete of the week: Ruby!", True),
    ("Daisy did brilliantly in the spelling test - 20/20!", True),
    ("Ruby was sent out of class for being silly today", True),
    ("Gold star for Holly today, lovely joined-up handwriting", True),
    ("Our book of the week is Ruby's Worry", False),  # a book, not a child of the week
])
def test_weekly_titles_results_and_sanctions(text: str, aimed: bool) -> None:
    assert targeted(text) is aimed


def test_peppa_pig_world_is_not_an_insult() -> None:
    findings = check(photo_draft("Peppa Pig World trip for Reception - muddy puddles galore"), CTX)
    assert not any(f.rule == "offensive" for f in findings)


TWELFTH = make_ctx(roster=(*ROSTER, *(RosterPupil(name, "", "Finch", "4A", True) for name in (
    "Weston", "Sky", "Luna", "Bowie", "Jagger", "Elvis", "Romeo", "Marley", "Kendall"))))


@pytest.mark.parametrize(("text", "child"), [
    ("Thank you to our driver for getting us to Weston safely", False),  # where the coach took us
    ("Sky's the limit! Year 6 launched their water rockets", False),
    ("Luna moths, lunar eclipses and the moon landing for space week", False),  # a plural noun in a list
    ("Luna swims for the county", True),
    ("Meet the ducklings! We named them Bowie, Jagger and Elvis", False),  # named by the school: not children
    ("Romeo and Juliet workshop with the Shakespeare Schools Foundation", False),
    ("Paris 2024 Olympic torch assembly for Year 6", False),  # an event and its year
    ("Paris and Luna carried the Olympic torch in assembly", True),
])
def test_journeys_idioms_plural_nouns_named_animals_and_events(text: str, child: bool) -> None:
    assert blocks(text, TWELFTH) is child


@pytest.mark.parametrize(("text", "aimed"), [
    ("Romeo - a better week, keep it going!", True),
    ("Big congratulations to Marley, our new school council chair", True),  # a child's role, not a school
    ("Sydney, Miss Reid says please bring your swimming cap tomorrow", True),  # a title is not a list of places
    ("kendall well done today, much better focus in maths", True),
    ("amber pls bring your permission slip back for the zoo trip", True),
])
def test_addressed_reminders_and_praise_typed_in_a_hurry(text: str, aimed: bool) -> None:
    assert bool(check(Draft(text), TWELFTH, only=frozenset({"targeted"}))) is aimed


def test_the_nativity_donkey_is_not_an_insult() -> None:
    findings = check(photo_draft("The real donkey at our nativity was called Star this year!"), CTX)
    assert not any(f.rule == "offensive" for f in findings)


THIRTEENTH = make_ctx(roster=(*ROSTER, *(RosterPupil(name, "", "Finch", cls, True) for name, cls in (
    ("Mali", "4A"), ("Brecon", "4A"), ("Seren", "4A"), ("Tomos", "4A"), ("Rhiannon", "4A"), ("Mabel", "4A"),
    ("Hazel", "4A"), ("Pearl", "4A"), ("Atlas", "4A"), ("Apollo", "4A"), ("Angel", "4A"), ("Ernie", "Seals"),
    ("Callum", "Seals"), ("Castor", "4A"), ("Orion", "4A"), ("Iolo", "4A")))))


@pytest.mark.parametrize(("text", "child"), [
    ("Mali is one of the countries Year 4 studied for Africa Week", False),  # a kind of thing after "one of the"
    ("Our Year 6 residential to Brecon is under way!", False),  # a journey's end
    ("Our new Seren yr Wythnos board is up in the hall", False),  # a Welsh title
    ("Tomos y Tanc is the most borrowed book this week", False),
    ("Wales v Georgia at the Principality Stadium", False),  # a team after "v"
    ("Rhiannon by Fleetwood Mac was the dance-off song at the disco", False),  # a work and its maker
    ("Our new hens have names: Mabel, Hazel and Pearl", False),  # animals' names
    ("Atlas held up the sky in the Greek myths", False),  # a god, in a caption about myths
    ("Castor and Orion looking at Castor and Pollux through the telescope", True),  # children doing something
    ("Fig class learned about Apollo 11 and the first moon landing", False),  # a mission and its number
    ("Swimming gala results: Holly 1st, Pearl 2nd in the backstroke", True),  # places in a race
    ("Cedar class took the Northern line from Golders Green to Angel", False),  # from one station to another
    ("Ernie, Callum and Isaac - the Seals' eco warriors - litter picking", True),  # a class named after an animal
    ("Where's Wally? Can you find him in our library display?", False),
])
def test_kinds_welsh_titles_works_mission_numbers_and_classes_named_after_animals(text: str, child: bool) -> None:
    ctx = make_ctx(roster=(*THIRTEENTH.roster, RosterPupil("Wally", "", "Finch", "4A", True)))
    assert blocks(text, ctx) is child


@pytest.mark.parametrize("text", [
    "Da iawn Iolo – what a fantastic piece of writing!",
    "Llongyfarchiadau Iolo on passing your Grade 1 piano",
    "Pen-blwydd hapus Iolo!",
    "Diolch Iolo for helping to tidy the library",
    "Speedy recovery Iolo, we all made you a card",
])
def test_welsh_praise_thanks_and_wishes_aimed_at_one_child(text: str) -> None:
    assert check(Draft(text), THIRTEENTH, only=frozenset({"targeted"}))


@pytest.mark.parametrize("text", [
    "Cotton wool clouds and cotton reel printing in art today",
    "Farm visit: goats, pigs and one very noisy donkey",
    "Bertie, aged 9, did a sponsored swim",
])
def test_words_the_model_finds_a_little_rude_alone_are_not_offensive(text: str) -> None:
    assert not any(f.rule == "offensive" for f in check(photo_draft(text), CTX))


def test_a_caption_the_model_is_sure_of_is_still_offensive() -> None:
    assert any(f.rule == "offensive" for f in check(photo_draft("what a pathetic bunch of losers"), CTX))


FIFTEENTH = make_ctx(roster=(
    *ROSTER,
    *(RosterPupil(name, "", surname, klass, True) for name, surname, klass in (
        ("Struan", "Reid", "Y6 Sol"), ("Rio", "Costa", "Y6 Sol"), ("Gloria", "Pinto", "Y2 Lua"),
        ("Pele", "Baptista", "Y2 Lua"), ("Robin", "Hale", "Y2 Lua"), ("Arran", "Bain", "Y6 Sol"),
        ("Florence", "Marsh", "Y6 Sol"), ("Orlando", "Vale", "Y6 Sol"), ("Dulce", "Oliveira", "Y2 Lua"),
        ("Cromarty", "Ross", "Y6 Sol"), ("William", "Grant", "Y6 Sol"), ("Philip", "Dunn", "Y2 Lua"),
    )),
))


@pytest.mark.parametrize(("text", "child"), [
    ("Rio (the film) is our movie afternoon treat", False),  # what the name is, in brackets
    ("Rio (pictured) is our movie afternoon helper", True),
    ("Year 4 learned all about Pele, the Brazilian footballer", False),  # a famous adult, described
    ("Pele, the goalkeeper, saved three penalties", True),
    ("We stopped at Struan for lunch on the way north", False),  # a stop on a journey
    ("We stopped at Struan's house for lunch", True),
    ("Year 5 made Rio de Janeiro carnival masks", False),  # part of a longer name
    ("Pudding was churros and dulce de leche", False),
    ("Y6 Sol loved the planetarium", False),  # the class itself
    ("Which city would you visit: Florence, Paris or Orlando?", False),  # a quiz about cities
    ("Florence, Paris and Orlando painted the city skyline", True),
    ("A map of the old county of Ross and Cromarty", False),  # a list after "county of"
    ("A postcard from the lovely cottage in Cromarty", False),  # somewhere, not someone
    ("Cromarty in the sandpit with her bucket", True),
    ("Gloria the hippo was the star of our Madagascar dance", False),  # a named animal
    ("the bonnie wee robin is back at the feeder", False),  # a lower-case word after "the" and two more words
    ("Our new Arran jumpers have arrived from the knitting club", False),  # "our" + a word + name + noun
    ("Our brave Arran climbed the wall", True),
    ("Pip and Posy books are in the book corner", False),  # "X and Y books"
    ("Paris telling us all about her holiday in France", True),  # telling us: a child
])
def test_films_famous_adults_stops_long_names_classes_quizzes_and_animals(text: str, child: bool) -> None:
    assert blocks(text, FIFTEENTH) is child


@pytest.mark.parametrize(("text", "asked"), [
    ("Our P7s read Philip Pullman's Northern Lights", False),  # a well-known full name: no question
    ("Learning about William Wallace and Robert the Bruce", False),
    ("Hermione Granger and Ginny Weasley costumes for book day", False),
    ("William Blackthorn joined us from St Mary's for the relay", True),  # not famous: still asked
])
def test_well_known_full_names_are_not_asked_about(text: str, asked: bool) -> None:
    findings = check(Draft(text), FIFTEENTH, only=frozenset({"full-name"}))
    assert bool(findings) is asked


@pytest.mark.parametrize(("text", "skipped"), [
    ("Tyson Fury visited the boxing club", {0, 1}),
    ("Tyson fury at the referee", set()),  # not written as a name: the child is judged as usual
    ("tyson fury visited the boxing club", {0, 1}),  # a caption typed all in lower case
    ("Robert the Bruce and the spider", {0, 1, 2}),  # small joining words may be lower case
])
def test_well_known_names_count_only_when_written_as_names(text: str, skipped: set[int]) -> None:
    from app.policy.name_famous import famous_positions
    from app.policy.tokens import tokenize

    lower = not any(char.isupper() for char in text)
    assert famous_positions(tuple(tokenize(text)), lower, {}, {}) == skipped


def test_a_pupil_with_a_famous_full_name_is_still_that_pupil() -> None:
    from app.policy.name_famous import famous_positions
    from app.policy.tokens import tokenize

    assert famous_positions(tuple(tokenize("Tyson Fury won the relay")), False, {"tyson": {1}}, {"fury": {1}}) == set()


@pytest.mark.parametrize("text", [
    "Star of the week in the Seals is Dulce for her amazing writing",
    "Spelling champion 2025: Dulce!",
    "Hope you feel better soon Dulce",
    "Dulce has forgotten her reading book again",
    "Dulce was in trouble at lunchtime",
    "Proud of you Dulce! Such a brave performance",
    "well done pele 5 goals!!!",
])
def test_more_praise_wishes_and_criticism_aimed_at_one_child(text: str) -> None:
    assert check(Draft(text), FIFTEENTH, only=frozenset({"targeted"}))


@pytest.mark.parametrize(("text", "child"), [
    ("Storm clouds over the Cromarty Firth this morning", False),  # a place word after the name
    ("Our nativity: shepherds, kings and baby Jesus", False),
    ("Jesus played a shepherd in our nativity", True),
    ("Hunter's moon over the loch last night", False),
    ("Hunter's drawing of the moon over the loch", True),
])
def test_place_words_and_fixed_phrases(text: str, child: bool) -> None:
    assert blocks(text, with_pupils("Jesus", "Cromarty")) is child


@pytest.mark.parametrize(("text", "child"), [
    ("Dorothy, the Scarecrow and the Tin Man paraded round the hall", False),  # a character next in the list
    ("Dorothy, the Kingfishers made you a card", True),
    ("Princess Elsa, Anna and Olaf costumes for book day", False),  # a titled character in the list
    ("prince, duke, anna and olaf after the netball match", True),  # typed in lower case: not a title
    ("Maude and Mabel, the Highland cows, came to say hello", False),  # the animals the list is about
    ("Grace before lunch at the harvest service", False),
])
def test_lists_of_characters_and_animals(text: str, child: bool) -> None:
    assert blocks(text, with_pupils("Dorothy", "Anna", "Olaf", "Maude", "Mabel", "Prince", "Duke", "Grace")) is child


SIXTEENTH = with_pupils("Krishna", "Arjun", "Sita", "Rani", "Finn", "Tyrone", "Kerry", "Hope", "Kabir", "Paddy")


@pytest.mark.parametrize(("text", "child"), [
    ("Krishna and Arjun on the battlefield: Year 6 read the Bhagavad Gita", False),  # gods in a myth or an epic
    ("Sita and Rani lit the diyas for our Diwali assembly", True),  # a festival is not a myth
    ("Finn reading the legend of Finn McCool to the P2s", True),  # a child reading the legend
    ("Our trip to the folk park in Co. Tyrone", False),  # a county
    ("Kerry v Tyrone? No, just P6 Gaelic practice", False),  # two counties' teams
    ("Hope was the theme of this week's assembly", False),
    ("The poet Kabir wrote about kindness", False),  # an adult's role before the name
    ("Paddy sitting in the giant's boot at the Causeway", True),  # sitting: a child in the photo
])
def test_myths_counties_themes_and_poets(text: str, child: bool) -> None:
    assert blocks(text, SIXTEENTH) is child


@pytest.mark.parametrize(("text", "aimed"), [
    ("Paddy had a much calmer day today, well done", True),
    ("Paddy has been told twice about his homework", True),
    ("Hats off to Paddy for finishing the challenge", True),
    ("Good luck at your swimming gala this weekend Paddy!", True),
    ("Paddy has left his water bottle on the coach again", True),
    ("paddy your swimming bag is in the office", True),
    ("Congratulations to Mr Reed on the birth of baby Paddy!", False),  # a baby, not a pupil
    ("Hope your families have a lovely half term", False),  # "Hope" the verb
])
def test_more_phrases_aimed_at_one_child(text: str, aimed: bool) -> None:
    assert bool(check(Draft(text), SIXTEENTH, only=frozenset({"targeted"}))) is aimed


SEVENTEENTH = with_pupils("Wylam", "Bede", "Keighley", "Jan", "Hamza", "Freya", "Amina", "Winston", "Major", "Ismail",
                          "Yusuf", "Aidan", "Mason", "Tulsa")


@pytest.mark.parametrize(("text", "child"), [
    ("The Year 4 bike ride went through Wylam to the river", False),  # a village (GeoNames) after a preposition
    ("Wylam went through the tunnel first on the bike ride", True),
    ("Fish and chips at Keighley before the coach home", False),
    ("Cake sale on Fri 6th Jan in the hall", False),  # a short month beside a date
    ("Jan and Wylam iced the cakes for the sale", True),
    ("Bede's tomb in the Galilee Chapel", False),  # what someone from history left behind
    ("Bede's model of the chapel", True),
    ("Amina, the Prophet's daughter, in our RE lesson", False),
    ("Freya, the Norse goddess of love, on our Viking display", False),
    ("Freya, the girl in the red coat, climbed up first", True),
    ("Hamza is the Arabic letter that looks like a small c", False),
    ("Hamza is the tallest in 4A", True),
    ("Arabic word of the week: amina", False),
    ("Winston the bulldog visited our reading corner", False),
    ("What a week at Keighley! Home tomorrow", False),  # where a stay is
    ("Mason bees have moved into the bug hotel", False),
    ("Mason has moved into the top reading group", True),
    ("Wylam couldn't believe it! Year 4 at Wylam Station today", True),  # a negative verb after the name
    ("St Aidan's Day: we learned how Aidan came from Iona", False),  # the saint, named again later
    ("Yusuf and Ismail told the stories of Prophet Yusuf and Prophet Ismail", True),  # children, then prophets
    ("Tulsa ibn Rabah was the first muezzin", False),  # part of a longer name
    ("The Dean of Keighley showed Year 6 the library", False),  # an office held of a place
])
def test_places_dates_relics_and_figures_of_faith(text: str, child: bool) -> None:
    assert blocks(text, SEVENTEENTH) is child


@pytest.mark.parametrize(("text", "asked"), [
    ("The Alan Shipley statue in the square", False),  # something named after someone
    ("Alan Shipley came to read to Year 1", True),
    ("Sergeant Major Blake showed us the tank", False),  # two ranks, then the soldier's name
])
def test_a_full_name_before_a_memorial_word(text: str, asked: bool) -> None:
    assert ("confirm" in {f.severity for f in check(photo_draft(text), SEVENTEENTH, only=frozenset({"full-name"}))}
            ) is asked


@pytest.mark.parametrize(("text", "aimed"), [
    ("Congratulations to Hamza, our new Head Boy!", True),  # the head boy is a child, not staff
    ("Mason got full marks in his times tables – well done!", True),  # one child, then praise
    ("Mason and Jan got full marks in the quiz – well done!", False),  # two children
    ("Noooo Mason! Your lunchbox is still on the coach", True),
    ("We're all thinking of you Hamza, get well soon", True),
    ("We miss you Jan!", True),
    ("Mason's behaviour at lunch was not OK today", True),
    ("Freya — what a star on sports day!", True),
    ("Mason, that's three weeks without a reading record. Please catch up.", True),
    ("Thank you to Winston the bulldog for visiting", False),
    ("So good to have you back after the holiday Amina, we missed you!", True),
])
def test_yet_more_phrases_aimed_at_one_child(text: str, aimed: bool) -> None:
    assert bool(check(Draft(text), SEVENTEENTH, only=frozenset({"targeted"}))) is aimed


EIGHTEENTH = with_pupils("Ely", "Max", "Marta", "Miles", "Trent", "Paris", "Ezra", "Winston", "Radu", "Storm", "Grace")


@pytest.mark.parametrize(("text", "child"), [
    ("Ely: eels, the cathedral and the river in one day", False),  # a place heading the caption
    ("Ely: 'best day ever!'", True),  # a child quoted
    ("MAX TEMPERATURE TODAY 29°C - paddling pool time", False),  # shouted words that describe a thing
    ("MAX WON THE EGG AND SPOON RACE", True),
    ("Marta, the Brazilian football legend, on our women in sport display", False),
    ("Miles and miles of towpath walked today", False),
    ("Burton upon Trent: Year 3 local history walk", False),
    ("Pastries and croissants for our Paris café morning", False),  # a place describing a thing
    ("We watched a puppet show and Ezra and Winston helped with the puppets", True),  # not named puppets
    ("Max and Storm from Paw Patrol came to the Reception party", False),  # characters from a show
    ("Grace from The Railway Children on our book week display", False),
    ("Max and Storm from Year 2 came to the Reception party", True),  # children from a year group
    ("Grace from 4A read to the Reception children", True),  # a class
])
def test_headings_shouting_repeats_and_puppets(text: str, child: bool) -> None:
    assert blocks(text, EIGHTEENTH) is child


@pytest.mark.parametrize(("text", "aimed"), [
    ("Grace was disappointing in assembly today - we expect better", True),
    ("Get better soon Radu, the class sent you a card", True),
    ("Sorry to hear Radu broke his wrist - get well soon from everyone", True),
    ("storm was late again this morning - please try harder", True),
])
def test_criticism_and_wishes_from_the_fens(text: str, aimed: bool) -> None:
    assert bool(check(Draft(text), EIGHTEENTH, only=frozenset({"targeted"}))) is aimed


@pytest.mark.parametrize(("text", "child"), [
    ("Thank you to Harvey & Sons Builders for the new fence", False),  # a firm
    ("Harvey and Amber built the fence", True),
    ("Mason bees live in our new bug hotel", False),  # a plural subject takes "live", a child "lives"
    ("Paris in spring? Year 5 are learning French café phrases", False),
    ("Paris in the hall with the Year 3 choir", True),
    ("We got off the tube at Amber on the way to the museum", False),  # a stop on a journey
    ("Wren's nest found in the hedge by the car park", False),
    ("Dolly mixtures for everyone who finished the walk", False),
])
def test_firms_plural_subjects_seasons_and_stops(text: str, child: bool) -> None:
    assert blocks(text, with_pupils("Harvey", "Mason", "Wren", "Dolly")) is child


@pytest.mark.parametrize(("text", "child"), [
    ("Nativity rehearsals: Mary, Joseph, three kings and lots of sheep", False),  # the holy family in a nativity
    ("Joseph played a shepherd in our nativity", True),  # a child with a part
    ("Mary and Morris handed out the programmes at the nativity", True),
    ("Morris dancers on the yard for St George's Day", False),
    ("River dipping at the nature reserve", False),
])
def test_the_holy_family_and_fixed_phrases(text: str, child: bool) -> None:
    assert blocks(text, with_pupils("Mary", "Joseph", "Morris", "River")) is child


@pytest.mark.parametrize(("text", "child"), [
    ("Sandy on the bagpipes at our Burns supper", True),  # a child playing an instrument
    ("Phoenix as the innkeeper in the class nativity", True),  # a child playing a part
    ("Photo credit: Abbey (she took this one of the whole class)", True),
    ("Wren spotted in the school hedge! The smallest bird we've seen", False),  # a sighting of an animal
    ("Wren spotted a deer in the school field", True),
    ("A very nice lady called Moira showed us round the ship", False),  # an adult met on the way
    ("Newton's cradle in the Year 6 forces lesson", False),
])
def test_instruments_parts_credits_sightings(text: str, child: bool) -> None:
    assert blocks(text, with_pupils("Sandy", "Phoenix", "Abbey", "Wren", "Moira", "Newton", "Joy")) is child


@pytest.mark.parametrize(("text", "aimed"), [
    ("Heather has earned her Eco Warrior badge this term", True),
    ("Keep going Sandy – we can see how hard you're trying", True),
    ("Grace has been so much more focused this week. Keep it up!", True),
    ("Phoenix, lovely to see you so much more settled in class this week.", True),
])
def test_badges_and_encouragement(text: str, aimed: bool) -> None:
    ctx = with_pupils("Heather", "Sandy", "Grace", "Phoenix")
    assert bool(check(Draft(text), ctx, only=frozenset({"targeted"}))) is aimed


def test_a_pair_inside_a_longer_proper_name_is_not_asked_about() -> None:
    ctx = with_pupils("Blair")
    asked = {f.severity for f in check(photo_draft("Blair Drummond Safari Park with Year 5"), ctx,
                                       only=frozenset({"full-name"}))}
    assert asked == set()
    asked = {f.severity for f in check(photo_draft("Blair Drummond came to read to Year 5"), ctx,
                                       only=frozenset({"full-name"}))}
    assert asked == {"confirm"}


@pytest.mark.parametrize(("text", "child"), [
    ("storm and kit on the climbing frame before the rain came in", True),  # pupils listed in lower case, doing
    ("hope and lily made Victoria sponges for the coffee morning", True),
    ("Forest school: we found holly, ivy and hazel in the copse today", False),  # plants
    ("Friendship bracelets with ruby, amber and jade coloured beads", False),  # colours
    ("The smiles say it all: Kit on the zip wire", True),
    ("World Book Day: Poppy (Elmer), Storm (the Gruffalo)", True),  # children and the characters they came as
])
def test_lower_case_lists_equipment_and_costumes(text: str, child: bool) -> None:
    ctx = with_pupils("Storm", "Kit", "Hope", "Lily", "Holly", "Ivy", "Hazel", "Ruby", "Amber", "Jade", "Poppy")
    assert blocks(text, ctx) is child


@pytest.mark.parametrize(("text", "aimed"), [
    ("Get well soon Amber, the netball team needs you back!", True),  # a clause after the name, not an adult
    ("Thank you Sarah, our team leader, for the tour", False),  # an adult with a role
    ("Hazel has been chosen as the Year 6 sports captain", True),
    ("Hazel wins our Science Week poster competition!", True),
    ("Hazel won the cup for the Blues!", False),  # a house or a team wins a cup
    ("Amber left her coat at forest school - it's in lost property", True),
])
def test_honours_and_reminders_for_one_child(text: str, aimed: bool) -> None:
    ctx = with_pupils("Amber", "Hazel", "Sarah")
    assert bool(check(Draft(text), ctx, only=frozenset({"targeted"}))) is aimed


@pytest.mark.parametrize(("text", "child"), [
    ("Year 6 have arrived safely in Jersey! First stop: Jersey Zoo", False),  # the place, then a longer name
    ("Coach update: just passed Cowes, back by 3.30", False),  # passing a town on the road
    ("Sark is the world's first Dark Sky Island", False),  # a fact about a place
    ("Sydney is a long way from here, but our penfriends wrote back", False),
    ("Kit explaining how his water wheel works", True),  # a child explaining
    ("Mason bees! Eco club built a bee hotel", False),
    ("Darwin's finches in Year 6 science", False),
])
def test_places_facts_and_explaining(text: str, child: bool) -> None:
    assert blocks(text, with_pupils("Jersey", "Cowes", "Sark", "Kit", "Mason", "Darwin")) is child


def test_a_place_of_two_words_is_not_asked_about_as_a_full_name() -> None:
    ctx = with_pupils("Milton")
    asked = {f.severity for f in check(photo_draft("Our trip to Milton Keynes for the science day"), ctx,
                                       only=frozenset({"full-name"}))}
    assert asked == set()


@pytest.mark.parametrize(("text", "aimed"), [
    ("Happy 11th birthday to our Head Girl Florence!", True),
    ("Star writer this week is Florence!", True),
    ("Sending get well wishes to Lincoln after his operation", True),
    ("Poor effort in spelling from Florence this week", True),
    ("Disappointing to see Lincoln messing about in the line again", True),
])
def test_more_wishes_honours_and_criticism(text: str, aimed: bool) -> None:
    ctx = with_pupils("Florence", "Lincoln")
    assert bool(check(Draft(text), ctx, only=frozenset({"targeted"}))) is aimed


def test_a_regimental_motto_is_not_an_insult() -> None:
    from app.policy.detector import offensive_findings

    assert offensive_findings("The Gurkhas' motto: 'Better to die than be a coward'") == []


@pytest.mark.parametrize(("text", "child"), [
    ("Alfred, Lord Tennyson lived at Farringford", False),  # a titled name around the comma
    ("Alfred, Lily and Sark lived at the farm park for a day", True),
    ("Year 5 locating India, Jordan and China on the world map", False),  # a list of places, one no pupil's name
    ("India, Jordan and Lily went to the map shop", True),  # three children
])
def test_titled_names_and_lists_of_places(text: str, child: bool) -> None:
    assert blocks(text, with_pupils("Alfred", "India", "Jordan", "Lily", "Sark")) is child


@pytest.mark.parametrize(("text", "child"), [
    ("Year 5 learning about the River Nile - the longest river in Africa", False),  # Nile is a class here
    ("Coral reef collage inspired by the Great Barrier Reef", False),  # the name ends a longer name
    ("Edale by the Kaiser Chiefs was the leavers' song", False),  # a song and its band
    ("Our value of the month is Hope", False),
    ("Wren spotted nesting in our bird box!", False),
    ("Sheffield station to Edale on the train", False),  # the end of a journey
    ("Lily bringing in her grandma's old cutlery", True),
    ("Blessing on the balance bike at sports day", True),
    ("Spot Holly (in the blue hat) on the class photo!", True),
])
def test_rivers_songs_values_journeys_and_clothes(text: str, child: bool) -> None:
    ctx = make_ctx(roster=(*ROSTER, *(RosterPupil(n, "", "Finch", "Nile", True)
                                      for n in ("River", "Reef", "Hope", "Wren", "Edale", "Lily", "Blessing",
                                                "Holly", "Nile"))))
    assert blocks(text, ctx) is child


@pytest.mark.parametrize(("text", "aimed"), [
    ("Chase was sent to Mrs Barker for pushing in the lunch queue.", True),
    ("Such a proud moment for Asmara today - she read in assembly", True),
    ("Certificate for Asmara for her amazing fact file", True),
    ("Our value of the month is Hope", False),  # not "star of the month"
])
def test_sent_to_a_teacher_and_certificates(text: str, aimed: bool) -> None:
    ctx = with_pupils("Chase", "Asmara", "Hope")
    assert bool(check(Draft(text), ctx, only=frozenset({"targeted"}))) is aimed


@pytest.mark.parametrize(("text", "child"), [
    ("Paris was our Year 6 French topic. Bonjour!", False),
    ("Paul the ferryman told us all about the boat", False),  # an adult's job after the name
    ("Oberon and Titania are moons of Uranus!", False),
    ("Year 4 counted a Bentley, two Mercedes and a Tesla on their traffic survey", False),  # things counted
    ("Who will be Oberon and who will be Titania?", False),  # parts to be cast
    ("Godiva class studied Millais's painting of Ophelia", False),
    ("Grace at the piano for our harvest assembly", True),
])
def test_topics_jobs_moons_cars_and_parts(text: str, child: bool) -> None:
    ctx = with_pupils("Paris", "Paul", "Oberon", "Titania", "Mercedes", "Ophelia", "Grace")
    assert blocks(text, ctx) is child


def test_top_marks_for_one_child_and_a_dry_stone_dyke() -> None:
    from app.policy.detector import offensive_findings

    assert check(Draft("Top marks in the spelling test for Diesel this week!"), with_pupils("Diesel"),
                 only=frozenset({"targeted"}))
    assert offensive_findings("We built a dry stone dyke at the folk museum") == []


@pytest.mark.parametrize(("text", "child"), [
    ("Florence in Italy was Year 5's city study this term", False),  # a place inside a wider place
    ("Bethesda to Llanberis over the Glyderau - what a walk!", False),  # a route between two places
    ("What a view from the top of Snowdon today!", False),
    ("Haworth today - home of Charlotte, Emily and Anne Brontë", False),  # siblings before a famous surname
    ("Freya was the Norse goddess of love - Year 3 drew her chariot", False),
    ("Summer's here - and so is the sun cream", False),
    ("Gair yr wythnos: seren = star. Can you spot one tonight?", False),  # Welsh word of the week
    ("Eryri class, please bring in a shoebox for your Snowdon model", False),
    ("In the Undercroft Museum Sofia spotted a Roman column", True),  # the museum's name ended before her
    ("Thor, Odin, Freya and Astrid - our four Viking 'gods' in the class assembly", True),  # Astrid is no god
    ("Trip to Bala! Tegid paddling in Llyn Tegid", True),  # doing something beside a namesake
])
def test_wider_places_routes_hills_siblings_and_a_goddess(text: str, child: bool) -> None:
    ctx = with_pupils("Florence", "Bethesda", "Snowdon", "Charlotte", "Emily", "Freya", "Summer", "Seren",
                      "Sofia", "Thor", "Odin", "Astrid", "Tegid")
    assert blocks(text, ctx) is child


def test_no_full_name_across_a_possessive() -> None:
    ctx = make_ctx(roster=(*ROSTER, RosterPupil("David", "", "Day", "4A", True)))
    assert not check(photo_draft("Happy St David's Day from everyone at school!"), ctx, only=frozenset({"full-name"}))
    assert check(photo_draft("David Day on the climbing wall"), ctx, only=frozenset({"full-name"}))


@pytest.mark.parametrize(("text", "aimed"), [
    ("Pen-blwydd hapus i Mabon yn 5 oed heddiw!", True),  # Welsh: happy birthday to Mabon
    ("Penblwydd Hapus Enfys! 5 today!", True),
    ("Croeso nôl Nia! Lovely to have you back", True),  # Welsh: welcome back
    ("Archie - behaviour in assembly today was not good enough.", True),
    ("great improvement in spelling from twm this week!", True),
    ("Brilliant effort at the Burns competition from Eilidh - 2nd place!", True),  # a longer phrase before "from"
    ("Poppy was caught being kind today", True),
    ("Sydney wasn't listening on the trip today and wandered off.", True),
    ("Get well soon Callum, the class hamster misses you", True),  # a new clause, not what Callum is
    ("Minerva in 4A, please see Mrs Gold about your poster", True),  # named with the class, then told
    ("Persephone - fantastic effort on your Greek myths project", True),  # spoken to, not the goddess
    ("Congratulations to Sydney, our star of the week", True),
    ("Brilliant effort at the Burns Night supper from the PTA", False),
])
def test_welsh_wishes_and_more_judgements_of_one_child(text: str, aimed: bool) -> None:
    ctx = with_pupils("Mabon", "Enfys", "Nia", "Archie", "Twm", "Eilidh", "Poppy", "Callum", "Minerva", "Persephone")
    assert bool(check(Draft(text), ctx, only=frozenset({"targeted"}))) is aimed


@pytest.mark.parametrize(("text", "child"), [
    ("Summer in her Paddington costume for book week", True),
    ("Sky in goal for the girls' team this afternoon", True),
    ("Grace brushing down the ponies at the riding stables", True),
    ("Will feeding Jemima, the school chicken", True),  # "will" never takes an -ing word
    ("Will it rain for sports day?", False),
    ("Class assembly: Athena played Athena in our Greek myths play", True),
    ("Here's Ariadne with her Greek myth comic strip", True),
    ("Lyra at the telescope during our stargazing evening", True),
    ("Orion found the constellation Orion on the star map!", True),
    ("Jupiter's planet mobile hanging in the class window", True),
    ("Ivy painting ivy leaves in art", True),
    ("Willow weaving at forest school - look at these willow domes!", False),
    ("Stargazing night: Jupiter and four of its moons through the school telescope", False),
    ("Sirius, the brightest star in the night sky, spotted from the field", False),
    ("The goddess Nike gave her name to the trainers", False),
    ("Learning about the ancient Maya in Year 5", False),
    ("Parents: the coach will leave for Lincoln at 8:15 sharp", False),
    ("The first Olympic Games were held at Olympia in 776 BC", False),
    ("Florence Nightingale was named after the city of Florence", False),
    ("Year 1 named the biggest caterpillar Summer", False),
    ("Hercules (the Disney film!) for our end of term film afternoon", False),
    ("The twelve labours of Hercules as told by Year 3 in comic strips", False),
    ("Year 6 studied Sofia, the capital city of Bulgaria", False),
    ("Jane Austen's Emma has been Year 6's class novel this term", False),
    ("Year 5 are exploring Kyrenia harbour and the castle", False),
])
def test_costumes_goals_telescopes_planets_goddesses_and_departures(text: str, child: bool) -> None:
    ctx = with_pupils("Summer", "Sky", "Grace", "Will", "Athena", "Ariadne", "Lyra", "Orion", "Jupiter", "Ivy",
                      "Willow", "Sirius", "Nike", "Maya", "Lincoln", "Olympia", "Florence", "Hercules", "Sofia",
                      "Emma", "Kyrenia")
    assert blocks(text, ctx) is child


def test_fat_rascals_are_scones() -> None:
    from app.policy.detector import offensive_findings

    assert offensive_findings("Fat Rascals from Bettys - a Harrogate tradition!") == []


@pytest.mark.parametrize(("text", "child"), [
    ("Residential day 3. In the front boat: Ravi, Maya and Kavya", True),  # who is in the boat, not its name
    ("The RSPCA brought in a baby hedgehog called Conwy", False),
    ("sunny and lucky (Year 1) on the bikes in the playground", True),  # lower case, with the class in brackets
    ("Mary, Mary, quite contrary, how does your garden grow?", False),
    ("Navratri - Year 4 learned about the festival of Shakti", False),
    ("Cosmo the macaw at the falconry show swooped over our heads", False),
    ("Apollo 11 landed on the moon in 1969 - Year 6 made rockets", False),
    ("Year 2 acted out how Hanuman leapt across the sea to Lanka to find Sita", False),  # another god is named
    ("Achilles played the Minotaur in our Greek myths play", True),
    ("Zainab's Lego model of the Spinnaker Tower for DT", True),  # what she built
    ("Nelson's Column in Trafalgar Square on the London trip", False),
])
def test_boats_brackets_rhymes_festivals_birds_and_models(text: str, child: bool) -> None:
    ctx = make_ctx(roster=(*ROSTER, *(RosterPupil(n, "", "Finch", "4A", True)
                                      for n in ("Ravi", "Maya", "Kavya", "Conwy", "Sunny", "Lucky", "Mary", "Shakti",
                                                "Cosmo", "Apollo", "Sita", "Achilles", "Zainab", "Nelson"))))
    assert blocks(text, ctx) is child


def test_festivals_named_after_a_god_are_not_full_names() -> None:
    ctx = with_pupils("Durga")
    assert not check(photo_draft("Durga Puja pandal visit with Year 5"), ctx, only=frozenset({"full-name"}))


@pytest.mark.parametrize(("text", "aimed"), [
    ("Star of the week is... ESTELLA!", True),
    ("Kayden has been late every day this week. Please make sure he is in by 8.45.", True),
    ("Summer wandered off from the group today and didn't listen to the adults.", True),
    ("What a goal from Georgia at the match tonight!!", True),
    ("hapy birthday julius!!", True),
    ("Sorry to hear you've been poorly Navy. Get well soon!", True),
    ("Apollo, brilliant presentation on the planets today!", True),  # spoken to, in a space caption
])
def test_ellipses_lateness_goals_typos_and_sympathy(text: str, aimed: bool) -> None:
    ctx = with_pupils("Estella", "Kayden", "Summer", "Julius", "Navy", "Apollo")
    assert bool(check(Draft(text), ctx, only=frozenset({"targeted"}))) is aimed


@pytest.mark.parametrize(("text", "child"), [
    ("Ocean painting the Ring of Brodgar at sunset", True),  # an -ing noun with an object is a verb
    ("Willow weaving workshop - dens, tunnels and a giant willow snake", False),
    ("Inga's Viking longship model - the sail really goes up and down", True),
    ("The narrowboat Bella took us along the Grand Union canal", False),
    ("Y6 on the Ullswater Steamer: Will, Alf and Kendal at the front", True),
    ("Florence, the city of the Duomo, in Year 5 art", False),
    ("Unst - Britain's most northerly inhabited island", False),
    ("Dancing to Sigrid at the Norway Day disco", False),
    ("Helen of Troy and the Trojan War - Year 3's story map", False),
    ("Helen of 4A on the climbing wall", True),
    ("A wild crossing to Yell - the ferry was really rocking!", False),
    ("The standing stones on the Isle of Lewis - Voe's topic this term", False),
    ("Don your hats and scarves, it's baltic out there!", False),
])
def test_objects_boats_places_described_singers_and_epithets(text: str, child: bool) -> None:
    ctx = make_ctx(roster=(*ROSTER, *(RosterPupil(n, "", "Finch", "4A", True)
                                      for n in ("Ocean", "Willow", "Inga", "Bella", "Will", "Alf", "Kendal", "Florence",
                                                "Unst", "Sigrid", "Helen", "Yell", "Lewis", "Don")),
                         RosterPupil("Tam", "", "Finch", "Voe", True)))
    assert blocks(text, ctx) is child


@pytest.mark.parametrize(("text", "aimed"), [
    ("Well done Roman for finally learning your 7 times table!", True),  # a pupil named after a school topic
    ("Well done Roman soldiers of Year 4!", False),
    ("Ten out of ten in spellings for Lincoln again!", True),
    ("Heath - what a goal in the match against St Mary's", True),
    ("Lovely to have Unst back in school after his operation", True),
    ("Great to have you back Milo, hope your arm is feeling better", True),
])
def test_topic_names_marks_goals_and_returns(text: str, aimed: bool) -> None:
    ctx = with_pupils("Roman", "Lincoln", "Heath", "Unst", "Milo")
    assert bool(check(Draft(text), ctx, only=frozenset({"targeted"}))) is aimed


@pytest.mark.parametrize(("text", "child"), [
    ("Hazel collecting hazelnuts in the school wood", True),  # a bare plural object after an -ing verb
    ("Priya's Diwali rangoli pattern in the hall", True),  # what she made
    ("Coral - in goal - on the field this lunchtime", True),
    ("World Book Day! Spot Stephen as the BFG and Daisy as Matilda", True),
    ("Kendal tasting Kendal mint cake for the very first time", True),
    ("Year 1 at the toy museum under Brighton station", False),
    ("Verulam class retold the Irish legend of Oisin and Niamh riding to Tir na nOg", False),
])
def test_plurals_patterns_goals_book_day_namesakes_stations_and_legends(text: str, child: bool) -> None:
    ctx = with_pupils("Hazel", "Priya", "Coral", "Stephen", "Kendal", "Brighton", "Oisin", "Niamh")
    assert blocks(text, ctx) is child


@pytest.mark.parametrize(("text", "aimed"), [
    ("Not good enough from Devon today. We expect much better behaviour on trips.", True),
    ("Oscar kicked a ball at the classroom windows at lunchtime – not okay.", True),
    ("lucas brilliant effort in the maths challenge!!", True),
    ("Eden in 4A has earned her pen licence this week – well done! ✏️", True),
    ("Patience please, Year 6 parents! Residential photos will go up tonight", False),  # asked of a group
])
def test_not_ok_praise_after_a_lower_case_name_and_patience(text: str, aimed: bool) -> None:
    ctx = with_pupils("Devon", "Oscar", "Lucas", "Eden", "Patience")
    assert bool(check(Draft(text), ctx, only=frozenset({"targeted"}))) is aimed
