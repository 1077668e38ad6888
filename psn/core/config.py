"""Load, explain and change configuration: defaults < config.toml < PSN_* environment < flags.

Every value remembers where it came from so `psn doctor` and `psn config show` can say so.
A bad file or value is refused with the key that is wrong and what is allowed; nothing is written.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import UnionType
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from psn.core.errors import ConfigError
from psn.core.filelock import locked, replace_privately
from psn.core.settings import Settings
from psn.core.validation import reason

Source = str  # "default" | "file" | "env" | "flag"


def _walk(model: type[BaseModel], prefix: str = "") -> list[tuple[str, Any]]:
    keys: list[tuple[str, Any]] = []
    for name, info in model.model_fields.items():
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            keys.extend(_walk(annotation, f"{prefix}{name}."))
        else:
            keys.append((f"{prefix}{name}", info))
    return keys


def known_keys() -> list[str]:
    return [key for key, _ in _walk(Settings)]


def env_name(key: str) -> str:
    return "PSN_" + key.replace(".", "_").replace("-", "_").upper()


def describe(key: str) -> str:
    """The docstring under a key's field in its section class, if it has one."""
    section, _, name = key.rpartition(".")
    model: type[BaseModel] = Settings
    for part in section.split(".") if section else []:
        model = model.model_fields[part].annotation  # type: ignore[assignment]
    for owner in model.__mro__:  # a field inherited from a base section is documented there
        if name in getattr(owner, "__annotations__", {}):
            return attribute_docstrings(owner).get(name, "")
    return ""


def attribute_docstrings(cls: type) -> dict[str, str]:
    """`name: T = …` followed by a string in the class body → {name: that string}, as PEP 257 reads it."""
    import ast
    import inspect
    import itertools
    import textwrap

    body = ast.parse(textwrap.dedent(inspect.getsource(cls))).body[0].body  # type: ignore[attr-defined]
    docs = {}
    for field_node, after in itertools.pairwise(body):
        if (isinstance(field_node, ast.AnnAssign) and isinstance(field_node.target, ast.Name)
                and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)):
            docs[field_node.target.id] = inspect.cleandoc(after.value.value)
    return docs


@dataclass
class LoadedConfig:
    settings: Settings
    sources: dict[str, Source] = field(default_factory=dict)
    file: Path | None = None

    def get(self, key: str) -> Any:
        check_key(key)
        value: Any = self.settings
        for part in key.split("."):
            value = getattr(value, part)
        return value

    def explain(self) -> list[dict[str, Any]]:
        return [
            {"key": key, "value": self.get(key), "source": self.sources.get(key, "default"), "env": env_name(key)}
            for key in known_keys()
        ]


def check_key(key: str) -> None:
    keys = known_keys()
    if key not in keys:
        close = difflib.get_close_matches(key, keys, n=3)
        hint = f"Did you mean {', '.join(close)}?" if close else "Run `psn config show` to list the keys."
        raise ConfigError(f"Unknown configuration key {key!r}.", hint=hint, key=key)


def _nested_set(tree: dict[str, Any], key: str, value: Any) -> None:
    node = tree
    *parents, leaf = key.split(".")
    for part in parents:
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            raise ConfigError(f"Configuration key {part!r} must be a table.", key=key)
    node[leaf] = value


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """key → value; a setting whose value is itself a table (analytics.weights) stays one key."""
    flat: dict[str, Any] = {}
    for name, value in tree.items():
        if isinstance(value, dict) and f"{prefix}{name}" not in known_keys():
            flat.update(_flatten(value, f"{prefix}{name}."))
        else:
            flat[f"{prefix}{name}"] = value
    return flat


def read_file(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{path} is not valid TOML: {exc}.", hint="Fix the file, or move it away to start from defaults."
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
        raise ConfigError(
            f"{path} cannot be read: {reason}.", hint="Fix the file, or move it away to start from defaults."
        ) from None


def parse_text_value(text: str, key: str | None = None) -> Any:
    """Turn command-line text into a TOML value when it is one (`true`, `3`, `["a"]`), else a string.

    For a text setting (`facebook.page_id`) the text is the value as typed: `1029384757` stays the
    string of digits psn itself suggests, rather than becoming a number the setting refuses. A
    quoted string (`'"abc"'`) is still read as TOML, so quoting keeps working."""
    try:
        value = tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text
    if key is not None and not isinstance(value, str) and _takes_text(key):
        return text
    return value


def _takes_text(key: str) -> bool:
    """True when the setting holds text and nothing else could be meant (str, or str | None)."""
    info = dict(_walk(Settings)).get(key)
    if info is None:
        return False
    annotation = info.annotation
    allowed = set(get_args(annotation)) if get_origin(annotation) in (Union, UnionType) else {annotation}
    return str in allowed and allowed <= {str, type(None)}


def _validate(tree: dict[str, Any], origin: dict[str, Source]) -> Settings:
    try:
        return Settings.model_validate(tree)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"])
        if first["type"] == "extra_forbidden":
            check_key(key)  # raises with suggestions
        key = _setting_of(key)
        where = origin.get(key, "file")
        src = {"env": f" (from {env_name(key)})", "flag": " (from a flag)"}.get(where, "")
        raise ConfigError(f"Invalid value for {key}{src}: {reason(first)}.", hint=_fix_hint(key, where),
                          key=key) from None


def _setting_of(location: str) -> str:
    """`notify.channels.0` (an item of a list) → the setting `notify.channels`."""
    keys = set(known_keys())
    parts = location.split(".")
    return next((".".join(parts[:n]) for n in range(len(parts), 0, -1) if ".".join(parts[:n]) in keys), location)


def _fix_hint(key: str, where: Source) -> str:
    if where == "env":
        return f"Fix or unset {env_name(key)}."
    if where == "flag":
        return "Fix the flag's value."
    return f"Give a valid value with `psn config set {key} VALUE`, or `psn config unset {key}` for the default."


def load_config(
    path: Path, environ: dict[str, str] | None = None, flags: dict[str, Any] | None = None
) -> LoadedConfig:
    env = os.environ if environ is None else environ
    raw = read_file(path)
    sources: dict[str, Source] = {}
    for key in _flatten(raw):
        check_key(key)
        sources[key] = "file"
    for key in known_keys():
        if env_name(key) in env:
            _nested_set(raw, key, parse_text_value(env[env_name(key)], key))
            sources[key] = "env"
    for key, value in (flags or {}).items():
        check_key(key)
        _nested_set(raw, key, value)
        sources[key] = "flag"
    return LoadedConfig(settings=_validate(raw, sources), sources=sources, file=path)


def set_value(path: Path, key: str, text: str) -> Any:
    """Validate and write one key; the file is untouched unless the whole result is valid."""
    check_key(key)
    with locked(path):  # another psn may be changing another key right now
        raw = read_file(path)
        _nested_set(raw, key, parse_text_value(text, key))
        settings = _validate(raw, {key: "file"})
        value = LoadedConfig(settings).get(key)
        _nested_set(raw, key, value if not isinstance(value, BaseModel) else value.model_dump())
        _write_toml(path, raw)
    return value


def unset_value(path: Path, key: str) -> None:
    check_key(key)
    with locked(path):
        raw = read_file(path)
        node = raw
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.get(part, {})
        if isinstance(node, dict) and leaf in node:
            del node[leaf]
            _write_toml(path, raw)


def _write_toml(path: Path, data: dict[str, Any]) -> None:
    import tomli_w

    path.parent.mkdir(parents=True, exist_ok=True)
    replace_privately(path, tomli_w.dumps(data).encode("utf-8"))


def value_problem(key: str, value: Any) -> str | None:
    """Why `value` is refused for `key` (the validator's own words), or None when it is valid.

    Prompts use this so a question re-asks with the message `psn config set` and the flags give."""
    check_key(key)
    tree: dict[str, Any] = {}
    _nested_set(tree, key, value)
    try:
        Settings.model_validate(tree)
    except ValidationError as exc:
        return reason(exc.errors()[0])
    return None
