"""The rule that keeps capabilities reachable (ARCHITECTURE: "every capability an adapter declares or
implements is reached by some command and proven by an end-to-end test through the real psn"):

- every capability a registered platform declares has a journey test (tests/capability_journeys.py)
  that exists, and no entry outlives its capability;
- every public adapter method is called from outside its platform folder (and outside tests), and
  every public client method is called at all: what no command reaches is wired or deleted.

What is still being written elsewhere is listed, not hidden: each run warns with the pending list.
"""

from __future__ import annotations

import ast
import re
import warnings
from functools import cache
from pathlib import Path

import pytest

from tests.capability_journeys import JOURNEYS, PENDING

ROOT = Path(__file__).resolve().parents[1]
FLAGS = ("conversations", "search", "metrics", "webhooks", "webhook_subscription", "native_scheduling", "threads",
         "carousels", "hosts_media")


class PendingWork(UserWarning):
    """Capabilities or methods whose journey or caller is being written on another branch."""


def declared() -> set[tuple[str, str]]:
    from psn.platforms.base import ReplyPolicy
    from psn.platforms.registry import all_specs

    found: set[tuple[str, str]] = set()
    for name, spec in all_specs().items():
        caps = spec.capabilities
        found |= {(name, f"format:{f}") for f in caps.formats}
        found |= {(name, flag) for flag in FLAGS if getattr(caps, flag)}
        if caps.reply != ReplyPolicy.NONE:
            found.add((name, f"reply:{caps.reply.value}"))
    return found


@cache
def names_in(path: str) -> frozenset[str]:
    """`name` and `Class::name` for every test function in a file (parametrized ones by their name)."""
    tree = ast.parse((ROOT / path).read_text())
    names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        names |= {f"{cls.name}::{f.name}" for f in cls.body if isinstance(f, ast.FunctionDef)}
    return frozenset(n for n in names if n.rsplit("::", 1)[-1].startswith("test_"))


def missing_test(test_id: str) -> str | None:
    path, _, name = test_id.partition("::")
    if not (ROOT / path).is_file():
        return f"no file {path}"
    return None if name.split("[")[0] in names_in(path) else f"no test {name} in {path}"


def test_every_declared_capability_has_a_journey_or_is_pending() -> None:
    missing = sorted(declared() - JOURNEYS.keys() - PENDING.keys())
    assert not missing, ("declared but proven by no journey: write one through the real psn and name it in "
                         f"tests/capability_journeys.py: {missing}")
    assert not JOURNEYS.keys() & PENDING.keys(), "a capability is both proven and pending: drop it from PENDING"
    if PENDING:
        warnings.warn(PendingWork("capabilities without a journey on this branch:\n" + "\n".join(
            f"  {p} {c}: {who}" for (p, c), who in sorted(PENDING.items()))), stacklevel=1)


def test_every_named_journey_exists() -> None:
    broken = {key: why for key, test_id in JOURNEYS.items() if (why := missing_test(test_id))}
    assert not broken, f"journeys that do not exist: {broken}"


def test_no_entry_for_a_capability_no_longer_declared() -> None:
    stale = sorted((JOURNEYS.keys() | PENDING.keys()) - declared())
    assert not stale, f"entries for capabilities no platform declares any more: {stale}"


# --- every adapter/client method has a caller ------------------------------------------------------

# Methods no psn code calls by name, each with the reason it stays.
ALLOWED: dict[str, str] = {}

# Methods a branch in flight wires (or deletes); the lead empties this at merge.
UNWIRED: dict[str, str] = {
}


def public_methods() -> list[tuple[Path, str, str]]:
    """(file, "platform.Class.method", method) for adapter.py and client.py of every platform."""
    out = []
    for path in sorted((ROOT / "psn" / "platforms").glob("*/[ac][dl]*.py")):
        if path.name not in ("adapter.py", "client.py"):
            continue
        classes = [n for n in ast.parse(path.read_text()).body if isinstance(n, ast.ClassDef)
                   and n.name.endswith(("Adapter", "Client"))]  # not the pydantic answer models beside them
        for cls in classes:
            for fn in cls.body:
                if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef) and not fn.name.startswith("_") \
                        and not any(_is_property(d) for d in fn.decorator_list):
                    out.append((path, f"{path.parent.name}.{cls.name}.{fn.name}", fn.name))
    return out


def protocol_methods() -> set[str]:
    """Methods of the adapter protocols in psn/platforms/base.py (Adapter, Conversations, …)."""
    tree = ast.parse((ROOT / "psn" / "platforms" / "base.py").read_text())
    protocols = [n for n in tree.body if isinstance(n, ast.ClassDef) and any(
        isinstance(b, ast.Name) and b.id == "Protocol" for b in n.bases)]
    skip = {"TokenStore", "BudgetLedger", "Checkpoint"}  # handed to platforms, not called on them
    return {f.name for c in protocols if c.name not in skip for f in c.body if isinstance(f, ast.FunctionDef)}


def _is_property(decorator: ast.expr) -> bool:
    """`@property`, `@cached_property` and `@x.setter`: read and set as attributes, never called."""
    return (isinstance(decorator, ast.Name) and decorator.id in ("property", "cached_property")) or (
        isinstance(decorator, ast.Attribute) and decorator.attr in ("setter", "deleter"))


@cache
def sources() -> dict[Path, str]:
    return {p: p.read_text(errors="ignore") for p in (ROOT / "psn").rglob("*.py")}


def callers(method: str, defined_in: Path, texts: dict[Path, str] | None = None) -> list[Path]:
    """Files of psn (never tests) that call `method` by name: `.method(` or a getattr/hasattr by string."""
    pattern = re.compile(rf"\.{method}\(|(?:getattr|hasattr)\([^)]*['\"]{method}['\"]")
    texts = sources() if texts is None else texts
    return [p for p, text in texts.items() if p != defined_in and pattern.search(text)]


def unreached() -> dict[str, str]:
    found = {}
    platforms, protocol = ROOT / "psn" / "platforms", protocol_methods()
    for path, key, method in public_methods():
        users = callers(method, path)
        outside = [p for p in users if path.parent not in p.parents]
        if method in protocol:  # called through the Adapter protocol, i.e. by a feature: another platform's
            outside = [p for p in outside if platforms not in p.parents]  # own `.status(` is no caller
        if path.name == "client.py" and not users:
            found[key] = "no caller"
        elif path.name == "adapter.py" and not outside:
            found[key] = "no caller" if not users else "called by no feature or command" if method in protocol \
                else "no caller outside its platform folder"
    return found


def test_every_adapter_and_client_method_has_a_caller_outside_tests() -> None:
    found = unreached()
    new = {k: why for k, why in found.items() if k not in ALLOWED and k not in UNWIRED}
    assert not new, ("methods no command reaches: call them from a feature (and prove it with a journey) or "
                     f"delete them: {new}")
    if UNWIRED:
        warnings.warn(PendingWork("methods waiting to be wired:\n" + "\n".join(
            f"  {k}: {why}" for k, why in sorted(UNWIRED.items()))), stacklevel=1)


def test_the_allowlists_name_only_methods_that_exist_and_still_need_them() -> None:
    methods = {key for _, key, _ in public_methods()}
    gone = (ALLOWED.keys() | UNWIRED.keys()) - methods
    assert not gone, f"allowlisted methods that no longer exist: {sorted(gone)}"
    reached = (ALLOWED.keys() | UNWIRED.keys()) - unreached().keys()
    assert not reached, f"now reached: drop them from the allowlist: {sorted(reached)}"


@pytest.mark.parametrize(("source", "is_caller"), [
    ("def lonely(self): ...", False), ("x.lonely", False), ("# lonely()", False),
    ("adapter.lonely(3)", True), ("getattr(adapter, 'lonely')()", True), ("hasattr(a, \"lonely\")", True),
])
def test_the_detector_counts_only_calls(source: str, is_caller: bool) -> None:
    user = ROOT / "psn" / "engage" / "user.py"
    assert callers("lonely", ROOT / "psn" / "platforms" / "x" / "adapter.py", {user: source}) == ([user] * is_caller)
