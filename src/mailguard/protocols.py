"""Protocol packs: each council's own protocol, clause by clause, mapped to rules.

Councils adopt their own protocol, numbered their own way; a clerk reading a finding wants the
clause of the document their council approved. A pack (``<name>.yaml``) says, for each rule, which
clause it enforces (the citation shown in every finding), the clause's words, a plain-English
sentence added to every finding, the default action, the rule's configured exceptions, and whether
the protocol has such a clause at all (where it has not, the rule is advisory: it only warns, and
the citation names the model protocol text it comes from). It also lists the correspondence clauses
no rule can check by reading mail, with why, so the docs table is complete.

Packs are looked up in ``<config dir>/protocols/`` (a council's own edited copy), then in the
bundled ``config/protocols/`` shipped with mailguard. The schema is documented in
``docs/protocols.md``; every mistake is reported with file and line, all at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mailguard.config import action_value
from mailguard.errors import ConfigError, ConfigErrors
from mailguard.yamlfile import Key, YamlDoc, load_yaml

if TYPE_CHECKING:
    from mailguard.config import RuleSetting
    from mailguard.rules.base import Rule

DEFAULT_PROTOCOL = "leigh-on-sea"
BUNDLED_DIR = Path(__file__).resolve().parent / "packs"

PACK_KEYS = ("id", "title", "document", "rules", "not_enforced")
RULE_KEYS = ("clause", "text", "explanation", "action", "advisory", "options")
NOT_ENFORCED_KEYS = ("clause", "text", "why")
#: An advisory rule (no such clause in this protocol) may only warn, or be switched off.
ADVISORY_ACTIONS = ("warn", "off")


@dataclass(frozen=True)
class PackRule:
    clause: str                    # "Leigh-on-Sea protocol §6 Correspondence, para 2"
    text: str = ""                 # the clause's own words
    action: str | None = None      # the pack's default action for this rule
    advisory: bool = False         # the protocol has no such clause; the rule only warns
    explanation: str = ""          # added to every finding: this council's clause in plain English
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class UnenforcedClause:
    """A correspondence clause that reading mail cannot check, and why (for the docs table)."""

    clause: str
    why: str
    text: str = ""


@dataclass(frozen=True)
class ProtocolPack:
    id: str
    title: str
    rules: Mapping[str, PackRule] = field(default_factory=dict)
    source: Path | None = None
    document: str = ""
    not_enforced: tuple[UnenforcedClause, ...] = ()

    def clause(self, rule_id: str, fallback: str) -> str:
        rule = self.rules.get(rule_id)
        return rule.clause if rule is not None else fallback

    def explanation(self, rule_id: str) -> str:
        rule = self.rules.get(rule_id)
        return rule.explanation if rule is not None else ""


def citation(rule: Rule, setting: RuleSetting, pack: ProtocolPack) -> str:
    """The clause a finding cites: policy.yaml's override, else the pack's, else the model text."""
    return setting.clause or pack.clause(rule.id, f"Model protocol, {rule.enforces}")


def note(rule: Rule, setting: RuleSetting, pack: ProtocolPack) -> str:
    """The sentence added to every finding of ``rule``: policy.yaml's override, else the pack's."""
    text = setting.explanation if setting.explanation is not None else pack.explanation(rule.id)
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text + "."


def search_dirs(config_dir: Path | None) -> list[Path]:
    dirs = []
    if config_dir is not None:
        dirs.append(Path(config_dir) / "protocols")
    dirs.append(BUNDLED_DIR)
    return dirs


def available_protocols(config_dir: Path | None = None) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for d in reversed(search_dirs(config_dir)):  # a council's own copy wins over the bundled one
        if d.is_dir():
            for path in sorted(d.glob("*.yaml")):
                found[path.stem] = path
    return found


def load_protocol(name: str, config_dir: Path | None = None) -> ProtocolPack:
    packs = available_protocols(config_dir)
    if name not in packs:
        raise ConfigError(f"unknown protocol pack '{name}'",
                          fix=f"use one of: {', '.join(sorted(packs))}, or copy one into "
                              f"{Path(config_dir or '.') / 'protocols'}/ and edit it (see docs/protocols.md)")
    return load_pack(packs[name])


@lru_cache(maxsize=32)
def load_pack(path: Path) -> ProtocolPack:
    """Read and validate one pack file; every problem is reported, each with its line."""
    doc = load_yaml(path)
    data = doc.data
    if not isinstance(data, dict):
        raise doc.error((), "a protocol pack must be a block with id, title and rules",
                        fix="start from a copy of one of the bundled packs in config/protocols/")
    errors: list[ConfigError] = []
    _unknown(doc, (), data, PACK_KEYS, "a pack", errors)
    pack_id = _text(doc, ("id",), data.get("id"), errors, required=True) or path.stem
    if pack_id != path.stem:
        errors.append(doc.error(("id",), f"the pack id '{pack_id}' does not match its file name '{path.name}'",
                                fix=f"set id: {path.stem}, or rename the file to {pack_id}.yaml"))
    title = _text(doc, ("title",), data.get("title"), errors, required=True) or path.stem
    document = _text(doc, ("document",), data.get("document"), errors) or ""
    raw_rules = data.get("rules")
    rules: dict[str, PackRule] = {}
    if not isinstance(raw_rules, dict) or not raw_rules:
        errors.append(doc.error(("rules",) if "rules" in data else (),
                                "'rules' must map rule ids to clauses",
                                fix="e.g.\nrules:\n  silent-bcc:\n    clause: Our protocol §6 Correspondence"))
    else:
        for rule_id, raw in raw_rules.items():
            entry = _pack_rule(doc, str(rule_id), raw, errors)
            if entry is not None:
                rules[str(rule_id)] = entry
    not_enforced = _not_enforced(doc, data.get("not_enforced"), errors)
    if errors:
        raise errors[0] if len(errors) == 1 else ConfigErrors(errors)
    return ProtocolPack(id=pack_id, title=title, rules=rules, source=path, document=document,
                        not_enforced=not_enforced)


def _pack_rule(doc: YamlDoc, rule_id: str, raw: Any, errors: list[ConfigError]) -> PackRule | None:
    from mailguard.rules import RULES  # noqa: PLC0415  (rules import config, which imports this module)

    key: Key = ("rules", rule_id)
    rule = RULES.get(rule_id)
    if rule is None:
        errors.append(doc.error(key, f"unknown rule '{rule_id}'", fix=f"known rules: {', '.join(RULES)}"))
        return None
    if not isinstance(raw, dict):
        errors.append(doc.error(key, f"rule '{rule_id}' must be a block with at least a 'clause:' citation"))
        return None
    n_errors = len(errors)
    _unknown(doc, key, raw, RULE_KEYS, f"rule '{rule_id}'", errors)
    clause = _text(doc, key + ("clause",), raw.get("clause"), errors, required=True,
                   missing=f"rule '{rule_id}' needs a 'clause:' citation (the clause findings cite)")
    text = _text(doc, key + ("text",), raw.get("text"), errors) or ""
    explanation = _text(doc, key + ("explanation",), raw.get("explanation"), errors) or ""
    advisory = raw.get("advisory", False)
    if not isinstance(advisory, bool):
        errors.append(doc.error(key + ("advisory",), "'advisory' must be true or false"))
        advisory = False
    action = raw.get("action")
    if action is not None:
        action = action_value(action)
        allowed = ADVISORY_ACTIONS if advisory else rule.actions
        if action not in allowed:
            why = " (an advisory rule only warns)" if advisory and action in rule.actions else ""
            errors.append(doc.error(key + ("action",), f"'{action}' is not an action for rule '{rule_id}'{why}",
                                    fix=f"use one of: {', '.join(allowed)}"))
    if advisory and not explanation:
        errors.append(doc.error(key, f"advisory rule '{rule_id}' needs an 'explanation:'",
                                fix="say that this protocol has no such clause and name the model text it comes "
                                    "from, e.g. 'Advisory: ... follows the model protocol (Leigh-on-Sea §6).'"))
    options = raw.get("options", {}) or {}
    if not isinstance(options, dict):
        errors.append(doc.error(key + ("options",), "'options' must be a block of option: value"))
        options = {}
    else:
        check_rule_options(doc, key + ("options",), rule, options, errors)
    if len(errors) > n_errors or clause is None:
        return None
    return PackRule(clause=clause, text=text, action=action, advisory=advisory, explanation=explanation,
                    options=dict(options))


def check_rule_options(doc: YamlDoc, key: Key, rule: Rule, options: Mapping[str, Any],
                       errors: list[ConfigError]) -> None:
    """Option names against the rule's list, values by the rule itself; each problem with its line."""
    for name in options:
        if name not in rule.options:
            allowed = ", ".join(rule.options) if rule.options else "none (this rule has no options)"
            errors.append(doc.error(key + (name,), f"unknown option '{name}' for rule '{rule.id}'",
                                    fix=f"options for {rule.id}: {allowed}"))
    known = {k: v for k, v in options.items() if k in rule.options}
    for problem in rule.validate_options(known):
        label = ".".join(str(k) for k in problem.key)
        errors.append(doc.error(key + problem.key, f"option {label} of rule '{rule.id}': {problem.what}",
                                fix=problem.fix))


def _not_enforced(doc: YamlDoc, raw: Any, errors: list[ConfigError]) -> tuple[UnenforcedClause, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        errors.append(doc.error(("not_enforced",), "'not_enforced' must be a list of clauses with 'why'"))
        return ()
    out = []
    for i, entry in enumerate(raw):
        key: Key = ("not_enforced", i)
        if not isinstance(entry, dict):
            errors.append(doc.error(key, "each entry needs 'clause:' and 'why:'"))
            continue
        _unknown(doc, key, entry, NOT_ENFORCED_KEYS, "a not_enforced entry", errors)
        clause = _text(doc, key + ("clause",), entry.get("clause"), errors, required=True,
                       missing="this entry needs a 'clause:' citation")
        why = _text(doc, key + ("why",), entry.get("why"), errors, required=True,
                    missing="this entry needs 'why:' (why reading mail cannot check the clause)")
        text = _text(doc, key + ("text",), entry.get("text"), errors) or ""
        if clause and why:
            out.append(UnenforcedClause(clause=clause, why=why, text=text))
    return tuple(out)


def _unknown(doc: YamlDoc, key: Key, data: Mapping[str, Any], allowed: tuple[str, ...], where: str,
             errors: list[ConfigError]) -> None:
    for k in data:
        if k not in allowed:
            errors.append(doc.error(key + (k,), f"unknown setting '{k}' in {where}",
                                    fix=f"allowed here: {', '.join(allowed)}"))


def _text(doc: YamlDoc, key: Key, value: Any, errors: list[ConfigError], *, required: bool = False,
          missing: str | None = None) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors.append(doc.error(key, missing or f"'{key[-1]}' is required and must not be empty"))
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        errors.append(doc.error(key, f"'{key[-1]}' must be text"))
        return None
    return " ".join(str(value).split())
