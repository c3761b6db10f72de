"""The relay bench's order of measurement and the ratios it reports."""

from __future__ import annotations

import pytest

from bench.load import Result
from bench.markdown import interleaved_table
from bench.relay_bench import Bench, interleaved_summary, paired_ratio, round_order

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


class _Server:
    def __init__(self, port):
        self.port = port


def test_interleaved_slices_take_turns_and_the_headline_is_the_ratio_of_the_totals(tmp_path, monkeypatch):
    bench = Bench(tmp_path)
    bench.servers = {"mailguard1": _Server(1), "bare1": _Server(2)}
    calls = []
    # the machine slows down as the run goes on: each slice's rate falls; mailguard always half the bare relay
    def saturate(port, msgs, seconds=None):
        calls.append((port, seconds))
        speed = 1.0 - 0.05 * len(calls)
        rate = (500 if port == 1 else 1000) * speed
        return Result(sent=int(rate * 2), elapsed=2.0), 0.0
    monkeypatch.setattr(bench, "saturate", saturate)
    out = bench.interleaved([], "mailguard1", "bare1", pairs=4, seconds=2.0)
    assert [port for port, _ in calls] == [1, 2, 2, 1, 1, 2, 2, 1]
    assert all(seconds == 2.0 for _, seconds in calls)
    assert out["pairs"] == 4 and out["top"] == "mailguard1"
    # taking turns cancels the drift: going first (faster) and second (slower) balance out
    assert out["ratio"] == pytest.approx(0.5, abs=0.01)
    low, median, high = out["ratio_quartiles"]
    assert low < 0.5 < high and median == pytest.approx(0.5, abs=0.01)


def test_the_interleaved_ratio_weighs_each_slice_by_what_it_carried():
    rates = {"a": [400.0, 600.0], "b": [1000.0, 1000.0]}
    out = interleaved_summary(rates, {"a": 2000, "b": 4000}, {"a": 4.0, "b": 4.0}, "a", "b", 2.0)
    assert out["ratio"] == pytest.approx(0.5)
    assert out["msg_per_s"] == {"a": 500.0, "b": 1000.0}
    assert out["ratio_quartiles"][1] == pytest.approx(0.5)


def test_the_interleaved_table_shows_both_comparisons():
    one = interleaved_summary({"mailguard1": [450.0, 550.0], "bare1": [1000.0, 1000.0]},
                              {"mailguard1": 1000, "bare1": 2000}, {"mailguard1": 2.0, "bare1": 2.0},
                              "mailguard1", "bare1", 1.0)
    two = interleaved_summary({"mailguard2": [800.0, 900.0], "mailguard1": [500.0, 500.0]},
                              {"mailguard2": 1700, "mailguard1": 1000}, {"mailguard2": 2.0, "mailguard1": 2.0},
                              "mailguard2", "mailguard1", 1.0)
    text = "\n".join(interleaved_table({"one_process": one, "two_processes": two}))
    assert "2 pairs of 1-second slices" in text
    assert "| one process / bare relay | 500 / 1,000 | **0.50** |" in text
    assert "| two processes / one process | 850 / 500 | **1.70** |" in text


def test_a_relay_that_carried_nothing_leaves_the_ratio_at_zero_not_a_crash():
    out = interleaved_summary({"a": [500.0], "b": [0.0]}, {"a": 1000, "b": 0}, {"a": 2.0, "b": 2.0}, "a", "b", 2.0)
    assert out["ratio"] == 0.0 and out["pairs"] == 0
    assert "nan" in "\n".join(interleaved_table({"one_process": out}))
