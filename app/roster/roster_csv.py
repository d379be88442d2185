"""Read a roster CSV as exported by a school MIS (SIMS, Arbor, Bromcom...) into RosterPupil rows.

Every problem is reported in plain English with its line number and the file's own column heading,
so the admin can find and fix it in the spreadsheet. Any problem at all: no pupils are returned, so
the caller keeps the old roster.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from app.policy.model import RosterPupil

# Our column -> header spellings accepted (compared lower-case with spaces, _ and - removed).
HEADER_SPELLINGS: dict[str, tuple[str, ...]] = {
    "legal_forename": ("legalforename", "forename", "legalfirstname", "firstname", "givenname", "legalname"),
    "preferred_forename": (
        "preferredforename", "preferredname", "preferredfirstname", "knownas", "chosenname", "nickname",
    ),
    "surname": ("surname", "legalsurname", "lastname", "familyname", "legallastname"),
    "class": (
        "class", "classname", "reggroup", "registrationgroup", "form", "formgroup", "tutorgroup", "group",
        "regform",
    ),
    "photo_consent": (
        "photoconsent", "photographpermission", "photopermission", "photographconsent", "photographyconsent",
        "photographypermission", "mediaconsent", "consent", "photos",
    ),
}  # fmt: skip
REQUIRED = ("legal_forename", "surname", "class", "photo_consent")
YES = frozenset({"yes", "y", "true", "1"})
NO = frozenset({"no", "n", "false", "0"})

# What to call each column when the file has no heading for it, and headings to suggest.
LABELS = {
    "legal_forename": "forename", "preferred_forename": "preferred forename", "surname": "surname",
    "class": "class", "photo_consent": "photo consent",
}  # fmt: skip
EXAMPLE_HEADERS = {
    "legal_forename": "'Legal Forename' or 'Forename'",
    "surname": "'Surname' or 'Last Name'",
    "class": "'Class', 'Reg Group' or 'Form'",
    "photo_consent": "'Photo Consent' or 'Photograph Permission'",
}
# The database column sizes (app/roster/models.py uses these): longer values are refused, not cut.
NAME_MAX = 80
CLASS_MAX = 40
MAX_LENGTHS = {"legal_forename": NAME_MAX, "preferred_forename": NAME_MAX, "surname": NAME_MAX, "class": CLASS_MAX}
MAX_ERRORS = 20  # shown in full; the rest are counted

# Characters no name can hold and some databases refuse: C0/C1 controls (NUL...), DEL, lone surrogates.
# Tab is allowed (it is whitespace); line breaks are reported separately.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_LINE_BREAK = re.compile(r"[\n\r\u2028\u2029]")


def has_control_characters(text: str) -> bool:
    """True if `text` holds a control character (NUL and the like) or a line break."""
    return bool(_CONTROL.search(text) or _LINE_BREAK.search(text))


@dataclass
class RosterRead:
    pupils: list[RosterPupil] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    duplicates_merged: int = 0  # exact repeats of a pupil, imported once


def _normalise(header: str) -> str:
    return re.sub(r"[\s_\-.]+", "", header.strip().lower())


def _delimiter(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=lambda sep: counts[sep]) if any(counts.values()) else ","


def _columns(headers: list[str]) -> tuple[dict[str, int], list[str]]:
    normalised = [_normalise(h) for h in headers]
    found: dict[str, int] = {}
    for column, spellings in HEADER_SPELLINGS.items():
        for spelling in spellings:  # earlier spellings win: "Legal Forename" over "Forename"
            if spelling in normalised:
                found[column] = normalised.index(spelling)
                break
    errors = [
        f"there is no {LABELS[column]} column (give it a heading like {EXAMPLE_HEADERS[column]})"
        for column in REQUIRED
        if column not in found
    ]
    return found, errors


def cap_errors(errors: list[str], limit: int = MAX_ERRORS) -> list[str]:
    """The first `limit` errors, then one line counting the rest (a 10,000-line mistake stays readable)."""
    if len(errors) <= limit:
        return errors
    rest = len(errors) - limit
    return [*errors[:limit], f"…and {rest:,} more {'line' if rest == 1 else 'lines'} with problems."]


def parse_roster_csv(text: str) -> tuple[list[RosterPupil], list[str]]:
    """Pupils and errors, one plain-English error per bad line. Any error: no pupils are returned,
    so the caller keeps the old roster."""
    read = read_roster_csv(text)
    return read.pupils, read.errors


def read_roster_csv(text: str) -> RosterRead:
    """Like parse_roster_csv, and also counts exact duplicate lines (imported once)."""
    text = text.lstrip("\ufeff")
    # Universal newlines: Windows (CRLF), Unix (LF) and old Mac Excel (CR only) all read the same.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first_line = next((line for line in text.split("\n") if line.strip()), "")
    if not first_line:
        return RosterRead(errors=["The file is empty: it needs a header line and one line per pupil."])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    read = RosterRead()
    errors = read.errors
    seen: dict[tuple[str, str, str, str], tuple[int, RosterPupil]] = {}
    conflicts: set[tuple[str, str, str, str]] = set()
    headers: list[str] | None = None
    columns: dict[str, int] = {}
    line = 0
    try:
        for row in reader:
            start, line = line + 1, reader.line_num  # a quoted value can span lines: report where it starts
            if not any(cell.strip() for cell in row):
                continue
            if headers is None:
                headers = row
                columns, header_errors = _columns(headers)
                if header_errors:
                    return RosterRead(errors=[f"Line {start}: {problem}" for problem in header_errors])
                continue
            pupil, problem = _pupil(row, columns, headers)
            if problem:
                errors.append(f"Line {start}: {problem}")
                continue
            assert pupil is not None
            key = _identity(pupil)
            if key not in seen:
                seen[key] = (start, pupil)
            elif seen[key][1].photo_consent == pupil.photo_consent:
                read.duplicates_merged += 1
            elif key not in conflicts:
                conflicts.add(key)
                errors.append(
                    f"Lines {seen[key][0]} and {start} are the same pupil with different photo consent "
                    f"({pupil.legal_forename} {pupil.surname}, {pupil.class_name}): delete the wrong line."
                )
    except csv.Error as exc:
        errors.append(f"Line {line + 1}: {_csv_problem(exc)}")
        if headers is None:
            return RosterRead(errors=errors)
    if headers is None:
        return RosterRead(errors=["The file is empty: it needs a header line and one line per pupil."])
    if not errors and not seen:
        errors.append("The file has a header but no pupils.")
    if errors:
        return RosterRead(errors=cap_errors(errors), duplicates_merged=read.duplicates_merged)
    read.pupils = [pupil for _, pupil in seen.values()]
    return read


def _identity(pupil: RosterPupil) -> tuple[str, str, str, str]:
    """The same pupil: same forenames, surname and class, ignoring case and extra spaces."""
    def same(text: str) -> str:
        return " ".join(text.split()).casefold()

    return same(pupil.legal_forename), same(pupil.preferred_forename), same(pupil.surname), same(pupil.class_name)


def _csv_problem(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return (
            'a quote mark (") here is never closed, so the rest of the file was read as one value. '
            "Remove the quote mark or close it."
        )
    return f"this line can't be read as CSV ({exc}). Check its quote marks and commas."


def _pupil(row: list[str], columns: dict[str, int], headers: list[str]) -> tuple[RosterPupil | None, str]:
    def heading(index: int) -> str:
        text = headers[index].strip() if index < len(headers) else ""
        return text or f"column {index + 1}"

    def label(column: str) -> str:
        return headers[columns[column]].strip() or LABELS[column]

    for index, value in enumerate(row):
        if _LINE_BREAK.search(value):
            return None, (
                f'the {heading(index)} value runs onto the next line. Usually a quote mark (") was opened '
                "and not closed: remove it or close it."
            )
    if len(row) < len(headers):
        return None, f"expected {len(headers)} values, found {len(row)} (is a comma or quote missing?)"
    for index, value in enumerate(row):
        if _CONTROL.search(value):
            return None, (
                f"the {heading(index)} value contains a control character (such as NUL) that can't be stored. "
                "Export the file from the MIS again."
            )

    def cell(column: str) -> str:
        return row[columns[column]].strip() if column in columns else ""

    for column in ("legal_forename", "surname", "class"):
        if not cell(column):
            return None, f"{label(column)} is empty"
    for column, limit in MAX_LENGTHS.items():
        value = cell(column)
        if len(value) > limit:
            return None, f"{label(column)} is longer than {limit} characters (it has {len(value)})"
    consent_text = cell("photo_consent")
    if consent_text.lower() in YES:
        consent = True
    elif consent_text.lower() in NO:
        consent = False
    elif not consent_text:
        return None, f"{label('photo_consent')} is empty: it must be yes or no"
    else:
        return None, f"{label('photo_consent')} must be yes or no, not '{consent_text[:40]}'"
    legal = cell("legal_forename")
    return RosterPupil(
        legal_forename=legal,
        preferred_forename=cell("preferred_forename") or legal,
        surname=cell("surname"),
        class_name=cell("class"),
        photo_consent=consent,
    ), ""
