"""The council directory (``council.yaml``) and the policy (``policy.yaml``), validated at load.

Both files are read once into frozen dataclasses and passed around explicitly; nothing reads config
behind the caller's back. Every problem is reported with file and line and a fix, all at once, so a
clerk editing the directory by hand can correct it in one go.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from email_validator import EmailNotValidError, validate_email

from mailguard.errors import ConfigError, ConfigErrors
from mailguard.yamlfile import Key, YamlDoc, load_yaml

Role = Literal["clerk", "officer", "councillor", "adviser"]
Office = Literal["chair", "vice-chair", "committee-chair", "leader", "cabinet-member"]
Action = Literal["warn", "quarantine", "block", "fix", "off"]
Mode = Literal["enforce", "dry-run"]

ROLES: tuple[str, ...] = get_args(Role)
OFFICES: tuple[str, ...] = get_args(Office)
MODES: tuple[str, ...] = get_args(Mode)
#: Severity order: the most severe action among a message's findings is the verdict.
ACTION_SEVERITY: Mapping[str, int] = {"off": -1, "pass": 0, "warn": 1, "fix": 2, "quarantine": 3, "block": 4}

_DOMAIN_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


@dataclass(frozen=True)
class Person:
    name: str
    role: Role
    addresses: tuple[str, ...]
    offices: tuple[Office, ...] = ()
    aliases: tuple[str, ...] = ()

    @property
    def is_officer(self) -> bool:
        """The clerk is the Proper Officer; both write as officers under the protocol."""
        return self.role in ("clerk", "officer")

    @property
    def is_councillor(self) -> bool:
        return self.role == "councillor"

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Council:
    name: str
    domains: tuple[str, ...]
    people: tuple[Person, ...]
    source: Path | None = None


@dataclass(frozen=True)
class RuleSetting:
    """A rule's effective setting: the pack's defaults with policy.yaml's overrides applied."""

    action: Action
    fail_open: bool = False
    options: Mapping[str, Any] = field(default_factory=dict)
    clause: str | None = None          # policy.yaml's own citation, replacing the pack's
    explanation: str | None = None     # policy.yaml's own sentence, replacing the pack's


@dataclass(frozen=True)
class Policy:
    mode: Mode
    rules: Mapping[str, RuleSetting]
    protocol: str
    sections: Mapping[str, Any] = field(default_factory=dict)
    source: Path | None = None
    lines: Mapping[Key, int] = field(default_factory=dict)

    def setting(self, rule_id: str) -> RuleSetting:
        return self.rules[rule_id]


@dataclass(frozen=True)
class Config:
    directory: Path
    council: Council
    policy: Policy


def action_value(value: Any) -> str:
    """An action as written in YAML. ``action: off`` unquoted is YAML 1.1's boolean false: it means off."""
    if value is False:
        return "off"
    return str(value).strip().lower()


def normalise_address(address: str) -> str:
    """Lower-case the whole address: councils' mail systems treat local parts case-insensitively."""
    return address.strip().strip("<>").lower()


def load_config(directory: Path) -> Config:
    """Load ``council.yaml`` and ``policy.yaml`` from a council directory."""
    directory = Path(directory)
    if not directory.is_dir():
        raise ConfigError(f"'{directory}' is not a directory",
                          fix="pass --config a folder holding council.yaml (see config/example/)")
    council = load_council(directory / "council.yaml")
    policy_path = directory / "policy.yaml"
    policy = load_policy(policy_path if policy_path.exists() else None, directory)
    return Config(directory=directory, council=council, policy=policy)


# --------------------------------------------------------------------------- council.yaml

def load_council(path: Path) -> Council:
    doc = load_yaml(path)
    errors: list[ConfigError] = []
    data = doc.data
    if not isinstance(data, dict):
        raise doc.error((), "expected 'council:' and 'people:' sections",
                        fix="start from config/example/council.yaml")
    _unknown_keys(doc, (), data, ("council", "people"), errors)
    council_block = data.get("council")
    name = "Unnamed council"
    domains: list[str] = []
    if not isinstance(council_block, dict):
        errors.append(doc.error(("council",) if "council" in data else (),
                                "missing or invalid 'council:' section (needs 'name' and 'domains')",
                                fix="add\ncouncil:\n  name: <council name>\n  domains: [<your-domain>]"))
    else:
        _unknown_keys(doc, ("council",), council_block, ("name", "domains"), errors)
        name = _required_str(doc, ("council", "name"), council_block.get("name"), errors) or name
        raw_domains = council_block.get("domains", [])
        if isinstance(raw_domains, str):
            raw_domains = [raw_domains]
        if not isinstance(raw_domains, list) or not raw_domains:
            errors.append(doc.error(("council", "domains"), "'domains' must list at least one mail domain",
                                    fix="e.g. domains: [ashfordparva-tc.gov.uk]"))
        else:
            for i, dom in enumerate(raw_domains):
                d = str(dom).strip().lower().lstrip("@")
                if not _DOMAIN_RE.match(d):
                    errors.append(doc.error(("council", "domains", i), f"'{dom}' is not a mail domain",
                                            fix="write just the part after the @, e.g. parish-council.gov.uk"))
                elif d in domains:
                    errors.append(doc.error(("council", "domains", i), f"domain '{d}' is listed twice",
                                            fix="delete one of them"))
                else:
                    domains.append(d)

    people: list[Person] = []
    seen_addresses: dict[str, tuple[str, int | None]] = {}
    raw_people = data.get("people")
    if not isinstance(raw_people, list) or not raw_people:
        errors.append(doc.error(("people",) if "people" in data else (),
                                "missing or empty 'people:' list", fix="list the clerk and every councillor"))
        raw_people = []
    for i, entry in enumerate(raw_people):
        person = _person(doc, ("people", i), entry, seen_addresses, errors)
        if person is not None:
            people.append(person)
    if errors:
        raise errors[0] if len(errors) == 1 else ConfigErrors(errors)
    return Council(name=name, domains=tuple(domains), people=tuple(people), source=path)


def _person(doc: YamlDoc, key: Key, entry: Any, seen: dict[str, tuple[str, int | None]],
            errors: list[ConfigError]) -> Person | None:
    if not isinstance(entry, dict):
        errors.append(doc.error(key, "each person must be a block with name, role and addresses",
                                fix="e.g.\n  - name: Jane Doe\n    role: clerk\n    addresses: [clerk@...]"))
        return None
    n_errors = len(errors)
    _unknown_keys(doc, key, entry, ("name", "role", "addresses", "offices", "aliases"), errors)
    name = _required_str(doc, key + ("name",), entry.get("name"), errors)
    role = entry.get("role")
    if role is None:
        errors.append(doc.error(key, f"{name or 'this person'} has no 'role'",
                                fix=f"add 'role:' with one of: {', '.join(ROLES)}"))
    elif str(role).strip().lower() not in ROLES:
        errors.append(doc.error(key + ("role",), f"unknown role '{role}' for {name or 'this person'}",
                                fix=f"use one of: {', '.join(ROLES)}{_suggest(str(role), ROLES)}"))
    offices = _str_list(doc, key + ("offices",), entry.get("offices", []), errors)
    for j, office in enumerate(offices):
        if office.lower() not in OFFICES:
            errors.append(doc.error(key + ("offices", j), f"unknown office '{office}'",
                                    fix=f"use one of: {', '.join(OFFICES)}{_suggest(office, OFFICES)}"))
    if offices and role is not None and str(role).lower() != "councillor":
        errors.append(doc.error(key + ("offices",), f"{name} holds an office but is not a councillor",
                                fix="offices (chair, vice-chair, ...) are held by councillors only"))
    aliases = _str_list(doc, key + ("aliases",), entry.get("aliases", []), errors)
    raw_addresses = entry.get("addresses")
    if isinstance(raw_addresses, str):
        raw_addresses = [raw_addresses]
    addresses: list[str] = []
    if not isinstance(raw_addresses, list) or not raw_addresses:
        errors.append(doc.error(key, f"{name or 'this person'} has no 'addresses'",
                                fix="add addresses: [name@example.org] (every address they send or read from)"))
    else:
        for j, raw in enumerate(raw_addresses):
            akey = key + ("addresses", j)
            try:
                checked = validate_email(str(raw).strip(), check_deliverability=False,
                                         allow_smtputf8=True)
            except EmailNotValidError as exc:
                errors.append(doc.error(akey, f"'{raw}' is not a valid e-mail address: {exc}",
                                        fix="write the address alone, e.g. jane.doe@example.org"))
                continue
            address = normalise_address(checked.normalized)
            if address in seen:
                owner, line = seen[address]
                errors.append(doc.error(akey, f"address '{address}' is listed twice "
                                              f"(also for {owner}, line {line})",
                                        fix="an address belongs to one person; delete the duplicate"))
                continue
            seen[address] = (name or "?", doc.line(akey))
            addresses.append(address)
    if len(errors) > n_errors or name is None or role is None:
        return None
    return Person(name=name, role=str(role).strip().lower(),  # type: ignore[arg-type]
                  addresses=tuple(addresses), offices=tuple(o.lower() for o in offices),  # type: ignore[misc]
                  aliases=tuple(aliases))


# --------------------------------------------------------------------------- policy.yaml

#: Sections other modules own; validated by them when they start (relay, quarantine, web).
POLICY_SECTIONS = ("relay", "quarantine", "notify", "web", "exceptions")


def load_policy(path: Path | None, config_dir: Path | None = None) -> Policy:
    from mailguard.protocols import DEFAULT_PROTOCOL, available_protocols, check_rule_options  # noqa: PLC0415
    from mailguard.rules import RULES  # noqa: PLC0415  (rules import config types)

    if path is None:
        return Policy(mode="enforce", rules=_default_rules(RULES, DEFAULT_PROTOCOL, config_dir),
                      protocol=DEFAULT_PROTOCOL)
    doc = load_yaml(path)
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        raise doc.error((), "policy.yaml must be a block of settings", fix="see config/example/policy.yaml")
    errors: list[ConfigError] = []
    _unknown_keys(doc, (), data, ("mode", "protocol", "rules", *POLICY_SECTIONS), errors)
    mode = str(data.get("mode", "enforce")).strip().lower()
    if mode not in MODES:
        errors.append(doc.error(("mode",), f"unknown mode '{data.get('mode')}'",
                                fix="use 'enforce' (act on findings) or 'dry-run' (record only)"))
    protocol = str(data.get("protocol", DEFAULT_PROTOCOL)).strip().lower()
    config_dir = config_dir if config_dir is not None else path.parent
    known_protocols = available_protocols(config_dir)
    if protocol not in known_protocols:
        errors.append(doc.error(("protocol",), f"unknown protocol pack '{protocol}'",
                                fix=f"use one of: {', '.join(sorted(known_protocols))}"
                                    f"{_suggest(protocol, tuple(known_protocols))}"))
    rules = _default_rules(RULES, protocol if protocol in known_protocols else DEFAULT_PROTOCOL, config_dir)
    raw_rules = data.get("rules", {}) or {}
    if not isinstance(raw_rules, dict):
        errors.append(doc.error(("rules",), "'rules' must map rule ids to settings",
                                fix="e.g.\nrules:\n  silent-bcc: {action: quarantine}"))
        raw_rules = {}
    for rule_id, raw in raw_rules.items():
        key: Key = ("rules", rule_id)
        rule = RULES.get(str(rule_id))
        if rule is None:
            errors.append(doc.error(key, f"unknown rule '{rule_id}'",
                                    fix=f"known rules: {', '.join(RULES)}{_suggest(str(rule_id), tuple(RULES))}"))
            continue
        if isinstance(raw, str):
            raw = {"action": raw}
        if not isinstance(raw, dict):
            errors.append(doc.error(key, f"settings for '{rule_id}' must be a block like {{action: warn}}"))
            continue
        _unknown_keys(doc, key, raw, ("action", "fail_open", "clause", "explanation", *rule.options), errors)
        action = action_value(raw.get("action", rules[rule.id].action))
        if action not in rule.actions:
            errors.append(doc.error(key + ("action",), f"'{action}' is not an action for rule '{rule_id}'",
                                    fix=f"use one of: {', '.join(rule.actions)}"
                                        f"{_suggest(action, rule.actions)}"))
            continue
        fail_open = raw.get("fail_open", False)
        if not isinstance(fail_open, bool):
            errors.append(doc.error(key + ("fail_open",), "fail_open must be true or false"))
            continue
        overrides = {k: v for k, v in raw.items() if k in rule.options}
        n_errors = len(errors)
        check_rule_options(doc, key, rule, overrides, errors)
        texts = {k: raw[k] for k in ("clause", "explanation") if k in raw}
        for k, v in texts.items():
            if not isinstance(v, str) or (k == "clause" and not v.strip()):
                errors.append(doc.error(key + (k,), f"'{k}' must be text"))
        if len(errors) > n_errors:
            continue
        rules[rule.id] = RuleSetting(
            action=action, fail_open=fail_open,  # type: ignore[arg-type]
            options={**rules[rule.id].options, **overrides},  # policy.yaml wins, option by option
            clause=" ".join(texts["clause"].split()) if "clause" in texts else None,
            explanation=" ".join(texts["explanation"].split()) if "explanation" in texts else None)
    sections = {k: data[k] for k in POLICY_SECTIONS if k in data}
    if errors:
        raise errors[0] if len(errors) == 1 else ConfigErrors(errors)
    return Policy(mode=mode, rules=rules, protocol=protocol, sections=sections,  # type: ignore[arg-type]
                  source=path, lines=doc.lines)


def _default_rules(rules: Mapping[str, Any], protocol: str, config_dir: Path | None) -> dict[str, RuleSetting]:
    """Each rule's setting before policy.yaml overrides it: the pack's action and options.

    A rule the pack marks advisory (the council's protocol has no such clause) only warns, unless
    the pack switches it off.
    """
    from mailguard.protocols import load_protocol  # noqa: PLC0415

    pack = load_protocol(protocol, config_dir)
    out = {}
    for rid, rule in rules.items():
        entry = pack.rules.get(rid)
        action = rule.default_action
        options: Mapping[str, Any] = {}
        if entry is not None:
            options = entry.options
            if entry.action:
                action = entry.action
            elif entry.advisory:
                action = "warn"
        out[rid] = RuleSetting(action=action, options=dict(options))
    return out


# --------------------------------------------------------------------------- helpers

def _unknown_keys(doc: YamlDoc, key: Key, data: Mapping[str, Any], allowed: tuple[str, ...],
                  errors: list[ConfigError]) -> None:
    for k in data:
        if k not in allowed:
            errors.append(doc.error(key + (k,), f"unknown setting '{k}'",
                                    fix=f"allowed here: {', '.join(allowed)}{_suggest(str(k), allowed)}"))


def _required_str(doc: YamlDoc, key: Key, value: Any, errors: list[ConfigError]) -> str | None:
    if value is None or not str(value).strip():
        errors.append(doc.error(key, f"'{key[-1]}' is required and must not be empty"))
        return None
    if not isinstance(value, (str, int, float)):
        errors.append(doc.error(key, f"'{key[-1]}' must be text"))
        return None
    return str(value).strip()


def _str_list(doc: YamlDoc, key: Key, value: Any, errors: list[ConfigError]) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        errors.append(doc.error(key, f"'{key[-1]}' must be a list of text, e.g. [chair]"))
        return []
    return [str(v).strip() for v in value if str(v).strip()]


def _suggest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
