"""Imports every model so that `Base.metadata` (Alembic's target) knows all tables."""

from app.accounts.models import LoginFailure, LoginSession, SetupToken, User
from app.audit.models import AuditEvent
from app.channels.models import ChannelState
from app.db import Base
from app.hygiene.models import ChannelAccount, TermCheck, TermStart
from app.moderation.models import ModAction, ModComment
from app.moderation.push import PushSubscription
from app.newsflash.models import NewsFeed, NewsItem
from app.posts.models import Delivery, Post, PostPhoto
from app.posts.pause import PostingPause
from app.posts.takedown import TakeDown
from app.roster.models import AllowlistEntry, Pupil
from app.trips.models import Trip, trip_leaders
from app.versions import CacheVersion

__all__ = [
    "AllowlistEntry", "AuditEvent", "Base", "CacheVersion", "ChannelAccount", "ChannelState", "Delivery",
    "LoginFailure", "LoginSession", "ModAction", "ModComment", "NewsFeed", "NewsItem", "Post", "PostPhoto",
    "PostingPause", "PushSubscription", "Pupil", "SetupToken", "TakeDown", "TermCheck", "TermStart", "Trip", "User",
    "trip_leaders",
]
