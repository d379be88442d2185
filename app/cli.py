"""Command line for operators and scripts: `python -m app COMMAND`."""

from __future__ import annotations

import argparse
import sys

from app.config import Settings, get_settings, load_settings_or_exit

# Commands that use the database apply the migrations first (idempotent), so a fresh install can
# create its first admin or load the roster without running `migrate` before.
NEEDS_DATABASE = {"create-user", "import-roster", "reset-password"}


class CannotStart(Exception):
    """A plain-English reason the command cannot run (printed without a traceback)."""


def prepare_database(settings: Settings) -> None:
    """Create the data folders (private to this user) and bring the database up to date."""
    from alembic.util import CommandError

    from app.migrate import upgrade

    try:
        settings.ensure_dirs()
    except OSError as exc:
        raise CannotStart(f"Cannot create the data folder {exc.filename or settings.data_dir}: {exc.strerror}. "
                          "Set TRIPCAST_DATA_DIR to a folder Tripcast may write to.") from None
    try:
        upgrade(settings.db_url)
    except CommandError as exc:
        raise CannotStart(f"The database could not be migrated: {exc}") from None


def cmd_migrate(_args: argparse.Namespace) -> int:
    prepare_database(get_settings())
    print("Database is up to date.")
    return 0


def cmd_create_user(args: argparse.Namespace) -> int:
    from app.accounts.service import AccountError, create_user
    from app.audit.log import record
    from app.db import Database

    if not args.password_stdin:
        print("Give the password on standard input with --password-stdin (it never goes in the command line).",
              file=sys.stderr)
        return 2
    password = sys.stdin.readline().rstrip("\r\n")
    database = Database(get_settings().db_url)
    with database.session() as db:
        try:
            user = create_user(db, args.email, args.role, password, args.name or "")
        except AccountError as exc:
            print(f"Not created: {exc}", file=sys.stderr)
            return 1
        record(db, "user.created", actor_label="command line", user_id=user.id, email=user.email, role=user.role)
        db.commit()
        print(f"Created {user.role} {user.email} ({user.display_name}).")
    database.dispose()
    return 0


def cmd_reset_password(args: argparse.Namespace) -> int:
    """For the school whose only admin forgot their password: a new one from standard input."""
    from sqlalchemy import select

    from app.accounts import throttle
    from app.accounts.models import User
    from app.accounts.service import AccountError, normalise_email, set_password
    from app.audit.log import record
    from app.db import Database

    if not args.password_stdin:
        print("Give the new password on standard input with --password-stdin (it never goes in the command line).",
              file=sys.stderr)
        return 2
    password = sys.stdin.readline().rstrip("\r\n")
    database = Database(get_settings().db_url)
    try:
        with database.session() as db:
            user = db.scalar(select(User).where(User.email == normalise_email(args.email)))
            if user is None:
                print(f"There is no staff account for {args.email}. Check the spelling, or use create-user.",
                      file=sys.stderr)
                return 1
            try:
                set_password(db, user, password)
            except AccountError as exc:
                print(f"Not changed: {exc}", file=sys.stderr)
                return 1
            throttle.clear_failures(db, user.email)
            record(db, "user.password_reset", actor_label="command line", user_id=user.id, email=user.email)
            db.commit()
            state = "" if user.active else " The account is disabled: an admin must enable it before it can sign in."
            print(f"New password set for {user.email}; their sessions have ended and any lock-out is lifted.{state}")
    finally:
        database.dispose()
    return 0


def cmd_import_roster(args: argparse.Namespace) -> int:
    from app.db import Database
    from app.roster.csv_text import decode_roster_bytes
    from app.roster.service import import_roster_text

    try:
        with open(args.file, "rb") as handle:
            text = decode_roster_bytes(handle.read())  # the same decoding as the web upload (UTF-8/16, cp1252)
    except OSError as exc:
        print(f"Cannot read {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"Cannot read {args.file}: {exc}", file=sys.stderr)
        return 1
    database = Database(get_settings().db_url)
    with database.session() as db:
        result = import_roster_text(db, text, actor_label="command line")
    database.dispose()
    if result.errors:
        print("Nothing was changed. Fix these lines and try again:", file=sys.stderr)
        for error in result.errors:
            print(f"  {error}", file=sys.stderr)
        return 1
    merged = f"; {result.duplicates_merged} repeated lines imported once" if result.duplicates_merged else ""
    print(f"Roster replaced: {result.count} pupils ({result.without_consent} without photo consent{merged}).")
    for warning in result.warnings:
        print(f"Warning: {warning}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m app", description="Tripcast operator commands")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply database migrations").set_defaults(func=cmd_migrate)
    create = sub.add_parser("create-user", help="add a staff account")
    create.add_argument("email")
    create.add_argument("--role", choices=["admin", "poster"], required=True)
    create.add_argument("--name", default="")
    create.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    create.set_defaults(func=cmd_create_user)
    reset = sub.add_parser("reset-password", help="set a new password for a staff account (e.g. the only admin)")
    reset.add_argument("email")
    reset.add_argument("--password-stdin", action="store_true", help="read the new password from standard input")
    reset.set_defaults(func=cmd_reset_password)
    roster = sub.add_parser("import-roster", help="replace the pupil roster from a CSV file")
    roster.add_argument("file")
    roster.set_defaults(func=cmd_import_roster)
    return parser


def main(argv: list[str] | None = None) -> int:
    from app.db import DATABASE_ERRORS, describe_database_error, is_unavailable
    from app.logs import configure_logging

    args = build_parser().parse_args(argv)
    configure_logging()
    settings = load_settings_or_exit()  # a bad setting: plain lines and exit 2, no values shown
    try:
        if args.command in NEEDS_DATABASE:
            prepare_database(settings)
        return args.func(args)
    except CannotStart as exc:
        print(exc, file=sys.stderr)
        return 1
    except DATABASE_ERRORS as exc:
        if not is_unavailable(exc):
            raise
        print(describe_database_error(settings.db_url, exc), file=sys.stderr)
        return 1
