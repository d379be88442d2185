"""Turn the bytes of an uploaded roster file into text, whatever Excel or the MIS saved it as.

One function, `decode_roster_bytes`, shared by the web upload and the command line, so a file that
imports in one imports in the other. It tries, in order:

- UTF-16 with a byte-order mark (Excel's "Unicode Text" and "CSV UTF-16"), and UTF-16 without one
  when the bytes are plainly UTF-16 (every other byte zero);
- UTF-8, with or without a byte-order mark ("CSV UTF-8");
- Windows-1252 (Excel's plain "CSV" on Windows), which covers names like Zoë and Siân.

Anything else is refused with a plain-English RosterFileError (a ValueError).
"""

from __future__ import annotations

import codecs


class RosterFileError(ValueError):
    """The file can't be read as text; the message says why in plain English."""


_NOT_TEXT = "That file is not a text CSV. Export the roster from the MIS as CSV (CSV UTF-8 if offered) and upload that."
_WORKBOOK = (
    "That is an Excel workbook, not a CSV file. In Excel choose File, Save As, and pick 'CSV UTF-8 (comma delimited)', "
    "then upload the new file."
)
_PDF = "That is a PDF, not a CSV file. Export the roster from the MIS as CSV and upload that."


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the bytes look like mostly-ASCII UTF-16 with no BOM."""
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_zeros >= half * 0.6 and even_zeros <= half * 0.05:
        return "utf-16-le"
    if even_zeros >= half * 0.6 and odd_zeros <= half * 0.05:
        return "utf-16-be"
    return None


def decode_roster_bytes(data: bytes) -> str:
    """The file's text (line endings untouched; the CSV reader handles CR, LF and CRLF).

    Raises RosterFileError with a message fit to show an admin as it is."""
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):  # .xlsx (zip) and old .xls
        raise RosterFileError(_WORKBOOK)
    if data.startswith(b"%PDF"):
        raise RosterFileError(_PDF)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")  # reads the BOM, picks the byte order and drops the BOM
        except UnicodeDecodeError as exc:
            raise RosterFileError(
                "That file says it is UTF-16 text but part of it is damaged. Export it again from the MIS, "
                "as 'CSV UTF-8' if offered."
            ) from exc
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: try the others, and refuse NULs later
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")  # Excel's "CSV" on Windows
    except UnicodeDecodeError as exc:
        raise RosterFileError(_NOT_TEXT) from exc
