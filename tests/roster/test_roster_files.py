"""Real-world roster files over HTTP: every file either imports or gets a plain 422, never a 500,
and a refused file always leaves the old roster in place."""

from __future__ import annotations

from tests.conftest import add_user, login

HEADER = "Legal Forename,Preferred Forename,Surname,Reg Group,Photo Consent"
GOOD = [HEADER, "Zoë,,Smith,6A,Yes", "Siân,,Jones,6A,No", "Oliver,Olly,Brown,6B,Y", "Amelia,,Taylor,6B,N"]


def csv_bytes(lines: list[str], newline: str = "\r\n", encoding: str = "utf-8") -> bytes:
    return (newline.join(lines) + newline).encode(encoding)


def upload(client, content: bytes, url: str = "/api/admin/roster", **extra):
    return client.post(url, files={"file": ("roster.csv", content, "text/csv")}, **extra)


def pupils(client) -> list[tuple[str, str, bool]]:
    return sorted((p["legal_forename"], p["class"], p["photo_consent"])
                  for p in client.get("/api/admin/roster").json()["pupils"])


def page_upload(client, content: bytes):
    client.get("/admin/roster")
    return upload(client, content, url="/admin/roster", data={"csrf_token": client.cookies.get("tripcast_csrf")})


def test_old_mac_line_endings_import(admin_client):
    response = upload(admin_client, csv_bytes(GOOD, newline="\r"))
    assert response.status_code == 200, response.text
    assert response.json()["count"] == 4
    page = page_upload(admin_client, csv_bytes(["Forename,Surname,Class,Consent", "Amy,Jones,6A,Yes"], newline="\r"))
    assert page.status_code == 200 and "Roster replaced: 1 pupils, 0 without photo consent." in page.text


def test_utf16_and_utf8_bom_and_windows_1252_files_import_with_names_intact(admin_client):
    tabbed = [line.replace(",", "\t") for line in GOOD]
    for data in (
        "\r\n".join(tabbed).encode("utf-16"),  # Excel "Unicode Text": BOM, tabs
        b"\xfe\xff" + "\r\n".join(tabbed).encode("utf-16-be"),
        csv_bytes(GOOD, encoding="utf-8-sig"),
        csv_bytes(GOOD, encoding="cp1252"),
    ):
        response = upload(admin_client, data)
        assert response.status_code == 200, response.text
        assert pupils(admin_client) == [("Amelia", "6B", False), ("Oliver", "6B", True), ("Siân", "6A", False),
                                        ("Zoë", "6A", True)]


def test_an_unclosed_quote_gets_a_plain_422_and_keeps_the_old_roster(admin_client):
    assert upload(admin_client, csv_bytes(GOOD)).status_code == 200
    rows = [f"Pupil{n},,Surname{n},6A,Yes" for n in range(8000)]
    big = csv_bytes([HEADER, '"Amy,,Jones,6A,Yes', *rows])
    assert len(big) > 131072
    response = upload(admin_client, big)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        'Line 2: a quote mark (") here is never closed, so the rest of the file was read as one value. '
        "Remove the quote mark or close it."]
    small = upload(admin_client, csv_bytes([HEADER, "Amy,,Jones,6A,Yes", '"Ben,,Smith,6B,No', "Cara,,Lee,6B,Y"]))
    assert small.status_code == 422 and small.json()["errors"][0].startswith(
        "Line 3: the Legal Forename value runs onto the next line")
    page = page_upload(admin_client, big)
    assert page.status_code == 422 and "Nothing was changed" in page.text and "Line 2: a quote mark" in page.text
    assert len(pupils(admin_client)) == 4


def test_files_that_are_not_csv_get_a_plain_422(admin_client):
    response = upload(admin_client, b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)))
    assert response.status_code == 422 and "Excel workbook" in response.json()["detail"]
    page = page_upload(admin_client, b"\xff\xfeA\x00B")
    assert page.status_code == 422 and "UTF-16 text but part of it is damaged" in page.text


def test_error_lists_are_capped_and_use_the_files_headings(admin_client):
    lines = [HEADER, *[f"Pupil{n},,Surname{n},6A,Maybe" for n in range(500)]]
    response = upload(admin_client, csv_bytes(lines))
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert len(errors) == 21 and errors[-1] == "…and 480 more lines with problems."
    assert errors[0] == "Line 2: Photo Consent must be yes or no, not 'Maybe'"
    assert not any("photo_consent" in e or "legal_forename" in e for e in errors)
    page = page_upload(admin_client, csv_bytes(lines))
    assert page.status_code == 422 and page.text.count("<li>Line ") == 20
    assert "…and 480 more lines with problems." in page.text


def test_duplicate_pupils(admin_client):
    conflict = upload(admin_client, csv_bytes([HEADER, "Zoë,,Smith,6A,Yes", "Amy,,Lee,6A,No", "Zoë,,Smith,6A,No"]))
    assert conflict.status_code == 422
    assert conflict.json()["errors"] == [
        "Lines 2 and 4 are the same pupil with different photo consent (Zoë Smith, 6A): delete the wrong line."]
    dupes = upload(admin_client, csv_bytes([*GOOD, "Zoë,,Smith,6A,Yes", "Siân,,Jones,6A,No"]))
    assert dupes.status_code == 200
    assert dupes.json() == {"count": 4, "without_consent": 2, "duplicates_merged": 2, "warnings": []}
    assert len(pupils(admin_client)) == 4
    page = page_upload(admin_client, csv_bytes([*GOOD, "Zoë,,Smith,6A,Yes"]))
    assert "Roster replaced: 4 pupils, 2 without photo consent. 1 line repeated a pupil exactly and was merged." \
        in page.text


def test_values_too_long_for_the_database_or_with_control_characters_are_refused(admin_client):
    upload(admin_client, csv_bytes(GOOD))
    response = upload(admin_client, csv_bytes([
        HEADER, "Amy,,Jones,6A,Yes", "A" * 81 + ",,Jones,6A,Yes", "Ben,,Smith," + "6" * 41 + ",No",
        "Cara,,Le\x00e,6B,Yes", "Dan\x1b,,Moss,6B,Yes"]))
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors[0] == "Line 3: Legal Forename is longer than 80 characters (it has 81)"
    assert errors[1] == "Line 4: Reg Group is longer than 40 characters (it has 41)"
    assert errors[2].startswith("Line 5: the Surname value contains a control character (such as NUL)")
    assert errors[3].startswith("Line 6: the Legal Forename value contains a control character")
    assert len(pupils(admin_client)) == 4


def test_import_is_audited_with_the_address(admin_client):
    upload(admin_client, csv_bytes([*GOOD, "Zoë,,Smith,6A,Yes"]))
    event = admin_client.get("/api/admin/audit", params={"event": "roster.imported"}).json()["events"][0]
    assert event["ip"] == "testclient"
    assert event["details"] == {"pupils": 4, "without_consent": 2, "duplicates_merged": 1}


def test_allowlist_refuses_control_characters_and_overlong_phrases(admin_client):
    nul = admin_client.post("/api/admin/allowlist", json={"phrase": "Wind\u0000ermere"})
    assert nul.status_code == 422 and "control character" in nul.json()["detail"]
    long = admin_client.post("/api/admin/allowlist", json={"phrase": "x" * 121})
    assert long.status_code == 422 and "120 characters at most" in long.json()["detail"]
    admin_client.get("/admin/allowlist")
    page = admin_client.post("/admin/allowlist",
                             data={"csrf_token": admin_client.cookies.get("tripcast_csrf"), "phrase": "Lake\x00"})
    assert page.status_code == 422 and "control character" in page.text
    assert admin_client.get("/api/admin/allowlist").json()["allowlist"] == []


def test_allowlist_duplicates_compare_exactly_ignoring_case(admin_client):
    assert admin_client.post("/api/admin/allowlist", json={"phrase": "Windermere"}).status_code == 201
    for phrase in ("Wi%", "Wind_rmere", "%"):  # not wildcards
        assert admin_client.post("/api/admin/allowlist", json={"phrase": phrase}).status_code == 201, phrase
    assert admin_client.post("/api/admin/allowlist", json={"phrase": "ZOË"}).status_code == 201
    for phrase in ("windermere", " WINDERMERE ", "zoë"):
        again = admin_client.post("/api/admin/allowlist", json={"phrase": phrase})
        assert again.status_code == 422 and "already on the allowlist" in again.json()["detail"], phrase


def test_allowlist_refuses_unknown_fields_and_records_the_address(admin_client):
    typo = admin_client.post("/api/admin/allowlist", json={"phrase": "Lake", "note": "x"})
    assert typo.status_code == 422 and "note" in typo.json()["detail"]
    entry = admin_client.post("/api/admin/allowlist", json={"phrase": "Lake"}).json()
    admin_client.delete(f"/api/admin/allowlist/{entry['id']}")
    events = admin_client.get("/api/admin/audit", params={"event": "allowlist."}).json()["events"]
    assert [(e["event"], e["ip"]) for e in events] == [("allowlist.removed", "testclient"),
                                                      ("allowlist.added", "testclient")]


def test_only_admins_can_upload(admin_client, settings):
    add_user(settings, "t@school.example", "poster")
    admin_client.cookies.clear()
    login(admin_client, "t@school.example")
    assert upload(admin_client, csv_bytes(GOOD)).status_code == 403
