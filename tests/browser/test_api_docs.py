"""Swagger UI at /api/docs works for signed-in staff under the app's Content-Security-Policy."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_api_docs_render_every_operation_without_csp_errors(server, desktop):
    page = desktop.new_page()
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(f"{msg.text} {msg.location}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    sign_in(page, server.url)
    page.goto(f"{server.url}/api/docs")
    expect(page.get_by_role("heading", name="Tripcast API")).to_be_visible(timeout=20_000)
    expect(page.locator(".opblock-summary-path", has_text="/api/check").first).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/api/admin/users/{user_id}").first).to_be_visible()
    assert problems == []
