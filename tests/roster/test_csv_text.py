"""decode_roster_bytes: the one place roster file bytes become text (web upload and CLI)."""

from __future__ import annotations

import pytest

from app.roster.csv_text import RosterFileError, decode_roster_bytes

TEXT = "Forename\tSurname\tClass\tConsent\r\nZoë\tSmith\t6A\tYes\r\nSiân\tJones\t6A\tNo\r\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252"])
def test_common_encodings_decode(encoding):
    data = TEXT.encode(encoding)
    if encoding == "utf-16":
        assert data[:2] in (b"\xff\xfe", b"\xfe\xff")
    assert decode_roster_bytes(data).lstrip("\ufeff") == TEXT


def test_utf16_big_endian_with_bom():
    assert decode_roster_bytes(b"\xfe\xff" + TEXT.encode("utf-16-be")) == TEXT


def test_not_a_csv_is_refused_plainly():
    with pytest.raises(RosterFileError, match="Excel workbook"):
        decode_roster_bytes(b"PK\x03\x04rest-of-a-zip")
    with pytest.raises(RosterFileError, match="UTF-16 text but part of it is damaged"):
        decode_roster_bytes(b"\xff\xfeA\x00B")
    with pytest.raises(ValueError, match="not a text CSV"):
        decode_roster_bytes(b"\x81\x8d\x8f\x90\x9d")  # bytes cp1252 leaves undefined
