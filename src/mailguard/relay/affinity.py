"""Keeping each relay process's threads on one CPU.

A relay process runs Python in several threads (the event loop, the inspection threads) that take
turns at the interpreter lock, so it never uses more than one core for Python anyway. Left alone,
Linux wakes each thread on whichever core is idle: the lock then changes cores thousands of times a
second, and after each change the thread that runs finds its working set (the rules' patterns, the
language model, the sessions' buffers) in the other core's cache. Held on one CPU, the same council
mix cost 13-24 % less CPU a message (issue 6; docs/performance.md, "Stop 22").

So by default (``cpu_affinity: auto``) each relay process keeps all its threads on one CPU: at start
the least busy CPU it may use (relay processes sharing a port take different ones), and later a
quieter one whenever its own is crowded while it works: several relays started together on one host
must not stay stacked on one core while another idles. It never moves onto the CPU of another
process of the same relay (:class:`Siblings`). ``off`` leaves placement to the kernel. A list of CPU
numbers puts the i-th relay process on the i-th CPU for good (for hosts that plan their cores).

Only Linux has per-thread affinity and the ``/proc`` counters this reads; elsewhere ``auto`` does
nothing. A process started for a very large message is let back onto every CPU the relay may use
(the listed ones, for a list: :func:`release`). Under systemd the call must be allowed:
``deploy/mailguard-relay.service`` denies ``@resources`` but allows ``sched_setaffinity``.

Limits of ``auto``: when every CPU is busy with other work, a relay held on one gets that CPU's
share, where the kernel might have given it a little more spread over several; it does not move,
as no CPU is roomier. ``off`` is the choice for a host that is always that full. With a relay
process on every CPU (``--processes`` as many as the cores) none ever moves, as none may take a
sibling's CPU: each keeps its own, as a list would. And a very large
message takes longer to pass through (50 MB: 3.8-4.6 s against 3.1-3.7 s), as the kernel's network
work for it runs on the relay's one CPU; the other sessions wait no longer meanwhile.
"""

from __future__ import annotations

import logging
import mmap
import os
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mailguard.errors import RelayError
from mailguard.relay.logs import event
from mailguard.settings import CpuAffinity

log = logging.getLogger("mailguard.relay")

#: How often a relay process looks at how crowded its CPU is (seconds; reading /proc, ~0.1 ms).
CHECK_EVERY = 5.0
#: Crowded: other processes kept the relay's CPU busy this share of the time.
CROWDED = 0.25
#: A CPU is worth moving to when it was idle this share of the time, and clearly more than ours.
ROOMY = 0.3
#: Seconds between two moves, so two relays that both feel crowded do not swap cores back and forth.
SETTLE = 30.0
#: A relay moves only while it wants at least this share of a CPU: the CPU time its threads got plus
#: the time they were ready to run but waited for the CPU (the kernel's schedstat), so a relay that
#: others squeeze down to a sliver still counts as working. An idle relay loses nothing on a busy CPU
#: (the kernel runs a process that seldom wants the CPU as soon as it wakes), and one that moves while
#: idle flees work it is about to share a core with: in the bench, idle relay processes left the CPU
#: another relay was busy on, for the one their own sibling was kept on.
WORKING = 0.2

SetAffinity = Callable[[int, set[int]], None]


def usable_cpus() -> frozenset[int]:
    """The CPUs this process may run on (the machine's, or fewer in a container or under taskset)."""
    if not hasattr(os, "sched_getaffinity"):
        return frozenset()
    return frozenset(os.sched_getaffinity(0))


def read_cpu_times(stat: Path = Path("/proc/stat")) -> dict[int, tuple[int, int]]:
    """CPU number -> (busy, total) clock ticks since boot; {} where there is no /proc/stat.

    Busy is time running programs (user, nice, system) or taken by the hypervisor (steal)."""
    out: dict[int, tuple[int, int]] = {}
    try:
        text = stat.read_text()
    except OSError:
        return out
    for line in text.splitlines():
        if not (line.startswith("cpu") and line[3:4].isdigit()):
            continue
        name, *fields = line.split()
        ticks = [int(f) for f in fields[:8]] + [0] * (8 - len(fields[:8]))
        user, nice, system, _idle, _iowait, _irq, _softirq, steal = ticks
        # Interrupt time is left out of "busy": much of it is the network work of our own sockets,
        # which the kernel does not count in our process's time, and would look like crowding.
        out[int(name[3:])] = (user + nice + system + steal, sum(ticks))
    return out


def idle_shares(before: dict[int, tuple[int, int]], after: dict[int, tuple[int, int]]) -> dict[int, float]:
    """Share of the time between two readings that each CPU was idle (1.0 where no time passed)."""
    shares: dict[int, float] = {}
    for cpu, (busy, total) in after.items():
        busy0, total0 = before.get(cpu, (busy, total))
        elapsed = total - total0
        shares[cpu] = 1.0 - (busy - busy0) / elapsed if elapsed > 0 else 1.0
    return shares


def ranked(cpus: frozenset[int], idle: dict[int, float], turn: int) -> list[int]:
    """``cpus``, the most idle first. Idleness counts in tenths, so noise does not decide; among equals,
    ``turn`` (the process id) picks where to start, so relays started together on an idle host spread."""
    order = sorted(cpus)
    return sorted(order, key=lambda c: (-round(idle.get(c, 1.0), 1), (order.index(c) - turn) % len(order)))


def plan(setting: CpuAffinity, processes: int, since: dict[int, tuple[int, int]],
         cpus: frozenset[int] | None = None, turn: int | None = None) -> list[int | None]:
    """The CPU for each of ``processes`` relay processes (None: not pinned).

    ``since``: CPU times read when the relay started, so ``auto`` sees which CPUs were busy meanwhile.
    Raises RelayError for a listed CPU this process may not use."""
    cpus = usable_cpus() if cpus is None else cpus
    check_listed(setting, processes, cpus)
    if setting == "off" or (setting == "auto" and len(cpus) < 2):
        return [None] * processes
    if setting == "auto":
        order = ranked(cpus, idle_shares(since, read_cpu_times()), os.getpid() if turn is None else turn)
        return [order[i % len(order)] for i in range(processes)]
    return list(setting)


def check_listed(setting: CpuAffinity, processes: int, cpus: frozenset[int] | None = None) -> None:
    """A list of CPUs must name one usable CPU for each relay process; RelayError saying what to write.

    Called before the language model loads, so a wrong list costs the operator no wait."""
    if not isinstance(setting, tuple):
        return
    cpus = usable_cpus() if cpus is None else cpus
    where = "relay: cpu_affinity in policy.yaml (or --cpu-affinity)"
    if not cpus:
        raise RelayError(f"{where} lists CPUs, but this system does not let a program choose its CPUs; "
                         f"write cpu_affinity: auto or off")
    missing = sorted(set(setting) - cpus)
    if missing:
        raise RelayError(f"{where} lists CPU {', '.join(map(str, missing))}, but mailguard may only use CPU "
                         f"{', '.join(map(str, sorted(cpus)))} here; list CPUs from those, or write auto")
    if len(setting) != processes:
        raise RelayError(f"{where} lists {len(setting)} CPU{'s' if len(setting) != 1 else ''} for {processes} "
                         f"relay process{'es' if processes != 1 else ''}: list exactly one CPU for each "
                         f"process (relay process i runs on the i-th), or write auto")


def pin_threads(cpu: int, set_affinity: SetAffinity | None = None, tasks: Path = Path("/proc/self/task"),
                restore: frozenset[int] | None = None) -> None:
    """Put every thread of this process on ``cpu``: this one first, so threads it starts meanwhile
    (new threads inherit their creator's CPUs) are covered too.

    Raises OSError if the kernel refuses, after putting every thread back on ``restore`` (as far as
    the kernel allows), so the process is not left with some threads pinned and others not."""
    setter: SetAffinity = set_affinity or os.sched_setaffinity
    try:
        _set_all(setter, {cpu}, tasks)
    except OSError:
        if restore:
            _set_all(setter, set(restore), tasks, stop_at_refusal=False)
        raise


def _set_all(setter: SetAffinity, cpus: set[int], tasks: Path, stop_at_refusal: bool = True) -> None:
    """Every thread on ``cpus``; the first refusal is raised, or (putting threads back) passed over,
    so that one thread the kernel will not move does not keep the others where they were."""
    try:
        tids = [0] + [int(t.name) for t in tasks.iterdir()]
    except OSError:
        tids = [0]
    for tid in tids:
        try:
            setter(tid, cpus)
        except ProcessLookupError:     # the thread ended meanwhile
            continue
        except OSError:
            if stop_at_refusal:
                raise


def release(cpus: frozenset[int] | None) -> None:
    """Let this process run on ``cpus`` again (the isolated process for a very large message, which
    inherits the relay's one CPU and should not compete with it for that one). Nothing is asked of
    the kernel when the process already may (a service manager may forbid the call itself)."""
    if cpus and hasattr(os, "sched_setaffinity") and set(os.sched_getaffinity(0)) != set(cpus):
        try:
            os.sched_setaffinity(0, cpus)
        except OSError:
            pass


class Siblings:
    """Which CPU each relay process sharing a port keeps to, in memory the forked processes share.

    So that none moves onto a sibling's CPU: two processes of one relay on one core do the work of one,
    each waiting for the other's time slices, and the moves that stack them are easy to make (the
    sibling's CPU looks idle while the sibling waits for mail)."""

    def __init__(self, cpus: Sequence[int]) -> None:
        self._slots = memoryview(mmap.mmap(-1, 4 * len(cpus))).cast("i")   # anonymous, MAP_SHARED
        for index, cpu in enumerate(cpus):
            self._slots[index] = cpu

    def keep(self, index: int, cpu: int) -> None:
        self._slots[index] = cpu

    def kept_by(self, index: int) -> int:
        """The CPU process ``index`` keeps to: where a restarted process takes up again (its sibling
        may since have moved onto the CPU it was first given)."""
        return int(self._slots[index])

    def kept_by_others(self, index: int) -> set[int]:
        return {cpu for i, cpu in enumerate(self._slots) if i != index}


@dataclass
class Keeper:
    """Holds one relay process on one CPU, moving it when that CPU is crowded (``auto``) or never.

    :meth:`check` is called every :data:`CHECK_EVERY` seconds from the event loop. Crowded means
    *other* processes kept our CPU busy: its busy share (``/proc/stat``) less this process's own
    (``/proc/self/stat``). Our own threads queue for the one CPU too, each time one wakes another to
    hand over the interpreter lock, so the kernel's wait counters cannot tell crowding from that (they
    do tell that the relay wants the CPU: :data:`WORKING`).
    ``siblings``/``index``: the CPUs of the other processes sharing the port, never moved onto.
    """

    cpu: int
    cpus: frozenset[int]
    moves: bool
    set_affinity: SetAffinity | None = None
    proc: Path = Path("/proc")
    clock: Callable[[], float] = time.monotonic
    chance: Callable[[], float] = random.random
    siblings: Siblings | None = None
    index: int = 0
    _times: dict[int, tuple[int, int]] = field(default_factory=dict)
    _ours: float = 0.0
    _wanted: float | None = None
    _read_at: float = 0.0
    _moved_at: float = float("-inf")

    def start(self) -> bool:
        """Pin this process; False (logged) if the kernel refused, and then nothing more is tried."""
        if self.siblings is not None:
            self.cpu = self.siblings.kept_by(self.index)
        try:
            pin_threads(self.cpu, self.set_affinity, self.proc / "self" / "task", restore=self.cpus)
        except OSError as exc:
            event(log, "could not keep the relay on one CPU; the kernel places its threads", logging.WARNING,
                  cpu=self.cpu, error=str(exc))
            return False
        self._remember()
        if self.siblings is not None:
            self.siblings.keep(self.index, self.cpu)
        if self.moves and not self.cpus <= set(self._times):
            # e.g. LXD's lxcfs numbers a container's CPUs afresh in /proc/stat: ours cannot be read there
            self.moves = False
            event(log, "/proc/stat does not show the CPUs this process may use; the relay stays on its CPU",
                  logging.WARNING, cpu=self.cpu, shown=sorted(self._times))
        why: dict[str, object] = {}
        if self.siblings is not None and not self.moves:
            why["stays_because"] = "another process of this relay keeps every other CPU"
        event(log, "relay threads kept on one CPU", logging.INFO, cpu=self.cpu,
              moves_when_crowded=self.moves, usable_cpus=sorted(self.cpus), **why)
        return True

    def check(self) -> int | None:
        """Move to a roomier CPU if others crowded this one since the last check; the new CPU, or None."""
        before_times, before_ours, before_wanted, before_at = self._times, self._ours, self._wanted, self._read_at
        self._remember()
        elapsed = self._read_at - before_at
        if not self.moves or elapsed <= 0 or not before_times or self._read_at - self._moved_at < SETTLE:
            return None
        idle = idle_shares(before_times, self._times)
        got = (self._ours - before_ours) / elapsed
        crowding = 1.0 - idle.get(self.cpu, 1.0) - got
        wanted = got
        if self._wanted is not None and before_wanted is not None:
            wanted = (self._wanted - before_wanted) / elapsed
        taken = self.siblings.kept_by_others(self.index) if self.siblings is not None else set()
        others = [c for c in self.cpus if c != self.cpu and c in idle and c not in taken]
        if wanted < WORKING or crowding < CROWDED or not others:
            return None
        best = max(others, key=lambda c: idle[c])
        # Worth it only if less would compete with us there than here; and two relays crowding each
        # other must not both move at once (to the same CPU): each goes with even odds.
        if idle[best] < ROOMY or 1.0 - idle[best] > crowding - 0.1 or self.chance() < 0.5:
            return None
        try:
            pin_threads(best, self.set_affinity, self.proc / "self" / "task", restore=frozenset({self.cpu}))
        except OSError as exc:
            event(log, "could not move the relay to a quieter CPU", logging.WARNING, cpu=best, error=str(exc))
            self.moves = False
            return None
        event(log, "relay moved to a quieter CPU", cpu=best, left=self.cpu,
              others_share=round(crowding, 2), idle_share=round(idle[best], 2))
        self.cpu, self._moved_at = best, self._read_at
        if self.siblings is not None:
            self.siblings.keep(self.index, best)
        return best

    def _remember(self) -> None:
        self._times = read_cpu_times(self.proc / "stat")
        self._ours = _process_cpu_seconds(self.proc / "self" / "stat")
        self._wanted = _process_wanted_seconds(self.proc / "self" / "task")
        self._read_at = self.clock()


def _process_wanted_seconds(tasks: Path) -> float | None:
    """CPU time got plus time waited for a CPU while ready to run, summed over the process's threads
    (``schedstat``: nanoseconds), in seconds; None where the kernel does not keep these counts."""
    total, seen = 0, False
    try:
        entries = list(tasks.iterdir())
    except OSError:
        return None
    for task in entries:
        try:
            ran, waited = (task / "schedstat").read_text().split()[:2]
            total += int(ran) + int(waited)
        except (OSError, ValueError):
            continue
        seen = True
    return total / 1e9 if seen else None


def _process_cpu_seconds(stat: Path) -> float:
    """CPU time (user + system) used so far by every thread of the process, in seconds."""
    try:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0
