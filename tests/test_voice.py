"""voice: which council a sentence's council is (other councils' promises are not this council's)."""

from __future__ import annotations

import time

import pytest

from mailguard.voice import ANOTHER_AUTHORITY, THIS_COUNCIL, other_councils_as_third_party

TOWN = "Ashford Parva Town Council"
DISTRICT = "Wealden District Council"
COUNTY = "Kent County Council"


@pytest.mark.parametrize(("own", "text", "other"), [
    (TOWN, "Martin Cope has confirmed that the County Council will cut back the hedge.", "the County Council"),
    (TOWN, "the district council will empty the bins.", "the district council"),
    (TOWN, "Kent County Council will pay.", "Kent County Council"),
    (TOWN, "We asked Bexwell Parish Council to share the cost.", "Bexwell Parish Council"),
    (TOWN, "Newcastle upon Tyne City Council will fund it.", "Newcastle upon Tyne City Council"),
    (DISTRICT, "The County Council will resurface the lane.", "The County Council"),
    (DISTRICT, "Ashford Parva Town Council will pay for the bench.", "Ashford Parva Town Council"),
    (DISTRICT, "the town council will pay for the bench.", "the town council"),
    (COUNTY, "The Borough Council will collect the bins.", "The Borough Council"),
    ("Sevenoaks Town Council", "Sevenoaks District Council will pay.", "Sevenoaks District Council"),
])
def test_another_council_is_named_as_a_third_party(own, text, other):
    assert other_councils_as_third_party(own, text) == text.replace(other, ANOTHER_AUTHORITY)


@pytest.mark.parametrize(("own", "text", "judged"), [
    (TOWN, "The Town Council will pay for the bench.", None),
    (TOWN, "the parish council will pay for the bench.", None),        # a town council's councillors say both
    (TOWN, "Our Parish Council will pay.", None),
    (TOWN, "The Council will pay.", None),
    (TOWN, "Ashford Parva Town Council will pay for it.", "the town council will pay for it."),
    (TOWN, "Ashford Parva Parish Council will pay for it.", "the parish council will pay for it."),  # this place
    (TOWN, "We, Ashford Parva Town Council, will pay.", "We, the town council, will pay."),
    ("Leigh-on-Sea Town Council", "Leigh Town Council will pay for the bench.",
     "the town council will pay for the bench."),
    (TOWN, "Ashford Town Council will pay for the bench.", "the town council will pay for the bench."),
    ("Market Drayton Town Council", "Drayton Town Council will pay.", "the town council will pay."),
    ("St Mary\u2019s Parish Council", "St Marys Parish Council will pay for the new bench.",
     "the parish council will pay for the new bench."),
    ("Llanfair Pwllgwyngyll Community Council", "Llanfairpwll Community Council will pay.",
     "the community council will pay."),
])
def test_this_local_council_stays_this_council(own, text, judged):
    """A local council's generic words stay as written; its own name reads as its kind, the words the
    detector learnt the council's voice from."""
    assert other_councils_as_third_party(own, text) == (judged or text)


@pytest.mark.parametrize("text", [
    "Yes Town Council will pay for the new bench.",
    "OK Parish Council will cover the cost of the hedge.",
    "Hi Mrs Bagnall Town Council will pay for the new bench.",
    "I can confirm THE Town Council will pay.",
    "AP Town Council will pay for the new bench.",
    "Great News Town Council will pay for the new bench.",
])
def test_when_it_cannot_be_told_the_words_stay_as_written(text):
    """A capitalised word before "Town Council" need not be a place: judged as this council's."""
    assert other_councils_as_third_party(TOWN, text) == text


@pytest.mark.parametrize(("own", "text", "mine"), [
    (DISTRICT, "The district council will empty the bins.", "The district council"),
    (DISTRICT, "Wealden District Council will fund it.", "Wealden District Council"),
    (COUNTY, "The County Council will resurface the lane.", "The County Council"),
    (COUNTY, "Kent County Council will pay.", "Kent County Council"),
    ("Caerphilly County Borough Council", "The County Borough Council will pay.", "The County Borough Council"),
])
def test_a_principal_councils_own_name_is_read_as_the_council(own, text, mine):
    """The detector knows "the council" as the council's voice, not "the District Council"."""
    assert other_councils_as_third_party(own, text) == text.replace(mine, THIS_COUNCIL)


def test_a_council_named_without_a_kind_leaves_kinds_as_written():
    text = "The County Council will resurface the lane."
    assert other_councils_as_third_party("Cornwall Council", text) == text


def test_only_the_other_council_is_replaced():
    text = "We will cut back the hedge and the County Council will do the verge."
    assert other_councils_as_third_party(TOWN, text) == (
        "We will cut back the hedge and another authority will do the verge.")


def test_long_hyphenated_text_is_read_in_linear_time():
    """A capped place word: a run of "Ab-Ab-..." must not make the search quadratic (it took ~30 s
    uncapped; a guard against a message that stalls the relay, not a speed target)."""
    text = "The County Council will pay. " + "Ab-" * 20000
    started = time.perf_counter()
    other_councils_as_third_party(TOWN, text)
    assert time.perf_counter() - started < 10.0


@pytest.mark.parametrize(("text", "judged"), [
    ("Please bill Kittlesea Town Council for both insertions.", "Please bill the town council for both insertions."),
    ("Kittlesea Town Council's contractor will call.", "the town council's contractor will call."),
    ("Please invoice the town council.", "Please invoice the town council."),
])
def test_a_local_councils_own_name_is_judged_as_its_kind(text, judged):
    """Blind set J: "Please bill Kittlesea Town Council" scored 0.23, "Please bill the town council" 1.0."""
    assert other_councils_as_third_party("Kittlesea Town Council", text) == judged
