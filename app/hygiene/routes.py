"""/admin/hygiene: term dates, the start-of-term checklist, and each channel's account details."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select

from app.channels.models import CHANNEL_LABELS
from app.deps import AdminUser, SessionDep, SettingsDep
from app.hygiene.models import TermCheck
from app.hygiene.service import (
    CHECKLIST,
    HygieneError,
    account_for,
    checklist_due,
    confirm_checklist,
    current_term,
    set_term_starts,
    term_starts,
)
from app.web.bounds import ChannelName
from app.web.security import CsrfChecked
from app.web.templates import render, with_flash

router = APIRouter()


def _today(request: Request, settings):
    return request.app.state.clock().astimezone(settings.tz).date()


@router.get("/admin/hygiene")
def hygiene_page(request: Request, db: SessionDep, settings: SettingsDep, admin: AdminUser):
    today = _today(request, settings)
    terms = term_starts(db)
    db.commit()
    accounts = [(name, CHANNEL_LABELS.get(name, name), account_for(db, name)) for name in ("x", "facebook")]
    db.flush()
    checks = db.scalars(select(TermCheck).order_by(TermCheck.term_starts_on.desc()).limit(6)).all()
    return render(request, "admin/hygiene.html", terms=terms, term=current_term(db, today),
                  due=checklist_due(db, today), checklist=CHECKLIST, accounts=accounts, checks=checks,
                  review_date=settings.policy_review_date, today=today)


@router.post("/admin/hygiene/checklist")
def hygiene_confirm(request: Request, db: SessionDep, settings: SettingsDep, admin: AdminUser, _csrf: CsrfChecked,
                    done: Annotated[list[str] | None, Form()] = None):
    try:
        confirm_checklist(db, admin, _today(request, settings), [d[:20] for d in (done or [])])
    except HygieneError as exc:
        db.rollback()
        return with_flash(RedirectResponse("/admin/hygiene", 303), f"Not confirmed: {exc}")
    db.commit()
    return with_flash(RedirectResponse("/admin/hygiene", 303), "Thank you: this term's checklist is done.")


@router.post("/admin/hygiene/terms")
def hygiene_terms(request: Request, db: SessionDep, admin: AdminUser, _csrf: CsrfChecked,
                  terms: Annotated[str, Form(max_length=4000)] = ""):
    try:
        set_term_starts(db, admin, terms)
    except HygieneError as exc:
        db.rollback()
        return with_flash(RedirectResponse("/admin/hygiene", 303), f"Term dates not saved: {exc}")
    db.commit()
    return with_flash(RedirectResponse("/admin/hygiene", 303), "Term dates saved.")


@router.post("/admin/hygiene/accounts/{channel}")
def hygiene_account(channel: ChannelName, db: SessionDep, admin: AdminUser, _csrf: CsrfChecked,
                    email: Annotated[str, Form(max_length=254)] = ""):
    if channel not in ("x", "facebook"):
        return with_flash(RedirectResponse("/admin/hygiene", 303), "That is not a channel Tripcast knows.")
    account_for(db, channel).email = email.strip()
    db.commit()
    return with_flash(RedirectResponse("/admin/hygiene", 303), f"{CHANNEL_LABELS[channel]}: email saved.")
