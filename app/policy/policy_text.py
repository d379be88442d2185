"""The lines of the school's social-media policy that the rules quote, word for word."""

from __future__ import annotations

HOURS = (
    "The school Social Media accounts will normally only tweet between the hours of 8am and 6pm between "
    "Monday and Friday. The only time tweets and posts outside of this time are for school events (e.g. "
    "football matches, residential trips, performances) or to share urgent school news (e.g. closures)."
)
NAMES = (
    "The school Social Media accounts will only use first names when referencing children, and will not "
    "use names at all if a photo is included."
)
CONSENT = "Parent, guardian or carer’s permission will be sought if a child is clearly identifiable in the photo."
TARGETED = (
    "Individually targeted content will not be posted e.g. “Well done Josh a better lesson today”. Tweets or "
    "posts to a year group or class along the lines of “don’t forget the...” are acceptable."
)
REPLIES = (
    "The school Social Media accounts will not reply to any ‘replies’. This is not the platform to discuss "
    "or debate school related issues."
)
TWEET_LENGTH = "Twitter is used primarily as a method of communication made up of 280 characters called a ‘tweet’."
OFFENSIVE = (
    "The content below is deemed as inappropriate. - Offensive language or remarks aimed at the school, its "
    "staff, parents, governors or others affiliated with the school."
)
POSITIVE = "The school Social Media accounts will use Twitter and Facebook to share positive messages about the school."
ZERO_COST = (
    "Primarily to act as a one way “broadcast” account to communicate information quickly and at zero cost "
    "to children, parents, staff, governors and the local community."
)
UNSUITABLE = "Unsuitable images or content posted into its feed."
RESPONSIBLE = (
    "To demonstrate safe, positive and responsible use of social media and encourage the use of 21st Century "
    "technology."
)
