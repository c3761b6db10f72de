"""Rule options: the exceptions a council configures, checked when the pack or policy is loaded.

A protocol's rules come with exceptions ("the chair, writing to a Government Minister"; "Cabinet
Members may instruct officers below Director level"). Those are data, not code: a pack or
``policy.yaml`` lists them under the rule, and a mistake in them is a configuration error with file
and line, reported before the first message is read, never a surprise when one arrives.

Option values are plain YAML (lists, strings, numbers). Each rule declares the option names it
accepts and checks their values with the helpers here, which return :class:`OptionProblem`s (the
loader turns each into a ``ConfigError`` pointing at the offending line).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, get_args

from mailguard.config import Office

Key = tuple[Any, ...]
OFFICES: tuple[str, ...] = get_args(Office)

_DOMAIN_PATTERN = re.compile(r"^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9-]+\.[a-z]{2,63}$")
_ADDRESS_GLOB = re.compile(r"^[a-z0-9.*+'_-]+@[a-z0-9.*-]+$")


@dataclass(frozen=True)
class OptionProblem:
    """One wrong option value: where under the rule's block, what is wrong, how to fix it."""

    key: Key
    what: str
    fix: str | None = None


@dataclass(frozen=True)
class Exemption:
    """A configured exception: councillors holding one of ``offices`` writing only to ``domains``.

    An empty ``offices`` means any councillor; an empty ``domains`` means any recipient. ``why`` is
    shown in ``mailguard rules`` and the docs (e.g. "representations to a Government Minister").
    """

    offices: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    why: str = ""

    def describe(self) -> str:
        """"chair writing to *.gov.uk or parliament.uk", for evidence and ``mailguard rules``."""
        who = " or ".join(self.offices) if self.offices else "any councillor"
        return f"{who} writing to {' or '.join(self.domains)}" if self.domains else f"{who} writing to anyone"

    def covers(self, offices_held: Iterable[str], recipient_domains: Sequence[str]) -> bool:
        if self.offices and not set(self.offices) & set(offices_held):
            return False
        if self.domains and not (recipient_domains and
                                 all(domain_matches(d, self.domains) for d in recipient_domains)):
            return False
        return True


def domain_matches(domain: str, patterns: Iterable[str]) -> bool:
    """``parliament.uk`` and ``*.parliament.uk`` both match the domain itself and its subdomains."""
    domain = domain.lower().strip(".")
    for pattern in patterns:
        base = pattern.lower().removeprefix("*.")
        if domain == base or domain.endswith("." + base):
            return True
    return False


def address_matches(address: str, globs: Iterable[str]) -> bool:
    """Shell-style globs over the address: ``monitoring*@*``, ``*@slcc.co.uk``."""
    address = address.lower()
    return any(fnmatch.fnmatchcase(address, glob.lower()) for glob in globs)


# ----------------------------------------------------------------------------- checks

def check_offices(value: Any, key: Key) -> list[OptionProblem]:
    if not isinstance(value, list) or not value:
        return [OptionProblem(key, "must be a list of offices", f"e.g. [chair]; offices: {', '.join(OFFICES)}")]
    return [OptionProblem(key + (i,), f"unknown office '{v}'", f"use one of: {', '.join(OFFICES)}")
            for i, v in enumerate(value) if str(v).strip().lower() not in OFFICES]


def check_domains(value: Any, key: Key) -> list[OptionProblem]:
    if not isinstance(value, list) or not value:
        return [OptionProblem(key, "must be a list of mail domains", "e.g. ['*.gov.uk', parliament.uk]")]
    return [OptionProblem(key + (i,), f"'{v}' is not a mail domain or '*.domain' pattern",
                          "write the part after the @, e.g. parliament.uk or '*.gov.uk' (quote a leading *)")
            for i, v in enumerate(value) if not _DOMAIN_PATTERN.match(str(v).strip().lower())]


def check_address_globs(value: Any, key: Key) -> list[OptionProblem]:
    if not isinstance(value, list):
        return [OptionProblem(key, "must be a list of address patterns", "e.g. ['monitoring*@*', '*@slcc.co.uk']")]
    return [OptionProblem(key + (i,), f"'{v}' is not an address pattern",
                          "write name@domain with * as a wildcard, e.g. '*@slcc.co.uk' (quote a leading *)")
            for i, v in enumerate(value) if not _ADDRESS_GLOB.match(str(v).strip().lower())]


def check_bool(value: Any, key: Key) -> list[OptionProblem]:
    return [] if isinstance(value, bool) else [OptionProblem(key, "must be true or false")]


def check_int(value: Any, key: Key, minimum: int) -> list[OptionProblem]:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        return [OptionProblem(key, f"must be a whole number of at least {minimum}")]
    return []


def check_exemptions(value: Any, key: Key) -> list[OptionProblem]:
    """``exceptions: [{offices: [chair], domains: ['*.gov.uk'], why: ...}, ...]``."""
    if not isinstance(value, list):
        return [OptionProblem(key, "must be a list of exceptions",
                              "e.g.\n  exceptions:\n    - offices: [chair]\n      domains: ['*.gov.uk']")]
    problems: list[OptionProblem] = []
    for i, entry in enumerate(value):
        here = key + (i,)
        if not isinstance(entry, dict):
            problems.append(OptionProblem(here, "each exception must be a block with offices and/or domains"))
            continue
        for k in entry:
            if k not in ("offices", "domains", "why"):
                problems.append(OptionProblem(here + (k,), f"unknown setting '{k}' in an exception",
                                              "allowed here: offices, domains, why"))
        if "offices" not in entry and "domains" not in entry:
            problems.append(OptionProblem(here, "an exception needs 'offices', 'domains' or both",
                                          "without either it would exempt every councillor writing to anyone"))
        if "offices" in entry:
            problems.extend(check_offices(entry["offices"], here + ("offices",)))
        if "domains" in entry:
            problems.extend(check_domains(entry["domains"], here + ("domains",)))
    return problems


# ----------------------------------------------------------------------------- typed reads

def exemptions(options: Mapping[str, Any]) -> tuple[Exemption, ...]:
    out = []
    for entry in options.get("exceptions") or ():
        out.append(Exemption(offices=tuple(str(o).strip().lower() for o in entry.get("offices") or ()),
                             domains=tuple(str(d).strip().lower() for d in entry.get("domains") or ()),
                             why=str(entry.get("why", "")).strip()))
    return tuple(out)


def str_list(options: Mapping[str, Any], name: str) -> tuple[str, ...]:
    return tuple(str(v).strip().lower() for v in options.get(name) or ())
