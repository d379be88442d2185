"""Imports every model so that `Base.metadata` (Alembic's target) knows all tables."""

from app.accounts.models import LoginFailure, LoginSession, SetupToken, User
from app.audit.models import AuditEvent
from app.db import Base
from app.moderation.models import ModAction, ModComment
from app.moderation.push import PushSubscription
from app.posts.models import ChannelState, Delivery, Post, PostPhoto
from app.posts.takedown import TakeDown
from app.roster.models import AllowlistEntry, Pupil
from app.trips.models import Trip, trip_leaders

__all__ = [
    "AllowlistEntry", "AuditEvent", "Base", "ChannelState", "Delivery", "LoginFailure", "LoginSession", "Post",
    "PostPhoto", "Pupil", "SetupToken", "Trip", "User", "trip_leaders",
    "ModAction", "ModComment", "PushSubscription", "TakeDown",
]
