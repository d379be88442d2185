"""Imports every model so that `Base.metadata` (Alembic's target) knows all tables."""

from app.accounts.models import LoginFailure, LoginSession, SetupToken, User
from app.audit.models import AuditEvent
from app.db import Base
from app.posts.models import ChannelState, Delivery, Post, PostPhoto
from app.roster.models import AllowlistEntry, Pupil
from app.trips.models import Trip, trip_leaders
from app.versions import CacheVersion

__all__ = [
    "AllowlistEntry", "AuditEvent", "Base", "ChannelState", "Delivery", "LoginFailure", "LoginSession", "Post",
    "PostPhoto", "Pupil", "SetupToken", "Trip", "User", "trip_leaders",
    "CacheVersion",
]
