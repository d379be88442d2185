"""Read a roster CSV as exported by a school MIS (SIMS, Arbor, Bromcom...) into RosterPupil rows."""

from __future__ import annotations

import csv
import io
import re

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
        f"Line 1: no {column} column (looked for headers like {', '.join(HEADER_SPELLINGS[column][:3])})"
        for column in REQUIRED
        if column not in found
    ]
    return found, errors


def parse_roster_csv(text: str) -> tuple[list[RosterPupil], list[str]]:
    """Pupils and errors, one plain-English error per bad line. Any error: no pupils are returned,
    so the caller keeps the old roster."""
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        return [], ["The file is empty: it needs a header line and one line per pupil."]
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(lines[0]))
    headers = next(reader)
    columns, errors = _columns(headers)
    if errors:
        return [], errors
    pupils: list[RosterPupil] = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        pupil, problem = _pupil(row, columns, len(headers))
        if problem:
            errors.append(f"Line {line}: {problem}")
        elif pupil is not None:
            pupils.append(pupil)
    if not errors and not pupils:
        errors.append("The file has a header but no pupils.")
    return ([], errors) if errors else (pupils, [])


def _pupil(row: list[str], columns: dict[str, int], width: int) -> tuple[RosterPupil | None, str]:
    if len(row) < width:
        return None, f"expected {width} values, found {len(row)} (is a comma or quote missing?)"

    def cell(column: str) -> str:
        return row[columns[column]].strip() if column in columns else ""

    for column in ("legal_forename", "surname", "class"):
        if not cell(column):
            return None, f"{column} is empty"
    consent_text = cell("photo_consent")
    if consent_text.lower() in YES:
        consent = True
    elif consent_text.lower() in NO:
        consent = False
    else:
        return None, f"photo_consent must be yes or no, not '{consent_text}'"
    legal = cell("legal_forename")
    return RosterPupil(
        legal_forename=legal,
        preferred_forename=cell("preferred_forename") or legal,
        surname=cell("surname"),
        class_name=cell("class"),
        photo_consent=consent,
    ), ""
