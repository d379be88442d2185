"""Response models of the posting API, for the OpenAPI document and for checking what is sent.

They allow extra fields, so a field added to the status JSON (app/posts/status.py) passes through before it is
described here.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class FindingOut(BaseModel):
    rule: str
    severity: str
    message: str
    policy: str
    spans: list[list[int]]
    data: dict[str, Any]


class CheckResult(BaseModel):
    ok: bool
    findings: list[FindingOut]


class DeliveryOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    channel: str
    label: str = ""
    status: str
    url: str | None = None
    message: str = ""
    next_attempt_at: str | None = None
    published_at: str | None = None
    can_retry: bool = False


class PostOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    status: str
    text: str = ""
    author: str = ""
    created_at: str | None = None
    scheduled_for: str | None = None
    photo_count: int = 0
    photo_notes: list[str] = []
    photos_purged: bool = False
    out_of_hours_reason: str | None = None
    out_of_hours_label: str = ""
    out_of_hours_note: str = ""
    can_cancel: bool = False
    deliveries: list[DeliveryOut]


class PostList(BaseModel):
    posts: list[PostOut]


class Refused(BaseModel):
    """A 4xx: `detail` in plain English; a policy refusal also lists the findings to fix or confirm."""

    model_config = ConfigDict(extra="allow")

    detail: str
    findings: list[FindingOut] = []
