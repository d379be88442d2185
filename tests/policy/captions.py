"""A labelled set of realistic captions and the matching roster, for the floor test and the benchmark.

Labels are what a careful senior teacher would say: does the caption name a child, is it offensive?
`allowed_phrase` marks captions built around a phrase that must never be flagged as offensive.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.policy import RosterPupil


def _pupil(legal: str, preferred: str, surname: str, class_name: str, consent: bool = True) -> RosterPupil:
    return RosterPupil(legal, preferred or legal, surname, class_name, consent)


ROSTER: tuple[RosterPupil, ...] = (
    _pupil("Aarav", "", "Sharma", "Oak"),
    _pupil("Oluwaseun", "Seun", "Adeyemi", "Oak"),
    _pupil("Zofia", "", "Kowalska", "Oak", consent=False),
    _pupil("Siobhán", "Siobhan", "O'Neill", "Oak"),
    _pupil("Oliver", "Ollie", "Smith-Jones", "Oak"),
    _pupil("Grace", "", "Hill", "Oak"),
    _pupil("Hope", "", "Wood", "Oak"),
    _pupil("William", "Will", "Baker", "Oak"),
    _pupil("May", "", "Chen", "Oak"),
    _pupil("Rose", "", "Green", "Oak"),
    _pupil("Summer", "", "Clarke", "Oak"),
    _pupil("Mohammed", "", "Ali", "Oak", consent=False),
    _pupil("Amelia", "", "Thompson", "Oak"),
    _pupil("Isla", "", "Robertson", "Oak"),
    _pupil("Noah", "", "Williams", "Oak"),
    _pupil("Leo", "", "Davies", "Willow"),
    _pupil("Freya", "", "Evans", "Willow"),
    _pupil("Ellie-Mae", "", "Turner", "Willow"),
    _pupil("Harry", "", "Jackson", "Willow"),
    _pupil("Jack", "", "Walker", "Willow"),
    _pupil("Muhammad", "", "Hussain", "Willow"),
    _pupil("Ayesha", "", "Begum", "Willow", consent=False),
    _pupil("Priya", "", "Patel", "Willow"),
    _pupil("Chloe", "", "Wright", "Willow"),
    _pupil("Kacper", "", "Nowak", "Willow"),
    _pupil("Maja", "", "Wiśniewska", "Willow"),
    _pupil("Chidi", "", "Okafor", "Willow"),
    _pupil("Amara", "", "Mensah", "Willow"),
    _pupil("Fatima", "", "Rahman", "Willow"),
    _pupil("Yusuf", "", "Khan", "Willow"),
    _pupil("Ibrahim", "", "Ahmed", "Hazel"),
    _pupil("Daniel", "Dan", "Murphy", "Hazel"),
    _pupil("Ciarán", "Ciaran", "Byrne", "Hazel"),
    _pupil("Niamh", "", "Kelly", "Hazel"),
    _pupil("Rhys", "", "Morgan", "Hazel"),
    _pupil("Cerys", "", "Jones", "Hazel"),
    _pupil("Alfie", "", "Roberts", "Hazel", consent=False),
    _pupil("Poppy", "", "Lewis", "Hazel"),
    _pupil("Lily", "", "Hughes", "Hazel"),
    _pupil("Evie", "", "Edwards", "Hazel"),
    _pupil("Theo", "", "Brown", "Hazel"),
    _pupil("Finley", "Finn", "Harris", "Hazel"),
    _pupil("Sofia", "", "Rossi", "Hazel"),
    _pupil("Matteo", "", "Bianchi", "Hazel"),
    _pupil("Elif", "", "Yilmaz", "Hazel"),
    _pupil("Hiroshi", "Hiro", "Tanaka", "Elm"),
    _pupil("Mei", "", "Wong", "Elm"),
    _pupil("Arjun", "", "Singh", "Elm"),
    _pupil("Harpreet", "", "Kaur", "Elm"),
    _pupil("Jayden", "", "Campbell", "Elm"),
    _pupil("Tyler", "", "King", "Elm"),
    _pupil("Kai", "", "Young", "Elm"),
    _pupil("Ruby", "", "Scott", "Elm"),
    _pupil("Isabella", "Bella", "Martin", "Elm"),
    _pupil("Mia", "", "Moore", "Elm"),
    _pupil("Ava", "", "White", "Elm"),
    _pupil("Sophie", "", "Hall", "Elm"),
    _pupil("Joshua", "Josh", "Taylor", "Elm"),
    _pupil("Maryam", "", "Ali", "Elm"),
    _pupil("Zara", "", "Hussain", "Elm"),
)

# Words and phrases the school's admin has marked as never names (houses, local places).
ALLOWLIST: tuple[str, ...] = ("Brockhole", "Ambleside")


@dataclass(frozen=True)
class Caption:
    text: str
    photos: int = 1
    names_child: bool = False
    offensive: bool = False
    allowed_phrase: bool = False

    @property
    def clean(self) -> bool:
        return not self.names_child and not self.offensive


def _named(text: str, photos: int = 1) -> Caption:
    return Caption(text, photos=photos, names_child=True)


def _clean(text: str, photos: int = 1) -> Caption:
    return Caption(text, photos=photos)


def _rude(text: str, photos: int = 1) -> Caption:
    return Caption(text, photos=photos, offensive=True)


def _allowed(text: str, photos: int = 1) -> Caption:
    return Caption(text, photos=photos, allowed_phrase=True)


NAMED = [
    _named("Well done Aarav for reaching the top of the climbing wall! 🧗"),
    _named("Aarav and Seun cooked the whole team breakfast this morning 🍳"),
    _named("Oluwaseun read his poem to the whole school today"),
    _named("Zofia's painting won the art prize at the county show 🎨"),
    _named("Zofia and Maja led the canoe race on Lake Windermere"),
    _named("Siobhan O'Neill made the best sandcastle on the beach"),
    _named("Siobhán scored the winning goal against St Mary's ⚽"),
    _named("Great teamwork from Ollie Smith-Jones and his group"),
    _named("Smith-Jones family, thank you for the cakes!"),
    _named("Thanks to Will for carrying the kit bag all the way up"),
    _named("Grace and Hope were brilliant on the ropes course"),
    _named("Well done Grace on your swimming badge 🏊"),
    _named("A huge thank you to May for the flowers"),
    _named("Rose and Summer planted the new herb garden"),
    _named("Our dancers, including Summer and Lily, stole the show"),
    _named("well done aarav and zofia, great orienteering today"),
    _named("siobhan was a star on the zip wire"),
    _named("Mohammed and Yusuf built an amazing den in the woods"),
    _named("Freya caught a crab on the rock pooling walk 🦀"),
    _named("Ellie-Mae sang the solo in tonight's concert"),
    _named("Harry and Jack were first back from the hike"),
    _named("Muhammad's team won the quiz night 🏆"),
    _named("Priya read the lesson beautifully at the carol service"),
    _named("Chloe, Kacper and Chidi made pizzas for everyone"),
    _named("Amara and Fatima presented their science project"),
    _named("Ibrahim spotted a red squirrel near the lodge!"),
    _named("Dan and Ciaran tried archery for the first time"),
    _named("Niamh and Cerys won the three-legged race"),
    _named("Rhys Morgan kept a clean sheet in goal"),
    _named("Alfie made everyone laugh at the campfire 🔥"),
    _named("Poppy and Evie decorated the Christmas tree 🎄"),
    _named("Theo found a fossil on the beach at Charmouth"),
    _named("Finn and Sofia were our Year 4 reading champions"),
    _named("Matteo and Elif are our new school councillors"),
    _named("Hiro taught the class how to fold paper cranes"),
    _named("Mei and Arjun shared their Diwali lanterns"),
    _named("Harpreet led the assembly about Vaisakhi"),
    _named("Jayden and Tyler raced to the top of the hill"),
    _named("Kai and Ruby looked after the class hamster over half term"),
    _named("Bella and Mia wrote a play for the class"),
    _named("Ava and Sophie raised £50 for the food bank"),
    _named("Well done Josh a better lesson today"),
    _named("Maryam and Zara won the spelling bee 🐝"),
    _named("Noah and Isla have been amazing on this residential"),
    _named("Amelia Thompson ran the fastest 100m in the district"),
    _named("Leo lost his first tooth on the trip! 😁"),
    _named("Ayesha's story was read out at the library"),
    _named("Happy birthday to Noah, who turns 11 today 🎂"),
    _named("Congratulations Isla on passing grade 3 piano"),
    _named("Player of the match: Kacper ⚽"),
    _named("Star of the week is Oluwaseun for his kindness ⭐"),
    _named("Zofia, Maja and Kacper helped the Year 1s with their reading"),
    _named("Will and Grace have been brilliant buddies this week"),
    _named("Our winners: Aarav (gold), Seun (silver), Priya (bronze)"),
    _named("Jake from St Peter's played really well too"),
    _named("Thank you Oscar for the lovely card"),
    _named("Well done Ella on your first competition"),
    _named("Huge congratulations to Amelia and Noah 🎉"),
    _named("Sofia Rossi won the county chess trophy"),
    _named("Ollie read the weather report on the radio"),
    _named("Thanks to Rose for the tour of the garden"),
    _named("Siobhan’s team won the treasure hunt"),
    _named("Spotted: Theo and Finn learning to paddleboard"),
    _named("Lily kept her balance all the way across the rope bridge"),
    _named("Great effort from Tyler in the cross country"),
    _named("Our residential gang: Chloe, Amara, Fatima and Jayden"),
    _named("Cerys Jones and Niamh Kelly, your poems were beautiful"),
    _named("Harry caught the biggest fish of the day 🎣"),
    _named("Kai made a new friend, a very friendly goat 🐐"),
    _named("Jack's den survived the storm!"),
]

CLEAN = [
    _clean("Year 6 have arrived safely at the Lake District! 🚌"),
    _clean("Beautiful morning on Lake Windermere for our canoe session"),
    _clean("We visited the Grace Darling museum in Bamburgh today"),
    _clean("Mrs Patel and Mr Jones led the night walk 🌙"),
    _clean("Coach Sam ran a brilliant football session for Class Oak"),
    _clean("Hope you all have a lovely half term!"),
    _clean("Will you be joining us for the Summer Fair on Saturday?"),
    _clean("May half term starts on Friday 23rd May"),
    _clean("Summer term clubs start next week"),
    _clean("Rose Garden planting with Year 2 this afternoon 🌹"),
    _clean("Don't forget PE kits tomorrow, Year 3!"),
    _clean("Reminder: the school will be closed on Monday for the election"),
    _clean("School is closed today due to snow. Stay safe everyone ❄️"),
    _clean("Class Willow have been learning about the Romans"),
    _clean("Willow class made Roman shields this week"),
    _clean("Our Year 5 team won the district football tournament! 🏆"),
    _clean("Great effort from everyone at the cross country today"),
    _clean("Well done to the choir for a wonderful carol concert"),
    _clean("Thank you to all the parents who came to sports day"),
    _clean("The PTA bake sale raised £420. Thank you!"),
    _clean("Year 4 enjoyed their trip to the Natural History Museum 🦕"),
    _clean("Oak class are ready for their SATs. We are proud of you all!"),
    _clean("Lunch at Brockhole followed by a walk along the shore"),
    _clean("Sunny skies in Ambleside this morning ☀️"),
    _clean("The Year 6 residential group have just finished gorge walking"),
    _clean("First night at the centre and everyone is tucked up in bed 😴"),
    _clean("Hot chocolate and marshmallows round the campfire 🔥"),
    _clean("Reception enjoyed the teddy bears' picnic"),
    _clean("Year 1 had a visit from the fire brigade today 🚒"),
    _clean("Our Christmas jumper day raised £230 for charity"),
    _clean("Please remember that school finishes at 1:30pm on Friday"),
    _clean("Parents' evening booking is now open"),
    _clean("Good luck to Year 6 in their SATs this week"),
    _clean("Happy Easter from everyone at Wentworth Primary 🐣"),
    _clean("Mr Smith-Jones showed us how to tie knots"),
    _clean("Dr Okafor visited Year 5 to talk about being a surgeon"),
    _clean("Miss Hill's class performed their Tudor dances"),
    _clean("Mrs O'Neill is our new lollipop lady, say hello!"),
    _clean("Summer is here! Remember sun cream and a water bottle ☀️"),
    _clean("Grace before lunch was led by the school council"),
    _clean("May we remind parents that the car park is for staff only"),
    _clean("Hope to see lots of you at the open evening"),
    _clean("We will be back at school at 3:30pm. Journey going well!"),
    _clean("The coach is running about 20 minutes late 🚌"),
    _clean("Year 3 visited Chester Zoo and saw the elephants 🐘"),
    _clean("Forest School in Bluebell Wood this afternoon"),
    _clean("Our Green Flag award has been renewed! ♻️"),
    _clean("King's Coronation celebrations in the hall 👑"),
    _clean("The hall has been decorated for the Year 6 leavers' disco 🪩"),
    _clean("Fabulous World Book Day costumes! 📚"),
    _clean("Year 2 are reading The Owl Who Was Afraid of the Dark"),
    _clean("Spring term dates are on the website"),
    _clean("Our Harvest Festival collection goes to the local food bank"),
    _clean("The whole school took part in the Daily Mile today 🏃"),
    _clean("Red Nose Day fun in Year 1 🔴"),
    _clean("Anti-bullying week: odd socks day on Monday 🧦"),
    _clean("Remembrance Day: Year 6 made poppies for the wreath"),
    _clean("Class Hazel went pond dipping this afternoon 🐸"),
    _clean("Elm class have written letters to the local MP"),
    _clean("Sports Day has been moved to Thursday because of rain"),
    _clean("🎉 Another brilliant day at Robinwood! More photos tomorrow"),
    _clean("Our new library is open! Thank you to the Friends of Wentworth"),
    _clean("Year 5 took part in Bikeability this week 🚲"),
    _clean("The climbing wall was a big hit with Year 6 today"),
    _clean("Lovely to see so many families at the Summer Concert"),
    _clean("Wentworth Warriors beat Hill Top 3-1 in the league"),
    _clean("What a view from the top of Scafell Pike! ⛰️"),
    _clean("Well done everyone on a brilliant residential"),
    _clean("Mrs Begum's Year 2 class made Eid cards"),
    _clean("Please bring a packed lunch on Wednesday for the trip"),
    _clean("Golden time reward for Class Elm this afternoon ✨"),
    _clean("A massive thank you to our amazing volunteers"),
    _clean("Rock pooling at Robin Hood's Bay 🦀"),
    _clean("Year 6 are off to see Matilda at the theatre 🎭"),
]

OFFENSIVE = [
    _rude("What a f***ing brilliant day out!"),
    _rude("This weather is sh1t but the kids are loving it"),
    _rude("Total b0ll0cks that the trip was cancelled"),
    _rude("The bloody coach broke down again"),
    _rude("Bugger, forgot the packed lunches"),
    _rude("The council are a bunch of idiots for closing the road"),
    _rude("Ofsted can piss off"),
    _rude("Absolute bollocks from the referee today"),
    _rude("What a shit show at the traffic lights"),
    _rude("Damn, it's raining again at the campsite"),
    _rude("That ref was a complete tw@t"),
    _rude("Who's the dickhead who parked across the gate?"),
    _rude("fuuuuck this rain"),
    _rude("Parents who park on the zigzags are tossers"),
    _rude("Crap weather but great fun"),
    _rude("WTF is going on with the coach company? F*** sake"),
    _rude("The other team's coach was a right arse"),
    _rude("Some w@nker stole our football"),
]

ALLOWED = [
    _allowed("Year 4 loved the Dick Whittington panto at the theatre 🎭"),
    _allowed("Spotted dick and custard for pudding tonight!"),
    _allowed("Blue tits are nesting in our bird box 🐦"),
    _allowed("We found pussy willow on our nature walk"),
    _allowed("Good luck to our team playing in Scunthorpe today"),
    _allowed("Year 6 travelled through Penistone on the way to the moors"),
    _allowed("Fruit cocktail and ice cream for pudding"),
    _allowed("The castle had murder holes above the gate!"),
    _allowed("We stopped for lunch in Cockermouth"),
    _allowed("We spotted great tits and a robin in the garden"),
    _allowed("Year 5 are studying the Tudors and Bloody Mary"),
    _allowed("Walking a section of Offa's Dyke today"),
]

CAPTIONS: tuple[Caption, ...] = (*NAMED, *CLEAN, *OFFENSIVE, *ALLOWED)
