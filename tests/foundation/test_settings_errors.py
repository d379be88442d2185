"""Bad settings, a bad or unreachable database and a fresh install, the way an operator meets them:
`python -m app ...` and `uvicorn app.asgi:app` started for real with environment variables.

Each must end in plain lines naming the setting, with no traceback and no secret value.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from datetime import time
from pathlib import Path

import pytest
from pydantic import ValidationError

from app.config import Settings, settings_problems
from app.migrate import upgrade

ROOT = Path(__file__).resolve().parents[2]
FB_TOKEN = "EAAGm0PX4ZCpsBAFAKEFAKEtokenEND"
DB_PASSWORD = "Sup3rS3cretDBpass"


def _env(tmp_path: Path, **settings: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("TRIPCAST_")}
    env.update(PYTHONPATH=str(ROOT), TRIPCAST_DATA_DIR=str(tmp_path / "data"))
    env.update({f"TRIPCAST_{key.upper()}": value for key, value in settings.items()})
    return env


def run_app(tmp_path: Path, *args: str, stdin: str = "", **settings: str) -> subprocess.CompletedProcess:
    """`python -m app ARGS` from an empty folder (so no .env file is read), as an operator runs it."""
    return subprocess.run([sys.executable, "-m", "app", *args], input=stdin, capture_output=True, text=True,
                          env=_env(tmp_path, **settings), cwd=tmp_path, timeout=60)


def run_uvicorn(tmp_path: Path, **settings: str) -> subprocess.CompletedProcess:
    """Start uvicorn as the Procfile does; with a problem it must stop by itself, before serving."""
    return subprocess.run([sys.executable, "-m", "uvicorn", "app.asgi:app", "--host", "127.0.0.1", "--port",
                           str(_closed_port())], capture_output=True, text=True, env=_env(tmp_path, **settings),
                          cwd=tmp_path, timeout=60)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _output(result: subprocess.CompletedProcess) -> str:
    return result.stdout + result.stderr


def assert_plain(result: subprocess.CompletedProcess, *secrets: str) -> str:
    output = _output(result)
    assert result.returncode != 0, output
    assert "Traceback" not in output and "ValidationError" not in output and "input_value" not in output, output
    for secret in secrets:
        assert secret not in output
    return output


# B2: bad settings --------------------------------------------------------------------------


def test_weak_secret_key_on_the_command_line_is_one_plain_line_without_any_secret(tmp_path):
    result = run_app(tmp_path, "migrate", secret_key="changeme", facebook_page_id="1234567",
                     facebook_page_token=FB_TOKEN,
                     database_url=f"postgresql://tripcast:{DB_PASSWORD}@db.example/tripcast")
    output = assert_plain(result, "changeme", FB_TOKEN, DB_PASSWORD)
    assert result.returncode == 2
    assert output.startswith("TRIPCAST_SECRET_KEY is too weak: use at least 32 random characters")
    assert len(output.strip().splitlines()) == 2  # the problem, and "Tripcast did not start ..."


def test_every_bad_setting_gets_its_own_line(tmp_path):
    result = run_app(tmp_path, "create-user", "a@school.example", "--role", "admin", "--password-stdin",
                     secret_key="password", posting_days="mon-fri,xyz", session_days="0", upload_max_photos="9",
                     timezone="Mars/Olympus", outbox_poll_seconds="soon", sandbox_enabled="maybe",
                     facebook_page_token=FB_TOKEN)
    output = assert_plain(result, FB_TOKEN, "soon", "maybe")
    lines = output.strip().splitlines()
    assert "TRIPCAST_SECRET_KEY is too weak" in lines[0]
    for expected in ("TRIPCAST_POSTING_DAYS: 'xyz' is not a day name", "TRIPCAST_SESSION_DAYS must be at least 1",
                     "TRIPCAST_UPLOAD_MAX_PHOTOS must be at most 4",
                     "TRIPCAST_TIMEZONE: 'Mars/Olympus' is not a known time zone",
                     "TRIPCAST_OUTBOX_POLL_SECONDS should be a number",
                     "TRIPCAST_SANDBOX_ENABLED should be true or false"):
        assert any(line.startswith(expected) for line in lines), (expected, output)
    assert not (tmp_path / "data").exists()  # nothing was done


def test_uvicorn_with_a_bad_setting_stops_with_one_plain_line(tmp_path):
    result = run_uvicorn(tmp_path, secret_key="changeme", facebook_page_id="1", facebook_page_token=FB_TOKEN,
                         posting_start="18:00", posting_end="08:00")
    output = assert_plain(result, "changeme", FB_TOKEN)
    assert "TRIPCAST_SECRET_KEY is too weak" in output
    assert "TRIPCAST_POSTING_START (18:00) must be earlier than TRIPCAST_POSTING_END (08:00)" in output


def test_validation_errors_never_carry_the_input(tmp_path):
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None, data_dir=tmp_path, secret_key="changeme", facebook_page_token=FB_TOKEN,
                 session_days=0)
    assert "changeme" not in str(caught.value) and FB_TOKEN not in str(caught.value)
    assert settings_problems(caught.value) == [
        "TRIPCAST_SECRET_KEY is too weak: use at least 32 random characters (for example the output of: "
        "python -c 'import secrets; print(secrets.token_urlsafe(48))'), or leave it unset and Tripcast will "
        "generate one in the data folder.",
        "TRIPCAST_SESSION_DAYS must be at least 1",
    ]


# B3: the database password ----------------------------------------------------------------


def test_database_password_is_masked_but_the_engine_gets_it(tmp_path):
    url = f"postgresql://tripcast:{DB_PASSWORD}@db.example:5433/tripcast?sslmode=require"
    settings = Settings(_env_file=None, data_dir=tmp_path, database_url=url)
    shown = repr(settings) + str(settings) + settings.model_dump_json() + str(settings.model_dump())
    assert DB_PASSWORD not in shown
    assert "postgresql://tripcast:***@db.example:5433/tripcast?sslmode=require" in shown
    assert settings.db_url == f"postgresql+psycopg://tripcast:{DB_PASSWORD}@db.example:5433/tripcast?sslmode=require"
    heroku = Settings(_env_file=None, data_dir=tmp_path, database_url=f"postgres://u:{DB_PASSWORD}@h/db")
    assert heroku.db_url == f"postgresql+psycopg://u:{DB_PASSWORD}@h/db" and DB_PASSWORD not in repr(heroku)
    query = Settings(_env_file=None, data_dir=tmp_path, database_url=f"postgresql://u@h/db?password={DB_PASSWORD}")
    assert DB_PASSWORD not in repr(query) and DB_PASSWORD in query.db_url
    sqlite = Settings(_env_file=None, data_dir=tmp_path, database_url=f"sqlite:///{tmp_path}/x.db")
    assert sqlite.db_url == f"sqlite:///{tmp_path}/x.db"


# R9: a malformed or unreachable database -----------------------------------------------------


@pytest.mark.parametrize(("url", "expected"), [
    (f"postgressql://tripcast:{DB_PASSWORD}@db.example/tripcast",
     "TRIPCAST_DATABASE_URL should start postgresql:// or sqlite:/// (got 'postgressql://')"),
    (f"postgresql://tripcast:{DB_PASSWORD}@db.example:54x2/tripcast",
     "TRIPCAST_DATABASE_URL has a port that is not a number"),
    (f"tripcast:{DB_PASSWORD}@db.example/tripcast", "TRIPCAST_DATABASE_URL is not a database address"),
    (f"mysql://tripcast:{DB_PASSWORD}@db.example/tripcast", "(got 'mysql://')"),
    ("sqlite://", "TRIPCAST_DATABASE_URL must name a file for SQLite"),
])
def test_malformed_database_url_is_explained_without_the_password(tmp_path, url, expected):
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None, data_dir=tmp_path, database_url=url)
    [line] = settings_problems(caught.value)
    assert expected in line and DB_PASSWORD not in line + str(caught.value)
    assert line.startswith("TRIPCAST_DATABASE_URL ") and "sqlite:///path/to/tripcast.db" in line


def test_database_url_typo_on_the_command_line(tmp_path):
    result = run_app(tmp_path, "migrate", database_url=f"postgressql://tripcast:{DB_PASSWORD}@db.example/tripcast")
    output = assert_plain(result, DB_PASSWORD)
    assert output.startswith("TRIPCAST_DATABASE_URL should start postgresql:// or sqlite:/// (got 'postgressql://')")


def test_unreachable_database_is_one_line_for_migrate_and_for_uvicorn(tmp_path):
    port = _closed_port()
    url = f"postgresql://tripcast:{DB_PASSWORD}@127.0.0.1:{port}/tripcast"
    for result in (run_app(tmp_path, "migrate", database_url=url), run_uvicorn(tmp_path, database_url=url)):
        output = assert_plain(result, DB_PASSWORD)
        assert output.startswith(f"Cannot reach the database at 127.0.0.1:{port} ("), output
        assert len(output.strip().splitlines()) == 1, output


def test_uvicorn_before_migrate_says_to_migrate(tmp_path):
    result = run_uvicorn(tmp_path)
    output = assert_plain(result)
    assert output.startswith("The database is not set up yet: run python -m app migrate")
    assert not (tmp_path / "data" / "tripcast.db").exists()


# R8: commands on a fresh install -----------------------------------------------------------


def test_create_user_and_import_roster_work_on_a_fresh_install(tmp_path):
    """README offers create-user as the scripted route to the first admin: it sets the database up itself."""
    created = run_app(tmp_path, "create-user", "head@school.example", "--role", "admin", "--password-stdin",
                      stdin="some long password\n")
    assert created.returncode == 0 and "Traceback" not in _output(created), _output(created)
    assert "Created admin head@school.example" in created.stdout
    roster = tmp_path / "roster.csv"
    roster.write_text("Forename,Surname,Class,Consent\nAmy,Jones,6A,Yes\n")
    fresh = tmp_path / "other"
    fresh.mkdir()
    imported = run_app(fresh, "import-roster", str(roster))
    assert imported.returncode == 0 and "Traceback" not in _output(imported), _output(imported)
    assert "Roster replaced: 1 pupils" in imported.stdout


# N9: file modes --------------------------------------------------------------------------


def test_a_new_data_dir_and_database_are_private(tmp_path):
    old = os.umask(0o022)  # the usual umask, which would give 0755 and 0644
    try:
        result = run_app(tmp_path, "migrate")
    finally:
        os.umask(old)
    assert result.returncode == 0, _output(result)
    data = tmp_path / "data"
    for path in (data, data / "photos", data / "sandbox"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o700, path
    for path in data.glob("tripcast.db*"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_an_existing_data_dir_keeps_its_mode(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o750)
    settings = Settings(_env_file=None, data_dir=data)
    settings.ensure_dirs()
    upgrade(settings.db_url)
    assert stat.S_IMODE(data.stat().st_mode) == 0o750
    assert stat.S_IMODE((data / "tripcast.db").stat().st_mode) == 0o600


# B4: the posting window --------------------------------------------------------------------


@pytest.mark.parametrize(("given", "days"), [
    ("mon-fri,sat", [0, 1, 2, 3, 4, 5]),
    ("mon-fri, sat", [0, 1, 2, 3, 4, 5]),
    ("Monday-Wednesday,Friday", [0, 1, 2, 4]),
    ("mon,mon,tue,mon-tue", [0, 1]),
    ("sat-mon", [0, 5, 6]),
    ("0-4", [0, 1, 2, 3, 4]),
    ("tues,thurs", [1, 3]),
    ("6,0", [0, 6]),
])
def test_posting_days_are_read_as_written(tmp_path, given, days):
    assert Settings(_env_file=None, data_dir=tmp_path, posting_days=given).posting_days == days


@pytest.mark.parametrize(("given", "expected"), [
    ("0,1,9", "TRIPCAST_POSTING_DAYS: '9' is not a day number (0 = Monday ... 6 = Sunday)"),
    ("", "TRIPCAST_POSTING_DAYS is empty"),
    (" , ", "TRIPCAST_POSTING_DAYS is empty"),
    ("monkey", "TRIPCAST_POSTING_DAYS: 'monkey' is not a day name"),
    ("mo-fr", "TRIPCAST_POSTING_DAYS: 'mo' is not a day name"),
    ([0, 7], "TRIPCAST_POSTING_DAYS: 7 is not a day number"),
    ([], "TRIPCAST_POSTING_DAYS is empty"),
])
def test_bad_posting_days_are_refused(tmp_path, given, expected):
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None, data_dir=tmp_path, posting_days=given)
    assert settings_problems(caught.value)[0].startswith(expected)


def test_posting_window_must_open_before_it_closes(tmp_path):
    for start, end in (("18:00", "08:00"), ("08:00", "08:00")):
        with pytest.raises(ValidationError) as caught:
            Settings(_env_file=None, data_dir=tmp_path, posting_start=start, posting_end=end)
        assert settings_problems(caught.value)[0].startswith("TRIPCAST_POSTING_START")
    ok = Settings(_env_file=None, data_dir=tmp_path, posting_start="07:30", posting_end="19:00")
    assert (ok.posting_start, ok.posting_end) == (time(7, 30), time(19, 0))
    with pytest.raises(ValidationError, match="plain local time"):
        Settings(_env_file=None, data_dir=tmp_path, posting_start="08:00Z")


# N7: numeric bounds ----------------------------------------------------------------------


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("session_days", 0, "TRIPCAST_SESSION_DAYS must be at least 1"),
    ("upload_max_photos", -1, "TRIPCAST_UPLOAD_MAX_PHOTOS must be at least 1"),
    ("upload_max_photos", 5, "TRIPCAST_UPLOAD_MAX_PHOTOS must be at most 4"),
    ("upload_max_bytes", 0, "TRIPCAST_UPLOAD_MAX_BYTES must be more than 0"),
    ("photo_max_long_edge", 10, "TRIPCAST_PHOTO_MAX_LONG_EDGE must be at least 256"),
    ("photo_max_long_edge", 100_000, "TRIPCAST_PHOTO_MAX_LONG_EDGE must be at most 8192"),
    ("photo_concurrency", 0, "TRIPCAST_PHOTO_CONCURRENCY must be at least 1"),
    ("login_max_failures_per_account", 0, "TRIPCAST_LOGIN_MAX_FAILURES_PER_ACCOUNT must be at least 1"),
    ("login_max_failures_per_address", 0, "TRIPCAST_LOGIN_MAX_FAILURES_PER_ADDRESS must be at least 1"),
    ("login_window_minutes", 0, "TRIPCAST_LOGIN_WINDOW_MINUTES must be at least 1"),
    ("photo_retention_days", 0, "TRIPCAST_PHOTO_RETENTION_DAYS must be at least 1"),
    ("outbox_poll_seconds", 0, "TRIPCAST_OUTBOX_POLL_SECONDS must be more than 0"),
    ("session_days", "thirty", "TRIPCAST_SESSION_DAYS should be a whole number"),
])
def test_nonsense_numbers_are_refused_plainly(tmp_path, name, value, expected):
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None, data_dir=tmp_path, **{name: value})
    assert settings_problems(caught.value) == [expected]
