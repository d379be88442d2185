from __future__ import annotations

from app.policy import RosterPupil
from app.roster.roster_csv import parse_roster_csv


def test_plain_columns() -> None:
    pupils, errors = parse_roster_csv(
        "legal_forename,preferred_forename,surname,class,photo_consent\n"
        "Siobhán,Siobhan,O'Neill,Oak,yes\nWilliam,,Baker,Willow,no\n"
    )
    assert errors == []
    assert pupils == [
        RosterPupil("Siobhán", "Siobhan", "O'Neill", "Oak", True),
        RosterPupil("William", "William", "Baker", "Willow", False),
    ]


def test_mis_headers_bom_semicolons_and_yes_no_spellings() -> None:
    text = (
        "\ufeffLegal Forename;Known As;Legal Surname;Reg Group;Photograph Permission\n"
        "Aarav;;Sharma;6O;Y\nZofia;Zosia;Kowalska;6O;FALSE\nHope;;Wood;5W;1\n"
    )
    pupils, errors = parse_roster_csv(text)
    assert errors == []
    assert [(p.preferred_forename, p.class_name, p.photo_consent) for p in pupils] == [
        ("Aarav", "6O", True),
        ("Zosia", "6O", False),
        ("Hope", "5W", True),
    ]


def test_forename_form_and_photo_consent_headers() -> None:
    pupils, errors = parse_roster_csv("Forename,Surname,Form,Photo Consent,Preferred Name\nAmy,Lee,3B,No,Ames\n")
    assert errors == [] and pupils == [RosterPupil("Amy", "Ames", "Lee", "3B", False)]


def test_bad_lines_are_reported_by_number_and_nothing_is_returned() -> None:
    text = (
        "legal_forename,preferred_forename,surname,class,photo_consent\n"
        "Aarav,,Sharma,Oak,yes\n"
        "Zofia,,Kowalska,Oak,maybe\n"
        "\n"
        ",,Hill,Oak,yes\n"
        "Grace,,Hill\n"
    )
    pupils, errors = parse_roster_csv(text)
    assert pupils == []
    assert errors == [
        "Line 3: photo_consent must be yes or no, not 'maybe'",
        "Line 5: legal_forename is empty",
        "Line 6: expected 5 values, found 3 (is a comma or quote missing?)",
    ]


def test_missing_columns_and_empty_files() -> None:
    _, errors = parse_roster_csv("name,class\nAmy,3B\n")
    assert "Line 1: there is no forename column (give it a heading like 'Legal Forename' or 'Forename')" in errors
    assert any("no photo consent column" in e for e in errors)
    assert not any("legal_forename" in e or "photo_consent" in e for e in errors)
    assert parse_roster_csv("")[1] == ["The file is empty: it needs a header line and one line per pupil."]
    assert parse_roster_csv("forename,surname,class,photo consent\n") == ([], ["The file has a header but no pupils."])


HEADER = "Legal Forename,Preferred Forename,Surname,Reg Group,Photo Consent\n"


def test_old_mac_line_endings_and_windows_line_endings_read_the_same() -> None:
    lf = HEADER + "Amy,,Jones,6A,Yes\nBen,,Smith,6B,No\n"
    for text in (lf, lf.replace("\n", "\r"), lf.replace("\n", "\r\n")):
        pupils, errors = parse_roster_csv(text)
        assert errors == [] and [p.legal_forename for p in pupils] == ["Amy", "Ben"]


def test_messages_use_the_files_own_headings() -> None:
    _, errors = parse_roster_csv(HEADER + "Amy,,Jones,6A,Maybe\n,,Smith,6B,No\nCara,,Lee,6B,\n")
    assert errors == [
        "Line 2: Photo Consent must be yes or no, not 'Maybe'",
        "Line 3: Legal Forename is empty",
        "Line 4: Photo Consent is empty: it must be yes or no",
    ]


def test_long_lists_of_errors_are_capped_with_a_count() -> None:
    text = HEADER + "".join(f"Amy,,Jones{n},6A,Maybe\n" for n in range(1000))
    pupils, errors = parse_roster_csv(text)
    assert pupils == [] and len(errors) == 21
    assert errors[0] == "Line 2: Photo Consent must be yes or no, not 'Maybe'"
    assert errors[-1] == "…and 980 more lines with problems."


def test_an_unclosed_quote_is_reported_at_the_line_it_starts() -> None:
    small = HEADER + "Amy,,Jones,6A,Yes\n\"Ben,,Smith,6B,No\nCara,,Lee,6B,Yes\n"
    _, errors = parse_roster_csv(small)
    assert len(errors) == 1 and errors[0].startswith("Line 3: the Legal Forename value runs onto the next line")
    big = HEADER + "\"Amy,,Jones,6A,Yes\n" + "Ben,,Smith,6B,No\n" * 9000  # over csv's 128 KB field limit
    _, errors = parse_roster_csv(big)
    assert len(errors) == 1 and errors[0].startswith('Line 2: a quote mark (") here is never closed')


def test_values_too_long_for_the_database_and_control_characters_are_refused() -> None:
    _, errors = parse_roster_csv(
        HEADER
        + "Amy,,Jones,6A,Yes\n"
        + "A" * 81 + ",,Jones,6A,Yes\n"
        + "Ben,,Smith," + "C" * 41 + ",No\n"
        + "Cara,,Le\x00e,6B,Yes\n"
        + "Dan,,Moss,6B,Yes,\x07\n"
    )
    assert errors == [
        "Line 3: Legal Forename is longer than 80 characters (it has 81)",
        "Line 4: Reg Group is longer than 40 characters (it has 41)",
        "Line 5: the Surname value contains a control character (such as NUL) that can't be stored. "
        "Export the file from the MIS again.",
        "Line 6: the column 6 value contains a control character (such as NUL) that can't be stored. "
        "Export the file from the MIS again.",
    ]
    pupils, errors = parse_roster_csv(HEADER + "A" * 80 + ",,Jones," + "C" * 40 + ",Yes\n")
    assert errors == [] and len(pupils) == 1


def test_duplicate_pupils_merge_and_conflicting_consent_is_an_error() -> None:
    from app.roster.roster_csv import read_roster_csv

    read = read_roster_csv(HEADER + "Zoë,,Smith,6A,Yes\nSiân,,Jones,6A,No\nzoë,, SMITH ,6a,Y\nSiân,,Jones,6A,No\n")
    assert read.errors == [] and read.duplicates_merged == 2
    assert [(p.legal_forename, p.photo_consent) for p in read.pupils] == [("Zoë", True), ("Siân", False)]
    conflict = read_roster_csv(HEADER + "Zoë,,Smith,6A,Yes\nAmy,,Lee,6A,No\nZOË,,Smith,6A,No\nZoë,,Smith,6A,No\n")
    assert conflict.pupils == []
    assert conflict.errors == [
        "Lines 2 and 4 are the same pupil with different photo consent (ZOË Smith, 6A): delete the wrong line."
    ]
    # Same name in different classes, or a different known-as name, are different pupils.
    other = read_roster_csv(HEADER + "Zoë,,Smith,6A,Yes\nZoë,,Smith,6B,No\nZoë,Zo,Smith,6A,No\n")
    assert other.errors == [] and len(other.pupils) == 3 and other.duplicates_merged == 0
