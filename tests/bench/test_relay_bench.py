"""The relay bench's order of measurement and the ratios it reports."""

from __future__ import annotations

import pytest

from bench.relay_bench import paired_ratio, round_order

MAIN = ["sink", "bare1", "mailguard1", "bare2", "mailguard2"]


@pytest.mark.parametrize("r", range(6))
def test_each_mailguard_is_measured_right_beside_its_bare_relay(r):
    order = round_order(MAIN, r)
    assert sorted(order) == sorted(MAIN)
    for n in "12":
        assert abs(order.index(f"mailguard{n}") - order.index(f"bare{n}")) == 1


def test_rounds_rotate_and_take_turns_at_going_first():
    orders = [round_order(MAIN, r) for r in range(3)]
    assert [o[0] for o in orders] == ["sink", "mailguard1", "bare2"]
    assert orders[0].index("bare1") < orders[0].index("mailguard1")
    assert orders[1].index("mailguard1") < orders[1].index("bare1")


def test_targets_without_a_partner_keep_their_turn():
    assert round_order(["bare1", "mailguard1", "mgoff1"], 1) == ["mgoff1", "mailguard1", "bare1"]
    assert round_order(["sink"], 3) == ["sink"]


def test_the_paired_ratio_is_the_median_of_each_rounds_ratio():
    rows = {"mailguard1": {"rate": [429.0, 529.0, 435.0]}, "bare1": {"rate": [812.0, 1015.0, 1131.0]}}
    assert paired_ratio(rows, "mailguard1", "bare1") == pytest.approx(529 / 1015)
    # against the ratio of the medians, 435 / 1015: a round's noise no longer pairs one target's slow
    # moment with the other's fast one
    assert paired_ratio(rows, "mailguard1", "bare1") > 435 / 1015
