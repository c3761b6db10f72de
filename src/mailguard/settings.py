"""The service sections of ``policy.yaml`` (relay, quarantine, notify, web), validated at startup.

:func:`mailguard.config.load_policy` keeps these sections raw; the relay and the quarantine commands
call :func:`load_service_settings` before they accept a connection or touch the queue, so a typo is
reported at start with file and line (never discovered when the first message arrives), all at once.
Every option has a safe default: with no ``relay:`` section at all the relay accepts mail from
loopback only, never from the network, so a fresh install can never be an open relay.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from email_validator import EmailNotValidError, validate_email

from mailguard.config import Config, Policy, normalise_address
from mailguard.errors import ConfigError, ConfigErrors
from mailguard.web.auth import USERNAME, BadHash, PasswordHash, parse_hash
from mailguard.yamlfile import Key

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
UpstreamTls = Literal["none", "starttls", "tls"]
#: Where a relay process runs: ``auto`` (one CPU, chosen and moved by mailguard), ``off`` (the
#: kernel decides) or CPU numbers, the i-th relay process on the i-th (see mailguard.relay.affinity).
CpuAffinity = Literal["auto", "off"] | tuple[int, ...]

LOOPBACK: tuple[Network, ...] = (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"))
MiB = 1024 * 1024
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|k|mb|mib|m|gb|gib|g)?\s*$", re.IGNORECASE)
_SIZE_UNITS = {None: 1, "b": 1, "k": 1024, "kb": 1000, "kib": 1024, "m": MiB, "mb": 1000 ** 2, "mib": MiB,
               "g": 1024 ** 3, "gb": 1000 ** 3, "gib": 1024 ** 3}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?)?\s*$",
                       re.IGNORECASE)
_DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class HostPort:
    host: str
    port: int

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


def parse_host_port(text: str) -> HostPort:
    """``127.0.0.1:2525``, ``[::1]:2525`` or ``smtp.example.org:587``; raises ValueError saying why."""
    text = str(text).strip()
    m = re.fullmatch(r"\[([0-9a-fA-F:.]+)\]:(\d{1,5})", text) or re.fullmatch(r"([^\s:\[\]]+):(\d{1,5})", text)
    if m is None:
        raise ValueError(f"'{text}' is not HOST:PORT (write e.g. 127.0.0.1:10025 or [::1]:10025)")
    port = int(m.group(2))
    if port > 65535:
        raise ValueError(f"port {port} is out of range (0-65535)")
    return HostPort(m.group(1), port)


def parse_size(value: Any) -> int:
    """Bytes from ``25MB``, ``10 MiB``, ``512k`` or a plain number of bytes."""
    if isinstance(value, bool):
        raise ValueError("expected a size such as 25MB")
    if isinstance(value, int):
        return value
    m = _SIZE.match(str(value))
    if m is None:
        raise ValueError(f"'{value}' is not a size (write e.g. 25MB, 10MiB or 1048576)")
    return int(float(m.group(1)) * _SIZE_UNITS[m.group(2).lower() if m.group(2) else None])


def parse_cpu_affinity(value: Any) -> CpuAffinity:
    """``auto`` (also ``true``/``yes``), ``off`` (also ``false``/``no``), or CPU numbers, one for each relay
    process: ``[0, 1]``, ``"2,3"``, ``"0-3"``."""
    word = value.strip().lower() if isinstance(value, str) else None
    if value is False or word in ("off", "no", "false", "none"):
        return "off"
    if value is True or word in ("auto", "on", "yes", "true"):
        return "auto"
    not_cpus = ValueError(f"'{value}' is not auto, off or a list of CPU numbers (write e.g. auto, off, [0, 1] "
                          f"or 2-3)")
    if isinstance(value, str):
        items: list[Any] = value.split(",")
    elif isinstance(value, list):
        items = value
    elif isinstance(value, int):
        items = [value]
    else:
        raise not_cpus
    cpus: list[int] = []
    for item in items:
        m = None if isinstance(item, bool) else re.fullmatch(r"(\d{1,4})(?:\s*-\s*(\d{1,4}))?", str(item).strip())
        if m is None or int(m.group(2) or m.group(1)) < int(m.group(1)):
            raise not_cpus
        cpus.extend(range(int(m.group(1)), int(m.group(2) or m.group(1)) + 1))
    if not cpus:
        raise not_cpus
    twice = sorted({c for c in cpus if cpus.count(c) > 1})
    if twice:
        raise ValueError(f"CPU {', '.join(map(str, twice))} is listed twice: list one CPU for each relay process")
    return tuple(cpus)


def parse_duration(value: Any) -> float:
    """Seconds from ``30s``, ``5m``, ``24h``, ``3d`` or a plain number of seconds."""
    if isinstance(value, bool):
        raise ValueError("expected a duration such as 30s, 5m or 24h")
    if isinstance(value, (int, float)):
        return float(value)
    m = _DURATION.match(str(value))
    if m is None:
        raise ValueError(f"'{value}' is not a duration (write e.g. 30s, 5m, 24h or 3d)")
    unit = (m.group(2) or "s")[0].lower()
    return float(m.group(1)) * _DURATION_UNITS[unit]


@dataclass(frozen=True)
class ListenerTls:
    """STARTTLS offered to clients, with this certificate; ``required`` refuses mail without it."""

    certificate: Path
    key: Path
    required: bool = False


@dataclass(frozen=True)
class UpstreamSettings:
    address: HostPort | None = None
    tls: UpstreamTls = "none"
    verify: bool = True
    ca_file: Path | None = None
    username: str | None = None
    password_file: Path | None = None
    pool_size: int = 8
    timeout: float = 60.0

    def __repr__(self) -> str:  # never show where the secret is in tracebacks either way
        return f"UpstreamSettings(address={self.address}, tls={self.tls}, user={'set' if self.username else 'none'})"


@dataclass(frozen=True)
class RelaySettings:
    listen: HostPort | None = None
    upstream: UpstreamSettings = field(default_factory=UpstreamSettings)
    hostname: str | None = None
    allowed_networks: tuple[Network, ...] = LOOPBACK
    max_message_size: int = 25 * MiB
    max_recipients: int = 100
    client_timeout: float = 300.0
    inspect_timeout: float = 20.0
    shutdown_grace: float = 30.0
    inspect_threads: int = 2
    #: Relay processes sharing the port (SO_REUSEPORT); each uses one core for SMTP and the rules.
    processes: int = 1
    cpu_affinity: CpuAffinity = "auto"
    tls: ListenerTls | None = None

    def allows(self, peer_host: str) -> bool:
        """Is a client at this address allowed to relay? Unparseable addresses never are."""
        try:
            ip = ipaddress.ip_address(peer_host.split("%", 1)[0])
        except ValueError:
            return False
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        return any(ip in net for net in self.allowed_networks if net.version == ip.version)


@dataclass(frozen=True)
class QuarantineSettings:
    remind_after: float = 24 * 3600.0
    remind_every: float = 24 * 3600.0
    escalate_after: float | None = None
    escalate_to: tuple[str, ...] = ()          # addresses; empty with escalate_after set means "the chair"
    reject_reasons: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class NotifySettings:
    enabled: bool = True
    sender: str = ""                           # From: of every notice
    clerk: tuple[str, ...] = ()
    chair: tuple[str, ...] = ()
    warn_sender: bool = True
    templates: Path | None = None              # the council's own templates (override the bundled ones)


#: Where the clerk's review page listens unless told otherwise: this machine only.
DEFAULT_WEB_LISTEN = HostPort("127.0.0.1", 10080)


@dataclass(frozen=True)
class WebTls:
    certificate: Path
    key: Path


@dataclass(frozen=True)
class WebSettings:
    """The clerk's review page (``mailguard web``, or ``mailguard relay --web``)."""

    listen: HostPort = DEFAULT_WEB_LISTEN
    users: Mapping[str, PasswordHash] = field(default_factory=dict)
    idle_timeout: float = 1800.0
    max_session: float = 12 * 3600.0
    https_proxy: bool = False        # behind a reverse proxy terminating HTTPS: Secure cookies, X-Forwarded-For
    tls: WebTls | None = None
    url_prefix: str = ""             # e.g. /mailguard when the proxy serves the page under that path
    timezone: str = "Europe/London"

    @property
    def secure(self) -> bool:
        """Do browsers reach the page over HTTPS (so cookies may be marked Secure)?"""
        return self.https_proxy or self.tls is not None

    def __repr__(self) -> str:  # never print the hashes
        return f"WebSettings(listen={self.listen}, users={sorted(self.users)}, secure={self.secure})"


@dataclass(frozen=True)
class ServiceSettings:
    relay: RelaySettings
    quarantine: QuarantineSettings
    notify: NotifySettings
    web: WebSettings = field(default_factory=WebSettings)


class _Reader:
    """Reads one section with errors pointing at policy.yaml's lines; collects them all."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.errors: list[ConfigError] = []

    def error(self, key: Key, what: str, fix: str | None = None) -> None:
        line = None
        k = key
        while k:
            if k in self.policy.lines:
                line = self.policy.lines[k]
                break
            k = k[:-1]
        self.errors.append(ConfigError(what, path=self.policy.source, line=line, fix=fix))

    def block(self, key: Key, allowed: tuple[str, ...]) -> dict[str, Any]:
        value: Any = self.policy.sections
        for part in key:
            value = value.get(part) if isinstance(value, Mapping) else None
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.error(key, f"'{key[-1]}' must be a block of settings", fix="see README, section 'The relay'")
            return {}
        for k in value:
            if k not in allowed:
                self.error(key + (k,), f"unknown setting '{k}' under '{'.'.join(map(str, key))}'",
                           fix=f"allowed here: {', '.join(allowed)}")
        return value

    def convert(self, key: Key, raw: dict[str, Any], name: str, parse: Any, default: Any) -> Any:
        if name not in raw or raw[name] is None:
            return default
        try:
            return parse(raw[name])
        except (ValueError, TypeError) as exc:
            self.error(key + (name,), f"{'.'.join(map(str, key + (name,)))}: {exc}")
            return default

    def boolean(self, key: Key, raw: dict[str, Any], name: str, default: bool) -> bool:
        value = raw.get(name, default)
        if not isinstance(value, bool):
            self.error(key + (name,), f"'{name}' must be true or false")
            return default
        return value

    def positive_int(self, key: Key, raw: dict[str, Any], name: str, default: int) -> int:
        value = raw.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.error(key + (name,), f"'{name}' must be a whole number of at least 1")
            return default
        return value

    def file(self, key: Key, raw: dict[str, Any], name: str, base: Path) -> Path | None:
        if raw.get(name) is None:
            return None
        path = Path(str(raw[name])).expanduser()
        path = path if path.is_absolute() else base / path
        if not path.is_file():
            self.error(key + (name,), f"'{name}': no such file {path}",
                       fix="give the full path of a readable file")
        return path

    def addresses(self, key: Key, value: Any) -> tuple[str, ...]:
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list):
            self.error(key, f"'{key[-1]}' must be an address or a list of addresses")
            return ()
        out = []
        for i, v in enumerate(values):
            try:
                out.append(normalise_address(validate_email(str(v), check_deliverability=False,
                                                            allow_smtputf8=True).normalized))
            except EmailNotValidError as exc:
                self.error(key + (i,), f"'{v}' is not a valid e-mail address: {exc}")
        return tuple(out)


def load_service_settings(config: Config) -> ServiceSettings:
    """Validate the relay, quarantine and notify sections; raise every problem at once."""
    reader = _Reader(config.policy)
    relay = _relay(reader, config.directory)
    quarantine = _quarantine(reader)
    notify = _notify(reader, config)
    web = _web(reader, config.directory)
    if reader.errors:
        raise reader.errors[0] if len(reader.errors) == 1 else ConfigErrors(reader.errors)
    return ServiceSettings(relay=relay, quarantine=quarantine, notify=notify, web=web)


def _relay(r: _Reader, base: Path) -> RelaySettings:
    key: Key = ("relay",)
    raw = r.block(key, ("listen", "upstream", "hostname", "allowed_networks", "max_message_size",
                        "max_recipients", "timeouts", "tls", "inspect_threads", "processes", "cpu_affinity"))
    up = r.block(key + ("upstream",), ("address", "tls", "verify", "ca_file", "username", "password_file",
                                       "pool_size")) if isinstance(raw.get("upstream"), dict) else {}
    upstream_address = raw.get("upstream") if isinstance(raw.get("upstream"), str) else up.get("address")
    timeouts = r.block(key + ("timeouts",), ("client", "upstream", "inspect", "shutdown"))
    tkey = key + ("timeouts",)
    upkey = key + ("upstream",)
    tls_mode = str(up.get("tls", "none")).lower()
    if tls_mode not in ("none", "starttls", "tls"):
        r.error(upkey + ("tls",), f"unknown upstream tls mode '{up.get('tls')}'",
                fix="use none (plain, e.g. a local Postfix), starttls (port 587/25) or tls (port 465)")
        tls_mode = "none"
    username = up.get("username")
    password_file = r.file(upkey, up, "password_file", base)
    if (username is None) != (password_file is None):
        r.error(upkey, "upstream authentication needs both 'username' and 'password_file'",
                fix="put the password alone in a file readable only by the mailguard user")
    if username is not None and tls_mode == "none":
        r.error(upkey + ("username",), "refusing to send an upstream password without TLS",
                fix="set upstream tls: starttls (or tls for port 465)")
    upstream = UpstreamSettings(
        address=_upstream_address(r, upkey, upstream_address),
        tls=tls_mode,  # type: ignore[arg-type]
        verify=r.boolean(upkey, up, "verify", True),
        ca_file=r.file(upkey, up, "ca_file", base),
        username=str(username) if username is not None else None,
        password_file=password_file,
        pool_size=r.positive_int(upkey, up, "pool_size", 8),
        timeout=r.convert(tkey, timeouts, "upstream", parse_duration, 60.0),
    )
    networks: list[Network] = []
    raw_networks = raw.get("allowed_networks", None)
    if raw_networks is None:
        networks = list(LOOPBACK)
    elif not isinstance(raw_networks, list) or not raw_networks:
        r.error(key + ("allowed_networks",), "'allowed_networks' must list at least one network",
                fix="e.g. allowed_networks: [127.0.0.0/8, ::1/128, 192.0.2.10/32]")
    else:
        for i, net in enumerate(raw_networks):
            try:
                networks.append(ipaddress.ip_network(str(net), strict=False))
            except ValueError as exc:
                r.error(key + ("allowed_networks", i), f"'{net}' is not a network: {exc}",
                        fix="write an address or CIDR block, e.g. 192.0.2.10 or 192.0.2.0/24")
    for i, net in enumerate(networks):
        if net.prefixlen == 0:
            r.error(key + ("allowed_networks", i), f"'{net}' allows the whole internet: that is an open relay",
                    fix="list only your mail server's address or network")
    tls = None
    raw_tls = r.block(key + ("tls",), ("certificate", "key", "required"))
    if raw_tls:
        cert = r.file(key + ("tls",), raw_tls, "certificate", base)
        tls_key = r.file(key + ("tls",), raw_tls, "key", base)
        if cert is None or tls_key is None:
            r.error(key + ("tls",), "listener TLS needs both 'certificate' and 'key' (PEM files)")
        else:
            tls = ListenerTls(cert, tls_key, r.boolean(key + ("tls",), raw_tls, "required", False))
    hostname = raw.get("hostname")
    max_size = r.convert(key, raw, "max_message_size", parse_size, 25 * MiB)
    if max_size < 1024:
        r.error(key + ("max_message_size",), f"max_message_size {max_size} bytes is too small for any e-mail",
                fix="e.g. 25MB")
    return RelaySettings(
        listen=r.convert(key, raw, "listen", parse_host_port, None),
        upstream=upstream,
        hostname=str(hostname) if hostname else None,
        allowed_networks=tuple(networks) or LOOPBACK,
        max_message_size=max_size,
        max_recipients=r.positive_int(key, raw, "max_recipients", 100),
        client_timeout=r.convert(tkey, timeouts, "client", parse_duration, 300.0),
        inspect_timeout=r.convert(tkey, timeouts, "inspect", parse_duration, 20.0),
        shutdown_grace=r.convert(tkey, timeouts, "shutdown", parse_duration, 30.0),
        inspect_threads=r.positive_int(key, raw, "inspect_threads", 2),
        processes=r.positive_int(key, raw, "processes", 1),
        cpu_affinity=r.convert(key, raw, "cpu_affinity", parse_cpu_affinity, "auto"),
        tls=tls,
    )


def _upstream_address(r: _Reader, key: Key, value: Any) -> HostPort | None:
    if value is None:
        return None
    try:
        return parse_host_port(str(value))
    except ValueError as exc:
        r.error(key, f"relay upstream: {exc}", fix="e.g. upstream: 127.0.0.1:10026 (your mail server)")
        return None


def _quarantine(r: _Reader) -> QuarantineSettings:
    key: Key = ("quarantine",)
    raw = r.block(key, ("remind_after", "remind_every", "escalate_after", "escalate_to", "reject_reasons"))
    reasons: dict[str, str] = {}
    raw_reasons = raw.get("reject_reasons") or {}
    if not isinstance(raw_reasons, dict):
        r.error(key + ("reject_reasons",), "'reject_reasons' must map a short name to the reason's text",
                fix="e.g.\n  reject_reasons:\n    confidential: The e-mail contains confidential material.")
    else:
        for name, text in raw_reasons.items():
            if not isinstance(text, str) or not text.strip():
                r.error(key + ("reject_reasons", name), f"reject reason '{name}' needs its text")
            else:
                reasons[str(name)] = " ".join(text.split())
    escalate_to: tuple[str, ...] = ()
    if raw.get("escalate_to") not in (None, "chair"):
        escalate_to = r.addresses(key + ("escalate_to",), raw["escalate_to"])
    return QuarantineSettings(
        remind_after=r.convert(key, raw, "remind_after", parse_duration, 24 * 3600.0),
        remind_every=r.convert(key, raw, "remind_every", parse_duration, 24 * 3600.0),
        escalate_after=r.convert(key, raw, "escalate_after", parse_duration, None),
        escalate_to=escalate_to,
        reject_reasons=reasons,
    )


def _notify(r: _Reader, config: Config) -> NotifySettings:
    key: Key = ("notify",)
    raw = r.block(key, ("enabled", "from", "clerk", "chair", "warn_sender", "templates"))
    council = config.council
    clerks = [p for p in council.people if p.role == "clerk"]
    chairs = [p for p in council.people if "chair" in p.offices]
    default_from = f"mailguard@{council.domains[0]}" if council.domains else ""
    sender = r.addresses(key + ("from",), raw["from"])[:1] if raw.get("from") is not None else ()
    clerk = (r.addresses(key + ("clerk",), raw["clerk"]) if raw.get("clerk") is not None
             else tuple(p.addresses[0] for p in clerks))
    chair = (r.addresses(key + ("chair",), raw["chair"]) if raw.get("chair") is not None
             else tuple(p.addresses[0] for p in chairs))
    templates = config.directory / "templates"
    if raw.get("templates") is not None:
        templates = Path(str(raw["templates"])).expanduser()
        templates = templates if templates.is_absolute() else config.directory / templates
        if not templates.is_dir():
            r.error(key + ("templates",), f"no such folder {templates}",
                    fix="copy src/mailguard/templates/ there and edit the copies")
    enabled = r.boolean(key, raw, "enabled", True)
    if enabled and not clerk:
        r.error(key, "notices are on but nobody is the clerk",
                fix="give a person 'role: clerk' in council.yaml, or set notify: clerk: [address]")
    return NotifySettings(enabled=enabled, sender=sender[0] if sender else default_from, clerk=clerk, chair=chair,
                          warn_sender=r.boolean(key, raw, "warn_sender", True),
                          templates=templates if templates.is_dir() else None)


def _web(r: _Reader, base: Path) -> WebSettings:
    key: Key = ("web",)
    raw = r.block(key, ("listen", "users", "idle_timeout", "max_session", "https_proxy", "tls", "url_prefix",
                        "timezone"))
    users: dict[str, PasswordHash] = {}
    raw_users = raw.get("users") or {}
    if not isinstance(raw_users, dict):
        r.error(key + ("users",), "'users' must map each reviewer's name to a password hash",
                fix="run `mailguard web hash-password --user NAME` and paste the line it prints under users:")
        raw_users = {}
    for name, value in raw_users.items():
        if not USERNAME.match(str(name)):
            r.error(key + ("users", name), f"'{name}' is not a usable reviewer name",
                    fix="letters, digits and . _ @ - only, at most 64 characters, e.g. jane.doe")
            continue
        if str(name).lower() in (u.lower() for u in users):
            r.error(key + ("users", name), f"reviewer '{name}' is listed twice (names ignore capitals)")
            continue
        try:
            users[str(name)] = parse_hash(str(value))
        except BadHash as exc:
            r.error(key + ("users", name), f"reviewer '{name}': {exc}",
                    fix="run `mailguard web hash-password` and paste the hash it prints")
    tls = None
    raw_tls = r.block(key + ("tls",), ("certificate", "key"))
    if raw_tls:
        cert = r.file(key + ("tls",), raw_tls, "certificate", base)
        tls_key = r.file(key + ("tls",), raw_tls, "key", base)
        if cert is None or tls_key is None:
            r.error(key + ("tls",), "HTTPS for the review page needs 'certificate' and 'key' (PEM files)")
        else:
            tls = WebTls(cert, tls_key)
    prefix = str(raw.get("url_prefix") or "").rstrip("/")
    if prefix and not re.fullmatch(r"(/[A-Za-z0-9._~-]+)+", prefix):
        r.error(key + ("url_prefix",), f"url_prefix '{raw.get('url_prefix')}' is not a path like /mailguard")
        prefix = ""
    zone = str(raw.get("timezone") or "Europe/London")
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        if raw.get("timezone") is not None:
            r.error(key + ("timezone",), f"unknown time zone '{zone}'", fix="e.g. Europe/London or UTC")
        zone = "UTC"
    idle = r.convert(key, raw, "idle_timeout", parse_duration, 1800.0)
    settings = WebSettings(
        listen=r.convert(key, raw, "listen", parse_host_port, DEFAULT_WEB_LISTEN),
        users=users, idle_timeout=idle,
        max_session=r.convert(key, raw, "max_session", parse_duration, 12 * 3600.0),
        https_proxy=r.boolean(key, raw, "https_proxy", False),
        tls=tls, url_prefix=prefix, timezone=zone)
    if idle < 60 or settings.max_session < idle:
        r.error(key + ("idle_timeout",), "idle_timeout must be at least 1m and no longer than max_session")
    problem = web_listen_problem(settings, settings.listen)
    if problem is not None:
        r.error(key + ("listen",), problem)
    return settings


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def web_listen_problem(settings: WebSettings, listen: HostPort) -> str | None:
    """Why the page must not listen there (passwords over plain HTTP on a network), or None."""
    if is_loopback(listen.host) or settings.secure:
        return None
    return (f"the review page would take passwords over plain HTTP on {listen}; listen on 127.0.0.1 behind a "
            f"reverse proxy with HTTPS (and set web: https_proxy: true), or give web: tls: a certificate")


def with_overrides(settings: RelaySettings, **changes: Any) -> RelaySettings:
    """The relay settings with command-line flags applied (flags win over policy.yaml)."""
    upstream_changes = {k[len("upstream_"):]: v for k, v in changes.items()
                        if k.startswith("upstream_") and v is not None}
    relay_changes = {k: v for k, v in changes.items() if not k.startswith("upstream_") and v is not None}
    return replace(settings, upstream=replace(settings.upstream, **upstream_changes), **relay_changes)
