from __future__ import annotations

from app.policy import RosterPupil, parse_roster_csv


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
    assert any("no legal_forename column" in e for e in errors) and any("photo_consent" in e for e in errors)
    assert parse_roster_csv("")[1] == ["The file is empty: it needs a header line and one line per pupil."]
    assert parse_roster_csv("forename,surname,class,photo consent\n") == ([], ["The file has a header but no pupils."])
