"""``mailguard relay``: turn the command line and policy.yaml into a running relay."""

from __future__ import annotations

import argparse
import ipaddress
from dataclasses import replace

from mailguard.config import load_config
from mailguard.errors import UsageError
from mailguard.ledger_store import PersistentLedger
from mailguard.quarantine.store import QuarantineStore
from mailguard.relay import affinity, logs
from mailguard.relay.server import Relay, build_relay, run, run_processes
from mailguard.runtime import build_engine
from mailguard.settings import (
    CpuAffinity,
    ListenerTls,
    load_service_settings,
    parse_cpu_affinity,
    parse_host_port,
    parse_size,
    with_overrides,
)


def relay_command(args: argparse.Namespace) -> int:
    logs.configure()
    cpu_times_at_start = affinity.read_cpu_times()
    config = load_config(args.config)
    settings = load_service_settings(config)
    try:
        listen = parse_host_port(args.listen) if args.listen else settings.relay.listen
        upstream = parse_host_port(args.upstream) if args.upstream else None
        networks = tuple(ipaddress.ip_network(n, strict=False) for n in args.allow) if args.allow else None
        max_size = parse_size(args.max_message_size) if args.max_message_size else None
        cpu_affinity = parse_cpu_affinity(args.cpu_affinity) if args.cpu_affinity else None
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    if args.processes is not None and args.processes < 1:
        raise UsageError("--processes must be 1 or more")
    if listen is None:
        raise UsageError("say where to listen: --listen HOST:PORT (or relay: listen: in policy.yaml)")
    if networks is not None and any(n.prefixlen == 0 for n in networks):
        raise UsageError("--allow 0.0.0.0/0 or ::/0 would make an open relay; list your mail server's address")
    tls = None
    if args.tls_cert or args.tls_key:
        if not (args.tls_cert and args.tls_key):
            raise UsageError("STARTTLS needs both --tls-cert and --tls-key")
        tls = ListenerTls(args.tls_cert, args.tls_key, args.require_tls)
    relay_settings = with_overrides(settings.relay, listen=listen, allowed_networks=networks, tls=tls,
                                    max_message_size=max_size, hostname=args.hostname,
                                    processes=args.processes, cpu_affinity=cpu_affinity,
                                    upstream_address=upstream, upstream_tls=args.upstream_tls)
    settings = replace(settings, relay=relay_settings)
    affinity.check_listed(relay_settings.cpu_affinity, relay_settings.processes)   # before the slow part
    engine = build_engine(args.config, args.models, config=config)
    dry_run = bool(args.dry_run) or config.policy.mode == "dry-run"
    keepers = _keepers(settings.relay.cpu_affinity, settings.relay.processes, cpu_times_at_start)
    web_listen = None
    if args.web:
        try:
            web_listen = parse_host_port(args.web)
        except ValueError as exc:
            raise UsageError(f"--web: {exc}") from exc
    if settings.relay.processes > 1:
        if web_listen is not None:
            raise UsageError("--web serves the review page from a single relay process; with several relay "
                             "processes run `mailguard web` beside them instead")
        # Create the state dir's databases once, before the workers race to do it.
        QuarantineStore(args.state).close()
        PersistentLedger(args.state).close()

        # Built in each worker after the fork: database connections and sockets are never shared.
        def make(index: int) -> Relay:
            return build_relay(engine, settings, args.state, dry_run=dry_run, reminders=index == 0,
                               models=args.models)
        return run_processes(make, listen, settings.relay.processes, keepers)
    relay = build_relay(engine, settings, args.state, dry_run=dry_run, models=args.models)
    companion = None
    if web_listen is not None:
        from mailguard.web.command import RelayCompanion  # noqa: PLC0415  (only when asked for)

        companion = RelayCompanion(relay, config.council.name, web_listen)
    return run(relay, listen, companion, keeper=keepers[0])


def _keepers(setting: CpuAffinity, processes: int,
             since: dict[int, tuple[int, int]]) -> list[affinity.Keeper | None]:
    """One per relay process: which CPU it keeps to (None: wherever the kernel puts it)."""
    cpus = affinity.usable_cpus()
    planned = affinity.plan(setting, processes, since, cpus)
    kept = [cpu for cpu in planned if cpu is not None]      # auto: every process's CPU, or none pinned
    siblings = affinity.Siblings(kept) if setting == "auto" and processes > 1 and kept else None
    # A process never moves onto a sibling's CPU, so with a process on every CPU none can move at all.
    moves = setting == "auto" and not (siblings is not None and cpus <= set(kept))
    return [affinity.Keeper(cpu, cpus, moves=moves, siblings=siblings, index=index)
            if cpu is not None else None for index, cpu in enumerate(planned)]
