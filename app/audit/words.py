"""Audit events in plain words for the people who read the log (admins, governors)."""

from __future__ import annotations

EVENT_WORDS = {
    "login.ok": "Signed in",
    "login.failed": "Sign-in failed (wrong email or password)",
    "login.throttled": "Sign-in paused after too many failures",
    "login.second_factor_failed": "Wrong two-factor code",
    "login.recovery_code_used": "Signed in with a recovery code",
    "logout": "Signed out",
    "user.created": "Staff account added",
    "user.disabled": "Staff account disabled",
    "user.enabled": "Staff account enabled",
    "user.role_changed": "Role changed",
    "user.details_changed": "Name or email changed",
    "user.password_changed": "Changed own password",
    "user.password_reset": "Password reset",
    "user.password_check_failed": "Wrong current password when changing it",
    "user.password_check_throttled": "Password change paused after too many failures",
    "user.unlocked": "Sign-in lock lifted by an admin",
    "user.two_factor_enabled": "Two-factor sign-in turned on",
    "user.two_factor_disabled": "Two-factor sign-in turned off",
    "user.two_factor_reset": "Two-factor sign-in reset by an admin",
    "admin.refused": "Tried an admin page without being an admin",
    "post.submitted": "Post sent to the outbox",
    "post.blocked": "Post stopped by the policy",
    "post.cancelled": "Post cancelled",
    "post.photos_purged": "Photos deleted from the server",
    "post.taken_down": "Post taken down",
    "delivery.published": "Published",
    "delivery.waiting": "Waiting to retry",
    "delivery.retry_scheduled": "Retry scheduled",
    "delivery.rejected": "Refused by the platform",
    "delivery.unknown": "Not confirmed: needs checking",
    "delivery.needs_reconnect": "Channel needs reconnecting",
    "delivery.reconciled": "Checked whether a post went out",
    "delivery.retry_requested": "Retry asked for by staff",
    "posting.paused": "All posting paused",
    "posting.resumed": "Posting switched back on",
    "trip.created": "Trip added",
    "trip.changed": "Trip changed",
    "trip.ended": "Trip ended",
    "roster.imported": "Pupil roster replaced",
    "allowlist.added": "Allowlist phrase added",
    "allowlist.removed": "Allowlist phrase removed",
    "channel.checked": "Channel connection checked",
    "newsflash.feed_added": "Website feed added",
    "newsflash.feed_removed": "Website feed removed",
    "newsflash.feed_failed": "Website feed could not be read",
    "newsflash.feed_refused": "Website feed from the settings refused",
    "newsflash.item_drafted": "Website news drafted",
    "newsflash.item_sent": "Website news sent",
    "newsflash.item_discarded": "Website news discarded",
    "newsflash.item_edited": "Website news edited",
}


def event_words(event: str) -> str:
    if event in EVENT_WORDS:
        return EVENT_WORDS[event]
    area, _, what = event.partition(".")
    return (what or area).replace("_", " ").capitalize() + (f" ({area})" if what else "")
