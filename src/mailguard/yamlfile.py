"""YAML with line numbers, so every config error can say "file, line N".

PyYAML's constructors throw positions away; composing the node graph ourselves keeps them. Values are
plain dicts/lists/scalars plus a side table ``lines`` from a key path (``("people", 2, "role")``) to the
1-based line where that value starts. Duplicate keys, which YAML silently collapses, are errors here:
in a council directory a duplicated ``role:`` is always a mistake.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mailguard.errors import ConfigError

Key = tuple[Any, ...]


@dataclass
class YamlDoc:
    path: Path
    data: Any
    lines: dict[Key, int] = field(default_factory=dict)

    def line(self, key: Key) -> int | None:
        """The line of ``key``, or of its nearest ancestor we know."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), None)

    def error(self, key: Key, what: str, fix: str | None = None) -> ConfigError:
        return ConfigError(what, path=self.path, line=self.line(key), fix=fix)


def load_yaml(path: Path) -> YamlDoc:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError("file not found", path=path,
                          fix="check the --config directory; see config/example/ for a template") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", path=path,
                          fix="save the file as UTF-8 (most editors offer this under 'Save as')") from exc
    except OSError as exc:
        raise ConfigError(f"cannot read the file: {exc.strerror}", path=path) from exc
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise ConfigError(f"YAML syntax error: {problem}", path=path, line=line,
                          fix="check indentation (spaces, not tabs) and that every 'key: value' has a "
                              "space after the colon; quote values containing ':' or '#'") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"YAML syntax error: {exc}", path=path) from exc
    doc = YamlDoc(path=path, data=None)
    if node is None:
        doc.data = None
        return doc
    doc.data = _convert(node, (), doc)
    return doc


def _convert(node: yaml.Node, key: Key, doc: YamlDoc) -> Any:
    doc.lines.setdefault(key, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for knode, vnode in node.value:
            k = _scalar(knode, doc)
            if k in out:
                raise ConfigError(f"the key '{k}' appears twice in the same block",
                                  path=doc.path, line=knode.start_mark.line + 1,
                                  fix="delete or merge one of the two entries")
            doc.lines[key + (k,)] = knode.start_mark.line + 1
            out[k] = _convert(vnode, key + (k,), doc)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, key + (i,), doc) for i, item in enumerate(node.value)]
    return _scalar(node, doc)


def _scalar(node: yaml.Node, doc: YamlDoc) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        raise ConfigError("a list or mapping cannot be used as a key", path=doc.path,
                          line=node.start_mark.line + 1)
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        raise ConfigError(f"cannot read this value: {exc.problem}", path=doc.path,
                          line=node.start_mark.line + 1) from exc
    finally:
        loader.dispose()
