"""Response schemas from the platforms' official OpenAPI specs (tests/specs/), as JSON Schema that
hypothesis-jsonschema can generate from: every answer the platform documents, not only the happy one.

OpenAPI 3.0 is not quite JSON Schema: `nullable: true` becomes a null alternative, `$ref`s are inlined
(a reference back into itself is cut to an empty object: the specs' recursion is through optional
fields), and what only documents (`discriminator`, `example`, `x-*`, formats other than date-time)
is dropped. Objects carry only their documented properties (any subset of them: optional ones come
and go), since an undocumented key is noise that psn ignores anyway and slows generation down.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SPECS = Path(__file__).parent / "specs"
DOCUMENTATION_ONLY = {"discriminator", "example", "examples", "xml", "externalDocs", "readOnly", "writeOnly",
                      "deprecated", "description"}
KEPT_FORMATS = {"date-time"}


@cache
def spec(name: str) -> dict[str, Any]:
    path = SPECS / name
    if path.suffix == ".json":
        return json.loads(path.read_text(encoding="utf-8"))
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _component(document: dict[str, Any], ref: str) -> Any:
    node: Any = document
    for part in ref.lstrip("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


class _Reading:
    """One conversion: the document, the fields psn asked for per component, the array cap."""

    def __init__(self, document: dict[str, Any], only: dict[str, set[str]], always: dict[str, set[str]],
                 max_items: int) -> None:
        self.document, self.only, self.always, self.max_items = document, only, always, max_items

    def convert(self, node: Any, seen: tuple[str, ...] = (), component: str = "") -> Any:
        if isinstance(node, list):
            return [self.convert(item, seen) for item in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            ref = node["$ref"]
            if ref in seen:  # recursion: stop here with the smallest object
                return {"type": "object", "maxProperties": 0}
            return self.convert(_component(self.document, ref), (*seen, ref), ref.rsplit("/", 1)[-1])
        return self._schema(node, seen, component)

    def _schema(self, node: dict[str, Any], seen: tuple[str, ...], component: str) -> Any:
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in DOCUMENTATION_ONLY or key.startswith("x-") or key == "nullable":
                continue
            if key == "format" and value not in KEPT_FORMATS:
                continue
            if key == "properties":
                wanted = self.only.get(component)
                out[key] = {name: self.convert(sub, seen) for name, sub in value.items()
                            if wanted is None or name in wanted}
            else:
                out[key] = self.convert(value, seen)
        if component in self.always:
            out["required"] = sorted(set(out.get("required", ())) | self.always[component])
        if out.get("type") == "array":
            out["maxItems"] = min(int(out.get("maxItems", self.max_items)), self.max_items)
        if out.get("type") == "object" and "properties" in out and "additionalProperties" not in out:
            out["additionalProperties"] = False  # documented fields only: an unlisted one is noise psn ignores
        if node.get("nullable"):
            return {"anyOf": [out, {"type": "null"}]}
        return out


def response_schema(spec_name: str, method: str, path: str, status: str, content_type: str = "application/json",
                    only: dict[str, set[str]] | None = None, always: dict[str, set[str]] | None = None,
                    max_items: int = 3) -> dict[str, Any]:
    """The JSON Schema of `status`'s answer to `method path` in the spec.

    `only` keeps, per component schema name, the properties psn's request asks for (the platform
    sends a field only when asked: `tweet.fields`, `expansions`); `always` adds, per component, the
    fields the platform documents as sent by default (X's id, name, username of a user) where the
    spec leaves them optional; arrays hold at most `max_items`."""
    document = spec(spec_name)
    operation = document["paths"][path][method.lower()]
    response = operation["responses"][status]
    if "$ref" in response:
        response = _component(document, response["$ref"])
    return _Reading(document, only or {}, always or {}, max_items).convert(response["content"][content_type]["schema"])


def request_paths(spec_name: str) -> dict[str, list[str]]:
    """path → its methods, to check that every endpoint psn calls is in the spec."""
    document = spec(spec_name)
    return {path: [m for m in item if m in ("get", "post", "put", "delete", "patch")]
            for path, item in document["paths"].items()}


class _LegacyMany:
    """hypothesis-jsonschema 0.23.1 (its latest release) drives hypothesis's private `cu.many` with
    the old `while elements.more()` protocol; hypothesis 6.170 made `many` a context manager that is
    iterated. This adapter speaks the old protocol over the new one, for that module only."""

    def __init__(self, data: Any, min_size: int, max_size: float, average_size: float) -> None:
        from hypothesis.internal.conjecture.utils import many

        self._many = many(data, min_size=min_size, max_size=max_size, average_size=average_size)
        self._many.__enter__()
        self._steps = iter(self._many)

    def more(self) -> bool:
        if next(self._steps, self) is self:
            self._many.__exit__(None, None, None)
            return False
        return True

    def reject(self, why: str | None = None) -> None:
        self._many.reject(why)


class _UtilsWithLegacyMany:
    def __init__(self, utils: Any) -> None:
        self._utils = utils
        self.many = _LegacyMany

    def __getattr__(self, name: str) -> Any:
        return getattr(self._utils, name)


def answers(schema: dict[str, Any]):  # type: ignore[no-untyped-def]
    """A hypothesis strategy for every JSON value `schema` allows."""
    from hypothesis.internal.conjecture import utils
    from hypothesis_jsonschema import _from_schema, from_schema

    if not hasattr(utils.many, "more") and not isinstance(_from_schema.cu, _UtilsWithLegacyMany):
        _from_schema.cu = _UtilsWithLegacyMany(_from_schema.cu)
    return from_schema(schema)


def property_settings(examples: int):  # type: ignore[no-untyped-def]
    """Hypothesis settings for the response-schema properties: `examples` under `make test` (scaled up
    by `make fuzz`), and no shrinking under `make test` — these schemas are large, a shrink can take
    minutes, and the failing body is printed whole anyway. `make fuzz` shrinks as usual."""
    from hypothesis import HealthCheck, Phase, settings

    from tests.examples import scaled

    phases = [Phase.explicit, Phase.reuse, Phase.generate] if scaled(1) == 1 else list(Phase)
    return settings(max_examples=scaled(examples), deadline=None, database=None, phases=phases,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much])


def tiny_jpeg(folder: Path) -> Path:
    """A file the upload endpoints can read (the answers, not the bytes, are under test)."""
    path = folder / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 16)
    return path
