"""Schemathesis over the staff-only OpenAPI document: every JSON operation, as an admin and as a poster.

Fails on any 5xx, any response that breaks its documented schema, and any answer slower than SLOW seconds.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from app.main import create_app
from app.web.api_docs import api_document
from tests.conftest import make_settings
from tests.fuzz.conftest import FUZZ_SETTINGS, SLOW

# Signing out through the fuzzer ends nothing useful; everything else is fair game.
SKIP = {("DELETE", "/api/session")}


def _document() -> dict:
    """The document as /api/openapi.json serves it (building the app touches no database)."""
    with tempfile.TemporaryDirectory() as tmp:
        return api_document(create_app(make_settings(Path(tmp))))


# Loaded when the module is collected (schemathesis' lazy fixture loader does not run under pytest 9);
# the fixture below points it at a fresh app for each test.
schema = schemathesis.openapi.from_dict(_document())
SERVED: dict = {}


@pytest.fixture(scope="module", autouse=True)
def _served(fuzz_app):
    app, staff, client = fuzz_app
    served = client.get("/api/openapi.json", cookies=staff.cookie(staff.admin_id))
    assert served.status_code == 200 and served.json()["paths"] == schema.raw_schema["paths"]
    SERVED.update(app=app, staff=staff)
    yield
    SERVED.clear()


def _call(case, as_admin: bool):
    if (case.method.upper(), case.path) in SKIP:
        pytest.skip("not fuzzed")
    staff = SERVED["staff"]
    response = case.call(app=SERVED["app"], cookies=staff.cookie(staff.admin_id if as_admin else staff.poster_id))
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
    assert response.elapsed < SLOW, f"{case.method} {case.path} took {response.elapsed:.1f} s"
    return response


@schema.parametrize()
@settings(max_examples=8, suppress_health_check=list(HealthCheck), **FUZZ_SETTINGS)
def test_every_operation_as_an_admin(case):
    _call(case, as_admin=True)


@schema.parametrize()
@settings(max_examples=3, suppress_health_check=list(HealthCheck), **FUZZ_SETTINGS)
def test_every_operation_as_a_poster(case):
    _call(case, as_admin=False)
