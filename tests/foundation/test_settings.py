from __future__ import annotations

import logging

import pytest
from pydantic import SecretStr, ValidationError

from app.config import Settings


@pytest.mark.parametrize("weak", ["changethis", "secret", "password", "short-but-not-weak-word"])
def test_weak_secret_key_is_refused(weak, tmp_path):
    with pytest.raises(ValidationError, match="too weak"):
        Settings(_env_file=None, data_dir=tmp_path, secret_key=weak)


def test_weak_secret_from_environment_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv("TRIPCAST_SECRET_KEY", "changethis")
    with pytest.raises(ValidationError, match="TRIPCAST_SECRET_KEY is too weak"):
        Settings(_env_file=None, data_dir=tmp_path)


def test_secret_key_is_generated_once_into_the_data_dir(tmp_path):
    first = Settings(_env_file=None, data_dir=tmp_path / "d").signing_key()
    second = Settings(_env_file=None, data_dir=tmp_path / "d").signing_key()
    assert first == second and len(first) >= 32
    assert (tmp_path / "d" / "secret_key").stat().st_mode & 0o077 == 0


def test_secrets_never_print(tmp_path, caplog):
    value = "x" * 20 + "VERYSECRETVALUE" + "y" * 20
    settings = Settings(_env_file=None, data_dir=tmp_path, secret_key=value, facebook_page_token="EAAGtoken123456")
    logging.getLogger("t").warning("settings: %s %r", settings, settings)
    shown = repr(settings) + str(settings) + caplog.text + settings.model_dump_json()
    assert "VERYSECRETVALUE" not in shown and "EAAGtoken123456" not in shown
    assert settings.secret_key.get_secret_value() == value
    assert repr(SecretStr("abc")) == "SecretStr('**********')"


def test_posting_window_and_database_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv("TRIPCAST_POSTING_DAYS", "mon-sat")
    settings = Settings(_env_file=None, data_dir=tmp_path)
    assert settings.posting_days == [0, 1, 2, 3, 4, 5]
    assert settings.db_url == f"sqlite:///{(tmp_path / 'tripcast.db').resolve()}"
    assert settings.timezone == "Europe/London"
    assert Settings(_env_file=None, database_url="postgres://u:p@h/db").db_url.startswith("postgresql+psycopg://")


def test_unknown_timezone_is_refused(tmp_path):
    with pytest.raises(ValidationError, match="not a known time zone"):
        Settings(_env_file=None, data_dir=tmp_path, timezone="Mars/Olympus")


def test_sandbox_is_on_only_when_no_channel_is_configured(tmp_path):
    assert Settings(_env_file=None, data_dir=tmp_path).sandbox_on
    fb = Settings(_env_file=None, data_dir=tmp_path, facebook_page_id="1", facebook_page_token="t")
    assert fb.facebook_configured and not fb.sandbox_on
