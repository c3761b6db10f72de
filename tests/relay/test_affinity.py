"""Keeping a relay process's threads on one CPU: the choice at start, the move when crowded, the setting."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mailguard.errors import RelayError
from mailguard.relay import affinity
from mailguard.relay.affinity import Keeper, idle_shares, pin_threads, plan, ranked, read_cpu_times
from tests.relay.harness import write_config
from tests.relay.process import start

HZ = os.sysconf("SC_CLK_TCK")


class FakeProc:
    """A /proc with two CPUs and this process's counters, advanced by hand."""

    def __init__(self, root: Path, cpus: int = 2, tids: tuple[int, ...] = (101, 102, 103),
                 schedstat: bool = True) -> None:
        self.root = root
        self.schedstat = schedstat
        self.busy = {c: 0 for c in range(cpus)}
        self.total = {c: 0 for c in range(cpus)}
        self.ours = 0
        self.waited_ns = 0
        self.now = 1000.0
        self.tids = tids
        for tid in tids:
            (root / "self" / "task" / str(tid)).mkdir(parents=True)
        self._write()

    def advance(self, seconds: float, busy: dict[int, float], ours: float, waited: float = 0.0) -> None:
        """``seconds`` pass; CPU c is busy ``busy[c]`` of them; this process uses ``ours`` of a CPU, and
        its threads wait ``waited`` of the time for a CPU while ready to run."""
        for cpu in self.busy:
            self.busy[cpu] += round(busy.get(cpu, 0.0) * seconds * HZ)
            self.total[cpu] += round(seconds * HZ)
        self.ours += round(ours * seconds * HZ)
        self.waited_ns += round(waited * seconds * 1e9)
        self.now += seconds
        self._write()

    def _write(self) -> None:
        lines = ["cpu  1 2 3 4 5 6 7 8 0 0"]
        for cpu in self.busy:   # user nice system idle iowait irq softirq steal guest guest_nice
            idle = self.total[cpu] - self.busy[cpu]
            lines.append(f"cpu{cpu} {self.busy[cpu]} 0 0 {idle} 0 0 0 0 0 0")
        (self.root / "stat").write_text("\n".join(lines) + "\nintr 1 2 3\nctxt 4\n")
        (self.root / "self" / "stat").write_text(
            f"4242 (mailguard relay) S 1 1 1 0 -1 0 0 0 0 0 {self.ours} 0 0 0 20 0 3 0\n")
        if not self.schedstat:
            return
        first, *rest = self.tids      # the kernel's per-thread counts, all on one thread here
        (self.root / "self" / "task" / str(first) / "schedstat").write_text(
            f"{self.ours * 10**9 // HZ} {self.waited_ns} 7\n")
        for tid in rest:
            (self.root / "self" / "task" / str(tid) / "schedstat").write_text("0 0 0\n")


class Setter:
    def __init__(self, refuse: type[OSError] | None = None) -> None:
        self.calls: list[tuple[int, set[int]]] = []
        self.refuse = refuse

    def __call__(self, tid: int, cpus: set[int]) -> None:
        if self.refuse is not None:
            raise self.refuse("refused")
        self.calls.append((tid, cpus))


def keeper(proc: FakeProc, setter: Setter, *, chance: float = 0.9, moves: bool = True) -> Keeper:
    return Keeper(0, frozenset({0, 1}), moves, setter, proc.root, clock=lambda: proc.now, chance=lambda: chance)


# ---------------------------------------------------------------- reading /proc


def test_cpu_times_are_read_per_cpu_with_iowait_counted_idle(tmp_path):
    stat = tmp_path / "stat"
    stat.write_text("cpu  9 9 9 9 9 9 9 9 0 0\ncpu0 10 1 4 80 5 0 0 0 0 0\ncpu1 50 0 0 50 0 0 0 0 7 0\nintr 5\n")
    assert read_cpu_times(stat) == {0: (15, 100), 1: (50, 100)}     # guest time is already in user
    assert read_cpu_times(tmp_path / "missing") == {}


def test_idle_shares_over_a_window():
    before = {0: (100, 1000), 1: (500, 1000)}
    after = {0: (150, 1100), 1: (600, 1100), 2: (7, 7)}
    assert idle_shares(before, after) == pytest.approx({0: 0.5, 1: 0.0, 2: 1.0})


# ---------------------------------------------------------------- choosing at start


def test_the_most_idle_cpu_comes_first_and_equals_are_spread_by_turn():
    idle = {0: 0.2, 1: 0.91, 2: 0.94, 3: 0.5}
    assert ranked(frozenset(idle), idle, turn=0) == [1, 2, 3, 0]           # 0.91 and 0.94 count as equal
    assert ranked(frozenset(idle), idle, turn=2) == [2, 1, 3, 0]
    quiet = {0: 1.0, 1: 1.0, 2: 1.0}
    starts = {ranked(frozenset(quiet), quiet, turn=pid)[0] for pid in range(30, 36)}
    assert starts == {0, 1, 2}


def test_plan_for_each_setting(monkeypatch):
    monkeypatch.setattr(affinity, "read_cpu_times", lambda *a: {0: (900, 1000), 1: (100, 1000), 2: (0, 1000)})
    since = {0: (0, 0), 1: (0, 0), 2: (0, 0)}
    cpus = frozenset({0, 1, 2})
    assert plan("off", 2, since, cpus) == [None, None]
    assert plan("auto", 1, since, frozenset({0})) == [None]                 # nowhere else to be
    assert plan("auto", 1, since, cpus, turn=0) == [2]
    assert plan("auto", 4, since, cpus, turn=0) == [2, 1, 0, 2]             # different CPUs, then round again
    assert plan((2, 0), 2, since, cpus) == [2, 0]


def test_a_listed_cpu_the_relay_may_not_use_is_refused_at_start_saying_which():
    with pytest.raises(RelayError, match=r"lists CPU 7, but mailguard may only use CPU 0, 1 here"):
        plan((0, 7), 2, {}, frozenset({0, 1}))


@pytest.mark.parametrize(("listed", "processes", "says"), [
    ((2, 3), 4, "lists 2 CPUs for 4 relay processes: list exactly one CPU for each"),    # would stack two on each
    ((0, 1, 2, 3), 1, "lists 4 CPUs for 1 relay process:"),                              # "0-3" is not "may use 0-3"
])
def test_a_list_must_give_each_relay_process_its_own_cpu(listed, processes, says):
    with pytest.raises(RelayError, match=says):
        affinity.check_listed(listed, processes, frozenset(range(8)))


def test_a_list_on_a_system_without_cpu_choice_says_to_write_auto_or_off():
    with pytest.raises(RelayError, match="does not let a program choose its CPUs; write cpu_affinity: auto or off"):
        affinity.check_listed((0,), 1, frozenset())
    assert plan("auto", 2, {}, frozenset()) == [None, None]


# ---------------------------------------------------------------- pinning


def test_every_thread_is_pinned_the_calling_one_first(tmp_path):
    proc = FakeProc(tmp_path)
    setter = Setter()
    pin_threads(1, setter, proc.root / "self" / "task")
    assert setter.calls[0] == (0, {1})
    assert sorted(tid for tid, _ in setter.calls[1:]) == [101, 102, 103]


def test_a_thread_that_ended_meanwhile_is_skipped(tmp_path):
    proc = FakeProc(tmp_path)
    seen: list[int] = []

    def setter(tid: int, cpus: set[int]) -> None:
        seen.append(tid)
        if tid == 102:
            raise ProcessLookupError(tid)

    pin_threads(0, setter, proc.root / "self" / "task")
    assert sorted(seen) == [0, 101, 102, 103]


ONE, BOTH = frozenset({1}), frozenset({0, 1})


@pytest.mark.parametrize("refused, put_back", [
    ({(102, ONE)}, [0, 101, 102, 103]),               # a refusal half-way: every thread goes back
    ({(103, ONE), (101, BOTH)}, [0, 102, 103]),       # one will not go back either: the others still do
], ids=["half-way", "one-stays"])
def test_a_refused_pin_puts_every_thread_back_that_the_kernel_lets(tmp_path, refused, put_back):
    proc = FakeProc(tmp_path)
    calls: list[tuple[int, set[int]]] = []

    def setter(tid: int, cpus: set[int]) -> None:
        if (tid, frozenset(cpus)) in refused:
            raise PermissionError(f"not {tid}")
        calls.append((tid, cpus))

    with pytest.raises(PermissionError):
        pin_threads(1, setter, proc.root / "self" / "task", restore=BOTH)
    last = {tid: cpus for tid, cpus in calls}
    assert sorted(tid for tid, cpus in last.items() if cpus == BOTH) == put_back


def test_release_asks_nothing_of_the_kernel_when_the_process_may_already_run_everywhere(monkeypatch):
    """A service manager may kill a process for the call itself (systemd's SystemCallFilter)."""
    def forbidden(*_args: object) -> None:
        raise AssertionError("sched_setaffinity called")

    monkeypatch.setattr(os, "sched_setaffinity", forbidden)
    affinity.release(affinity.usable_cpus())


def test_the_systemd_unit_allows_the_call_it_would_otherwise_kill_the_relay_for():
    unit = (Path(__file__).parents[2] / "deploy" / "mailguard-relay.service").read_text()
    filters = [line.split("=", 1)[1].split() for line in unit.splitlines() if line.startswith("SystemCallFilter=")]
    denied = [i for i, f in enumerate(filters) if f[0].startswith("~") and "@resources" in " ".join(f)]
    allowed = [i for i, f in enumerate(filters) if not f[0].startswith("~") and "sched_setaffinity" in f]
    assert denied and allowed and allowed[-1] > denied[-1]       # a later allow takes it off the deny list


def test_where_proc_stat_does_not_show_our_cpus_the_relay_stays_put(tmp_path, caplog):
    proc = FakeProc(tmp_path, cpus=1)                 # e.g. lxcfs renumbering a container's CPUs
    k = keeper(proc, Setter())
    assert k.start() and k.moves is False
    assert "does not show the CPUs this process may use" in caplog.text


def test_a_kernel_that_refuses_leaves_the_relay_unpinned_with_a_warning(tmp_path, caplog):
    proc = FakeProc(tmp_path)
    k = keeper(proc, Setter(refuse=PermissionError))
    assert k.start() is False
    assert "could not keep the relay on one CPU" in caplog.text


# ---------------------------------------------------------------- moving when crowded


def test_moves_when_other_processes_crowd_its_cpu_and_another_is_idle(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="mailguard.relay")
    proc, setter = FakeProc(tmp_path), Setter()
    k = keeper(proc, setter)
    assert k.start()
    proc.advance(5, busy={0: 1.0, 1: 0.1}, ours=0.5)       # half our CPU went to someone else
    assert k.check() == 1 and k.cpu == 1
    after_start = setter.calls[4:]
    assert after_start[0] == (0, {1}) and sorted(tid for tid, _ in after_start[1:]) == [101, 102, 103]
    moved = [r.fields for r in caplog.records if r.getMessage() == "relay moved to a quieter CPU"]
    assert moved == [{"cpu": 1, "left": 0, "others_share": 0.5, "idle_share": 0.9}]


@pytest.mark.parametrize("busy, ours, waited, chance, moves_to", [
    # the relay keeping its CPU busy itself, its threads queueing for it in turn: no reason to move
    ({0: 1.0, 1: 0.3}, 0.95, 0.0, 0.9, None),
    # 0.5 others here, 0.6 there: as much would compete with it
    ({0: 1.0, 1: 0.6}, 0.5, 0.0, 0.9, None),
    # two crowded relays must not both move at once: each goes with even odds
    ({0: 1.0, 1: 0.0}, 0.5, 0.0, 0.3, None),
    # idle: moving away from work while idle is how relays ended up stacked where the work came next
    ({0: 1.0, 1: 0.0}, 0.02, 0.0, 0.9, None),
    # ... but once it works, it may
    ({0: 1.0, 1: 0.0}, 0.5, 0.0, 0.9, 1),
    # squeezed to a sliver by others (five busy programs: a sixth each), it still wants the CPU: it moves
    ({0: 1.0, 1: 0.05}, 0.15, 0.8, 0.9, 1),
], ids=["own-work", "as-crowded-there", "odds", "idle", "working", "squeezed"])
def test_when_a_relay_moves(tmp_path, busy, ours, waited, chance, moves_to):
    proc, setter = FakeProc(tmp_path), Setter()
    k = keeper(proc, setter, chance=chance)
    k.start()
    proc.advance(5, busy=busy, ours=ours, waited=waited)
    assert k.check() == moves_to and k.cpu == (0 if moves_to is None else moves_to)


def test_settles_for_a_while_after_a_move_and_never_moves_when_told_not_to(tmp_path):
    proc, setter = FakeProc(tmp_path), Setter()
    k = keeper(proc, setter)
    k.start()
    proc.advance(5, busy={0: 1.0, 1: 0.0}, ours=0.5)
    assert k.check() == 1
    proc.advance(5, busy={0: 0.0, 1: 1.0}, ours=0.5)
    assert k.check() is None                                   # within SETTLE of the last move
    proc.advance(affinity.SETTLE, busy={0: 0.0, 1: 1.0}, ours=0.5)
    assert k.check() == 0

    other = FakeProc(tmp_path / "fixed")
    fixed = keeper(other, Setter(), moves=False)
    fixed.start()
    other.advance(5, busy={0: 1.0, 1: 0.0}, ours=0.2)
    assert fixed.check() is None and fixed.cpu == 0
    movable = keeper(other, Setter())                # the same readings would move a keeper allowed to
    movable.start()
    other.advance(5, busy={0: 1.0, 1: 0.0}, ours=0.2)
    assert movable.check() == 1


def test_without_the_kernels_wait_counts_the_cpu_it_got_decides(tmp_path):
    proc, setter = FakeProc(tmp_path, schedstat=False), Setter()
    k = keeper(proc, setter)
    k.start()
    proc.advance(5, busy={0: 1.0, 1: 0.0}, ours=0.15, waited=0.8)
    assert k.check() is None
    proc.advance(5, busy={0: 1.0, 1: 0.0}, ours=0.5)
    assert k.check() == 1


def test_never_moves_onto_the_cpu_of_another_process_of_the_same_relay(tmp_path):
    proc, setter = FakeProc(tmp_path, cpus=3), Setter()
    siblings = affinity.Siblings([0, 1])
    k = Keeper(0, frozenset({0, 1, 2}), True, setter, proc.root, clock=lambda: proc.now, chance=lambda: 0.9,
               siblings=siblings, index=0)
    k.start()
    proc.advance(5, busy={0: 1.0, 1: 0.05, 2: 0.4}, ours=0.5)   # CPU 1 is idler, but the sibling's
    assert k.check() == 2
    assert siblings.kept_by_others(1) == {2}

    two = FakeProc(tmp_path / "two")
    alone = Keeper(0, frozenset({0, 1}), True, Setter(), two.root, clock=lambda: two.now, chance=lambda: 0.9,
                   siblings=affinity.Siblings([0, 1]), index=0)
    alone.start()
    two.advance(5, busy={0: 1.0, 1: 0.0}, ours=0.5)
    assert alone.check() is None and alone.cpu == 0


def test_a_restarted_process_takes_up_the_cpu_it_last_kept_not_the_one_first_given(tmp_path):
    proc = FakeProc(tmp_path, cpus=3)
    siblings = affinity.Siblings([0, 1])
    siblings.keep(0, 2)          # worker 0 moved to CPU 2 before it died; worker 1 may since be on CPU 0
    siblings.keep(1, 0)
    setter = Setter()
    restarted = Keeper(0, frozenset({0, 1, 2}), True, setter, proc.root, clock=lambda: proc.now,
                       siblings=siblings, index=0)
    assert restarted.start() and restarted.cpu == 2 and setter.calls[0] == (0, {2})


def test_a_process_that_cannot_move_says_why_at_start(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="mailguard.relay")
    proc = FakeProc(tmp_path)
    k = Keeper(1, frozenset({0, 1}), False, Setter(), proc.root, clock=lambda: proc.now,
               siblings=affinity.Siblings([0, 1]), index=1)
    assert k.start()
    (kept,) = [r.fields for r in caplog.records if r.getMessage() == "relay threads kept on one CPU"]
    assert kept["moves_when_crowded"] is False
    assert kept["stays_because"] == "another process of this relay keeps every other CPU"


@pytest.mark.filterwarnings("ignore:.*fork.*:DeprecationWarning")   # Python 3.12+, other threads alive
def test_siblings_see_each_others_moves_across_fork():
    siblings = affinity.Siblings([0, 1])
    pid = os.fork()
    if pid == 0:   # the child must never return into pytest
        try:
            siblings.keep(1, 7)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    assert siblings.kept_by_others(0) == {7} and siblings.kept_by_others(1) == {0}


def test_the_processes_of_one_relay_share_one_table_of_cpus(monkeypatch):
    from mailguard.relay.command import _keepers
    monkeypatch.setattr(affinity, "usable_cpus", lambda: frozenset({0, 1}))
    monkeypatch.setattr(affinity, "read_cpu_times", lambda *a: {0: (0, 100), 1: (0, 100)})
    first, second = _keepers("auto", 2, {0: (0, 0), 1: (0, 0)})
    assert first is not None and second is not None
    assert first.siblings is second.siblings and {first.cpu, second.cpu} == {0, 1}
    assert (first.index, second.index) == (0, 1)
    assert not first.moves and not second.moves      # a process on every CPU: nowhere to go
    monkeypatch.setattr(affinity, "usable_cpus", lambda: frozenset({0, 1, 2}))
    monkeypatch.setattr(affinity, "read_cpu_times", lambda *a: {0: (0, 100), 1: (0, 100), 2: (0, 100)})
    assert all(k is not None and k.moves for k in _keepers("auto", 2, {0: (0, 0), 1: (0, 0), 2: (0, 0)}))
    (only,) = _keepers("auto", 1, {0: (0, 0), 1: (0, 0)})
    assert only is not None and only.siblings is None
    assert all(k is not None and k.siblings is None and not k.moves for k in _keepers((1, 0), 2, {}))


def test_a_refused_move_stops_further_tries(tmp_path):
    proc = FakeProc(tmp_path)
    setter = Setter()
    k = keeper(proc, setter)
    k.start()
    setter.refuse = PermissionError
    proc.advance(5, busy={0: 1.0, 1: 0.0}, ours=0.3)
    assert k.check() is None and k.moves is False and k.cpu == 0


# ---------------------------------------------------------------- the real thing

two_cpus = pytest.mark.skipif(len(affinity.usable_cpus()) < 2, reason="needs two CPUs this process may use")


def _cpus_of_threads(pid: int) -> list[set[int]]:
    """Each thread's allowed CPUs, from /proc (``Cpus_allowed_list: 0-1,3``)."""
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = next(line.split(":", 1)[1].strip() for line in (task / "status").read_text().splitlines()
                    if line.startswith("Cpus_allowed_list"))
        cpus: set[int] = set()
        for part in text.split(","):
            low, _, high = part.partition("-")
            cpus.update(range(int(low), int(high or low) + 1))
        out.append(cpus)
    return out


@two_cpus
def test_a_relay_keeps_every_thread_on_one_cpu_by_default_and_not_when_off(tmp_path, sink):
    from tests.relay.harness import submit
    from tests.relay.messages import clean

    relay = start(write_config(tmp_path / "config"), tmp_path / "state", sink.port)
    try:
        sample = clean(1)
        assert submit(relay.port, sample.mail_from, sample.rcpts, sample.data)[0] == 250   # threads started
        kept = relay.events("relay threads kept on one CPU")
        assert len(kept) == 1 and kept[0]["moves_when_crowded"] is True
        threads = _cpus_of_threads(relay.proc.pid)
        assert len(threads) >= 3 and all(cpus == {kept[0]["cpu"]} for cpus in threads)
    finally:
        relay.proc.send_signal(signal.SIGTERM)
        relay.wait(30)

    relay = start(write_config(tmp_path / "config2"), tmp_path / "state2", sink.port, "--cpu-affinity", "off")
    try:
        assert not relay.events("relay threads kept on one CPU")
        assert all(cpus == set(affinity.usable_cpus()) for cpus in _cpus_of_threads(relay.proc.pid))
    finally:
        relay.proc.send_signal(signal.SIGTERM)
        relay.wait(30)


@two_cpus
def test_a_listed_cpu_is_kept_for_good_and_two_processes_take_different_cpus(tmp_path, sink):
    cpu = max(affinity.usable_cpus())
    relay = start(write_config(tmp_path / "config"), tmp_path / "state", sink.port, "--cpu-affinity", str(cpu))
    try:
        kept = relay.events("relay threads kept on one CPU")
        assert [(e["cpu"], e["moves_when_crowded"]) for e in kept] == [(cpu, False)]
        assert all(cpus == {cpu} for cpus in _cpus_of_threads(relay.proc.pid))
    finally:
        relay.proc.send_signal(signal.SIGTERM)
        relay.wait(30)

    relay = start(write_config(tmp_path / "config2"), tmp_path / "state2", sink.port, "--processes", "2")
    try:
        deadline = time.monotonic() + 30          # start() returns when the first worker listens
        while len(relay.events("listening")) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        kept = relay.events("relay threads kept on one CPU")
        assert len(kept) == 2 and len({e["cpu"] for e in kept}) == 2
        workers = [int(p) for p in Path(f"/proc/{relay.proc.pid}/task/{relay.proc.pid}/children").read_text().split()]
        worker_cpus = sorted(next(iter(_cpus_of_threads(w)[0])) for w in workers)
        assert worker_cpus == sorted(e["cpu"] for e in kept)
        assert all(len(set(map(frozenset, _cpus_of_threads(w)))) == 1 for w in workers)
        assert all(cpus == set(affinity.usable_cpus()) for cpus in _cpus_of_threads(relay.proc.pid))  # the parent
    finally:
        relay.proc.send_signal(signal.SIGTERM)
        relay.wait(30)


@two_cpus
def test_a_listed_cpu_that_is_not_there_stops_the_relay_at_start(tmp_path, sink):
    proc = subprocess.run(
        [sys.executable, "-m", "mailguard", "relay", "--config", str(write_config(tmp_path / "config")),
         "--state", str(tmp_path / "state"), "--listen", "127.0.0.1:0", "--upstream", f"127.0.0.1:{sink.port}",
         "--cpu-affinity", "0,4095"], capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    assert "cpu_affinity in policy.yaml (or --cpu-affinity) lists CPU 4095" in proc.stderr


@two_cpus
def test_the_process_for_a_very_large_message_runs_on_every_cpu_again():
    code = ("import os; from mailguard.relay.affinity import release, usable_cpus; every = usable_cpus(); "
            "os.sched_setaffinity(0, {min(every)}); release(every); print(sorted(os.sched_getaffinity(0)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert json.loads(out.stdout) == sorted(affinity.usable_cpus())
