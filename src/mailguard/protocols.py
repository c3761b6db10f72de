"""Protocol packs: each council's own protocol, clause by clause, mapped to rules.

Councils adopt their own protocol, numbered their own way; a clerk reading a finding wants the
clause of the document their council approved. A pack (``<name>.yaml``) says, for each rule, which
clause it enforces (the citation shown in every finding), the clause's words, the default action,
and whether the protocol has such a clause at all (where it has not, the rule is advisory and the
citation names the model protocol text it comes from).

Packs are looked up in ``<config dir>/protocols/`` (a council's own edited copy), then in the
bundled ``config/protocols/`` shipped with mailguard.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from mailguard.errors import ConfigError
from mailguard.yamlfile import load_yaml

DEFAULT_PROTOCOL = "leigh-on-sea"
BUNDLED_DIR = Path(__file__).resolve().parent / "packs"


@dataclass(frozen=True)
class PackRule:
    clause: str                    # "Leigh-on-Sea protocol §6 Correspondence"
    text: str = ""                 # the clause's own words
    action: str | None = None      # the pack's default action for this rule
    advisory: bool = False         # the protocol has no such clause; the rule only warns


@dataclass(frozen=True)
class ProtocolPack:
    id: str
    title: str
    rules: Mapping[str, PackRule] = field(default_factory=dict)
    source: Path | None = None

    def clause(self, rule_id: str, fallback: str) -> str:
        rule = self.rules.get(rule_id)
        return rule.clause if rule is not None else fallback


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
                              f"{Path(config_dir or '.') / 'protocols'}/ and edit it")
    return _load_pack(packs[name])


@lru_cache(maxsize=32)
def _load_pack(path: Path) -> ProtocolPack:
    from mailguard.rules import RULES  # noqa: PLC0415

    doc = load_yaml(path)
    data = doc.data
    if not isinstance(data, dict):
        raise doc.error((), "a protocol pack must be a block with id, title and rules")
    rules: dict[str, PackRule] = {}
    raw_rules = data.get("rules") or {}
    if not isinstance(raw_rules, dict):
        raise doc.error(("rules",), "'rules' must map rule ids to clauses")
    for rule_id, raw in raw_rules.items():
        key = ("rules", rule_id)
        if rule_id not in RULES:
            raise doc.error(key, f"unknown rule '{rule_id}'", fix=f"known rules: {', '.join(RULES)}")
        if not isinstance(raw, dict) or not raw.get("clause"):
            raise doc.error(key, f"rule '{rule_id}' needs at least a 'clause:' citation")
        action = raw.get("action")
        if action is not None and action not in RULES[rule_id].actions:
            raise doc.error(key + ("action",), f"'{action}' is not an action for rule '{rule_id}'",
                            fix=f"use one of: {', '.join(RULES[rule_id].actions)}")
        rules[rule_id] = PackRule(clause=str(raw["clause"]).strip(), text=str(raw.get("text", "")).strip(),
                                  action=action, advisory=bool(raw.get("advisory", False)))
    return ProtocolPack(id=str(data.get("id", path.stem)), title=str(data.get("title", path.stem)),
                        rules=rules, source=path)
