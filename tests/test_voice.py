"""voice: which council a sentence's council is (other councils' promises are not this council's)."""

from __future__ import annotations

import pytest

from mailguard.voice import ANOTHER_AUTHORITY, other_councils_as_third_party

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
    (COUNTY, "The Borough Council will collect the bins.", "The Borough Council"),
])
def test_another_council_is_named_as_a_third_party(own, text, other):
    assert other_councils_as_third_party(own, text) == text.replace(other, ANOTHER_AUTHORITY)


@pytest.mark.parametrize(("own", "text"), [
    (TOWN, "The Town Council will pay for the bench."),
    (TOWN, "the parish council will pay for the bench."),        # a town council's councillors say both
    (TOWN, "Our Parish Council will pay."),
    (TOWN, "Ashford Parva Town Council will pay for it."),
    (TOWN, "Ashford Parva Parish Council will pay for it."),     # this place, whatever kind it is called
    (TOWN, "We, Ashford Parva Town Council, will pay."),
    (TOWN, "The Council will pay."),
    (DISTRICT, "The district council will empty the bins."),
    (DISTRICT, "Wealden District Council will fund it."),
    (COUNTY, "The County Council will resurface the lane."),
    (COUNTY, "Kent County Council will pay."),
])
def test_this_council_stays_this_council(own, text):
    assert other_councils_as_third_party(own, text) == text


def test_only_the_other_council_is_replaced():
    text = "We will cut back the hedge and the County Council will do the verge."
    assert other_councils_as_third_party(TOWN, text) == (
        "We will cut back the hedge and another authority will do the verge.")


@pytest.mark.parametrize(("own", "text"), [
    ("Leigh-on-Sea Town Council", "Leigh Town Council will pay for the bench."),
    (TOWN, "Ashford Town Council will pay for the bench."),
    ("Market Drayton Town Council", "Drayton Town Council will pay."),
])
def test_a_shortened_name_of_this_place_is_still_this_council(own, text):
    """When unsure, a sentence is judged as this council's (a held message, not a missed one)."""
    assert other_councils_as_third_party(own, text) == text
