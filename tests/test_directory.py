"""The directory's name finding: the screen in front of the patterns changes no answer."""

from __future__ import annotations

import random

import pytest

from mailguard.config import Council, Person
from mailguard.directory import Directory

PEOPLE = (
    Person("Jane Doe", "clerk", ("clerk@x.gov.uk",), aliases=("Mrs Doe",)),
    Person("Siân Llewelyn-Jones", "councillor", ("sian@x.gov.uk",), offices=("chair",)),
    Person("Margaret O'Neill", "councillor", ("mo@x.gov.uk",)),
    Person("Dr Paul Lord", "councillor", ("pl@x.gov.uk",)),
    Person("Zoë Ångström", "councillor", ("za@x.gov.uk",), offices=("vice-chair",)),
    Person("Tom Baker", "councillor", ("tb@x.gov.uk",), aliases=("Tommy",)),
    Person("Thomas Edward Baker", "officer", ("teb@x.gov.uk",)),
    Person("Cher", "councillor", ("cher@x.gov.uk",)),
    Person("Wright & Co Solicitors", "third-party", ("law@wright.example",)),
)
WORDS = ["Jane", "Doe", "Mrs", "Siân", "Sian", "SIAN", "Llewelyn-Jones", "Jones", "Margaret", "O'Neill",
         "O\u2019Neill", "oneill", "Paul", "Lord", "the Lord", "Dr", "Zoe", "Zoë", "ZOË", "Angstrom", "Ångström",
         "Tom", "TOM", "Tommy", "Baker", "baker", "Thomas", "Edward", "T.", "T", "Cher", "cher", "Wright", "Co",
         "Cllr", "Councillor", "Councillors", "cllrs", "the Chair", "Vice-Chair", "chairman", "Mayor",
         "cc", "copied to", "and", ",", "to", "Smıth", "ſam", "the", "council", "Dear", "Kind regards"]


def _texts(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        words = [rng.choice(WORDS) for _ in range(rng.randint(1, 12))]
        words = [w.upper() if rng.random() < 0.1 else w.lower() if rng.random() < 0.1 else w for w in words]
        out.append(" ".join(words) + rng.choice(["", ".", ",", "\n"]))
    return out


@pytest.mark.parametrize("loose", [False, True])
def test_the_screen_changes_no_name_found(monkeypatch, loose):
    """Against the same directory with everyone let through to the patterns, on generated copy lines:
    names with accents typed or not, apostrophes, titles, initials, any case."""
    screened = Directory(Council("Ashford Parva Town Council", ("x.gov.uk",), PEOPLE))
    unscreened = Directory(Council("Ashford Parva Town Council", ("x.gov.uk",), PEOPLE))
    monkeypatch.setattr(unscreened, "_possibly_named", lambda text: set(range(len(PEOPLE))))
    texts = _texts(3000)
    found = 0
    for text in texts:
        expected = unscreened.find_names(text, loose=loose)
        assert screened.find_names(text, loose=loose) == expected, text
        found += bool(expected)
    assert found > 1000       # (the texts do name people: the comparison is not of empty lists)


#: Names for generated councils: accents, apostrophes and hyphens of every kind, titles, one word.
NAME_POOL = ["Jane Doe", "Siân Llewelyn-Jones", "Margaret O'Neill", "Margaret O\u2018Neill", "Anne\u2011Marie Price",
             "Dr Paul Lord", "Lord", "Zoë Ångström", "Tom Baker", "Thomas Edward Baker", "Cher",
             "Cllr Dr Rhys Ap Iorwerth", "Mrs Jo Smith", "Jo Smith-Evans", "Łukasz Wiśniewski", "İlkay Kırmızı",
             "José Núñez", "Wright & Co Solicitors"]
ALIAS_POOL = [(), ("Tommy",), ("Mrs Doe",), ("Maggie O\u02bcNeill",), ("The Chair",), ("Jo",)]


@pytest.mark.parametrize("seed", range(4))
def test_the_screen_changes_no_name_found_for_generated_councils(monkeypatch, seed):
    rng = random.Random(seed)
    words = WORDS + [w for n in NAME_POOL for w in n.split()] + ["O\u2019Neill", "Anne-Marie", "Kirmizi", "Nunez"]
    for _ in range(8):
        people = tuple(Person(rng.choice(NAME_POOL), rng.choice(["councillor", "clerk", "officer", "third-party"]),
                              (f"p{i}@x.gov.uk",), aliases=rng.choice(ALIAS_POOL))
                       for i in range(rng.randint(1, 10)))
        screened = Directory(Council("Ashford Parva Town Council", ("x.gov.uk",), people))
        unscreened = Directory(Council("Ashford Parva Town Council", ("x.gov.uk",), people))
        everyone = set(range(len(people)))
        monkeypatch.setattr(unscreened, "_possibly_named", lambda text, everyone=everyone: everyone)
        for _ in range(150):
            text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 10)))
            text = text.upper() if rng.random() < 0.1 else text
            for loose in (False, True):
                expected = unscreened.find_names(text, loose=loose)
                assert screened.find_names(text, loose=loose) == expected, (people, text)


def test_names_written_with_typographic_apostrophes_and_hyphens_are_found():
    """council.yaml may say "O‘Neill" or "Anne‑Marie" (pasted from a word processor); the text's are made
    plain before the patterns read it, and now so are the names'."""
    people = (Person("Margaret O\u2018Neill", "councillor", ("mo@x.gov.uk",)),
              Person("Anne\u2011Marie Price", "councillor", ("amp@x.gov.uk",)))
    directory = Directory(Council("Ashford Parva Town Council", ("x.gov.uk",), people))
    assert [h.person for h in directory.find_names("cc Cllr O'Neill and Anne-Marie Price")] == list(people)
    assert [h.person for h in directory.find_names("cc Cllr O\u2019Neill, Anne\u2010Marie Price")] == list(people)


def test_a_text_naming_no_one_skips_every_pattern():
    directory = Directory(Council("Ashford Parva Town Council", ("x.gov.uk",), PEOPLE))
    assert directory._possibly_named("The hall is booked for Tuesday.") == set()
    assert directory._possibly_named("Copied to Councillor O'NEILL") == {PEOPLE.index(PEOPLE[2])}
    assert {PEOPLE[i].name for i in directory._possibly_named("cc Sian and Cllr Angstrom")} == {
        "Siân Llewelyn-Jones", "Zoë Ångström"}
