"""/admin/review (the governors' paper), its CSV tables and /api/admin/review (the same figures as JSON)."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from app.channels.models import CHANNEL_LABELS
from app.deps import AdminUser, SessionDep, SettingsDep
from app.review.charts import weekly_bars
from app.review.figures import Review, build_review, default_range
from app.web.templates import render

router = APIRouter()
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
DateParam = Annotated[date | None, Query(description="YYYY-MM-DD, in the school's time zone")]


def _range(request: Request, db, settings, start: date | None, end: date | None) -> Review:
    now = request.app.state.clock()
    today = now.astimezone(settings.tz).date()
    if start is None or end is None:
        first, last = default_range(db, settings.tz, today, settings.trial_start)
        start, end = start or first, end or last
    for label, day in (("from", start), ("to", end)):
        if not EARLIEST <= day <= LATEST:
            raise HTTPException(422, f"'{label}' must be a date between {EARLIEST} and {LATEST}.")
    if end < start:
        raise HTTPException(422, "'to' is before 'from': give the first day, then the last.")
    if (end - start).days > 3 * 366:
        raise HTTPException(422, "Choose a period of three years at most.")
    return build_review(db, start, end, settings.tz, now)


@router.get("/api/admin/review")
def api_review(request: Request, db: SessionDep, settings: SettingsDep, admin: AdminUser,
               start: Annotated[DateParam, Query(alias="from")] = None,
               end: Annotated[DateParam, Query(alias="to")] = None):
    return _range(request, db, settings, start, end).as_json()


@router.get("/admin/review")
def review_page(request: Request, db: SessionDep, settings: SettingsDep, admin: AdminUser,
                start: Annotated[DateParam, Query(alias="from")] = None,
                end: Annotated[DateParam, Query(alias="to")] = None):
    review = _range(request, db, settings, start, end)
    chart = weekly_bars(review.weeks, review.channels, CHANNEL_LABELS,
                        title=f"Posts published each week, {review.start:%d %b %Y} to {review.end:%d %b %Y}")
    return render(request, "admin/review.html", review=review, chart=chart, labels=CHANNEL_LABELS)


Table = Literal["weekly", "out_of_hours", "stopped", "confirmed", "failures", "posters"]


@router.get("/admin/review.csv")
def review_csv(request: Request, db: SessionDep, settings: SettingsDep, admin: AdminUser,
               table: Table,
               start: Annotated[DateParam, Query(alias="from")] = None,
               end: Annotated[DateParam, Query(alias="to")] = None):
    review = _range(request, db, settings, start, end)
    rows: list[list] = {
        "weekly": [["week starting", *[CHANNEL_LABELS.get(c, c) for c in review.channels]],
                   *[[w["week"], *[w.get(c, 0) for c in review.channels]] for w in review.weeks]],
        "out_of_hours": [["reason", "posts", "notes"],
                         *[[r["label"], r["count"], " | ".join(r["notes"])] for r in review.out_of_hours]],
        "stopped": [["rule", "attempts stopped"], *review.stopped.items()],
        "confirmed": [["rule", "confirmations ticked"], *review.confirmed.items()],
        "failures": [["post", "when", "channel", "ended as", "attempts", "message"],
                     *[[f["post_id"], f["when"], f["channel"], f["status"], f["attempts"], f["message"]]
                       for f in review.failures]],
        "posters": [["name", "posts"], *[[p["name"], p["posts"]] for p in review.people]],
    }[table]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([_safe_cell(v) for v in row])
    name = f"tripcast-review-{table}-{review.start}-{review.end}.csv"
    return Response(buffer.getvalue().encode("utf-8-sig"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _safe_cell(value):
    """Spreadsheets run a cell that starts with = + - @ as a formula: quote it (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
