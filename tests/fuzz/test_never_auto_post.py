"""Never auto-post: every code path able to send an engagement reply needs an approval record for
that exact text.

The walk is static first (tests/fuzz/callgraph.py): the only call of an adapter's reply/comment in
psn is in `send_approved`; the platform clients' comment/reply calls live only in those adapter
methods; every caller chain of `send_approved` is listed and ends at two CLI commands, none in the
daemon. Then each entry point is driven with no approval, an approval of another text and an
approval edited behind psn's back, and nothing is sent; the daemon runs every job and sends nothing.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest
from sqlmodel import select

from psn.cli import prompts
from psn.engage import delivery
from psn.store.engage_tables import Approval, EngageLog
from tests.fuzz.callgraph import ROOT, CallGraph

S = "--sandbox"
SEND_APPROVED = ("psn.engage.delivery", "send_approved")
ADAPTER_SENDS = {"reply", "comment"}  # the Adapter protocol's reply, and Instagram's comment on media
CLIENT_SENDS = {"create_comment", "comment_on_media", "reply_to_comment", "reply_to_mention"}


def _sites(folder: str, names: set[str], keyword: str | None = None) -> set[tuple[str, str]]:
    """(file, Class.function) of every call `x.<name>(...)` (or any call with `keyword=`) under a folder."""
    found: set[tuple[str, str]] = set()
    for path in sorted((ROOT / folder).rglob("*.py")):
        def visit(node: ast.AST, where: list[str]) -> None:
            for child in ast.iter_child_nodes(node):
                inner = [*where, child.name] if isinstance(child, ast.FunctionDef | ast.ClassDef) else where
                if isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute) and (
                        child.func.attr in names or (keyword and keyword in {k.arg for k in child.keywords})):
                    found.add((str(path.relative_to(ROOT)), ".".join(where)))
                visit(child, inner)

        visit(ast.parse(path.read_text(encoding="utf-8")), [])
    return found


def test_only_the_approval_guard_calls_an_adapter_reply_or_comment():
    outside = {site for site in _sites("psn", ADAPTER_SENDS | CLIENT_SENDS)
               if not site[0].startswith(("psn/platforms/", "psn/sandbox/"))}
    assert outside == {("psn/engage/delivery.py", "send_approved")}


def test_platform_clients_send_replies_only_from_the_adapters_reply_methods():
    assert _sites("psn/platforms", CLIENT_SENDS, keyword="reply_to") == {
        ("psn/platforms/facebook/adapter.py", "FacebookAdapter.reply"),
        ("psn/platforms/instagram/adapter.py", "InstagramAdapter.reply"),
        ("psn/platforms/linkedin/adapter.py", "LinkedInAdapter.reply"),
        ("psn/platforms/wordpress/adapter.py", "WordPressAdapter.reply"),
        ("psn/platforms/x/adapter.py", "XAdapter.reply"),
        ("psn/platforms/x/adapter.py", "XAdapter.publish"),  # a thread's own parts: publishing, approved with --yes
    }


@cache
def graph() -> CallGraph:
    return CallGraph()  # parsing all of psn takes a second: once per run


# Every function that can reach send_approved, and so an adapter's reply. A new one fails this test
# until it is reviewed (and driven below with a wrong or missing approval).
CALLER_CHAINS = {
    ("psn.engage.reply", "reply_approved"),  # ← `psn engage reply --approve`
    ("psn.cli.commands.engage.act", "reply"),  # the command
    ("psn.engage.waiting", "send_one"),  # ← a reply approved earlier, its stored text (the guard checks its hash)
    ("psn.engage.waiting", "send_waiting"),
    ("psn.cli.commands.engage.queue", "send"),  # the command (`psn engage send`)
    ("psn.cli.commands.engage.session_reply", "_approve_and_send"),  # ← the interactive session
    ("psn.cli.commands.engage.session_reply", "send_waiting"),  # ← the session sending what was approved earlier
    ("psn.cli.commands.engage.session_reply", "attempt"),  # the send each of the two above hands to _send
    ("psn.cli.commands.engage.session_reply", "_send"),  # calls attempt(), waiting out a cooldown in between
    ("psn.cli.commands.engage.session_reply", "_reply_to"),
    ("psn.cli.commands.engage.session_reply", "draft_pass"),
    ("psn.cli.commands.engage.session", "run_session"),
    ("psn.cli.commands.engage", "session"),  # the command (`psn engage`)
}


def test_every_caller_chain_of_send_approved_ends_at_an_interactive_cli_command():
    found = graph().ancestors(SEND_APPROVED)
    assert found == CALLER_CHAINS
    assert not {module for module, _ in found if module.startswith("psn.daemon")}


def test_the_daemon_reaches_no_caller_of_send_approved():
    reachable_from_daemon = {f for f in CALLER_CHAINS | {SEND_APPROVED}
                             if any(m.startswith("psn.daemon") for m, _ in graph().ancestors(f))}
    assert reachable_from_daemon == set()
    jobs = {p.stem for p in (ROOT / "psn/daemon/jobs").glob("*.py") if p.stem != "__init__"}
    assert jobs  # the jobs exist, and none of them is among the callers above
    assert not any(module.startswith("psn.daemon.jobs") for module, _ in CALLER_CHAINS)


@pytest.mark.parametrize("caller", [("psn.engage.reply", "reply_approved"),
                                    ("psn.cli.commands.engage.session_reply", "_approve_and_send")])
def test_each_direct_caller_approves_the_very_text_it_sends(caller):
    """`approve(db, id, TEXT, now)` and `send_approved(db, settings, approval, TEXT, …)` share one variable."""
    node = graph().function(caller).node

    def text_args(name: str, index: int) -> set[str]:
        return {ast.unparse(c.args[index]) for c in ast.walk(node) if isinstance(c, ast.Call)
                and isinstance(c.func, ast.Attribute | ast.Name)
                and (c.func.attr if isinstance(c.func, ast.Attribute) else c.func.id) == name}

    sent = text_args("send_approved", 3)
    assert len(sent) == 1 and sent == text_args("approve", 2)


# -- driving the entry points ------------------------------------------------------------------


@pytest.fixture
def spy(monkeypatch):
    """Every adapter's reply and comment, recorded (and still performed against the sandbox)."""
    from psn.platforms.blog.adapter import BlogAdapter
    from psn.platforms.facebook.adapter import FacebookAdapter
    from psn.platforms.instagram.adapter import InstagramAdapter
    from psn.platforms.linkedin.adapter import LinkedInAdapter
    from psn.platforms.tiktok.adapter import TikTokAdapter
    from psn.platforms.whatsapp.adapter import WhatsAppAdapter
    from psn.platforms.wordpress.adapter import WordPressAdapter
    from psn.platforms.x.adapter import XAdapter

    sent: list[tuple[str, str]] = []
    for cls in (BlogAdapter, FacebookAdapter, InstagramAdapter, LinkedInAdapter, TikTokAdapter, WhatsAppAdapter,
                WordPressAdapter, XAdapter):
        for method in ADAPTER_SENDS & set(vars(cls)):
            def recorded(self, target, text, _real=getattr(cls, method), _name=f"{cls.__name__}.{method}"):
                sent.append((_name, text))
                return _real(self, target, text)

            monkeypatch.setattr(cls, method, recorded)
    return sent


@pytest.fixture
def found(cli, monkeypatch, spy):
    """The X sandbox connected and monitored: a post that mentions you (API replies allowed)."""
    monkeypatch.setenv("PSN_NOW", "2026-11-21T12:00:00Z")
    assert cli(S, "setup", "x").exit_code == 0
    cli(S, "engage", "config", "add", "keywords", "build in public")
    cli(S, "engage", "config", "set", "cooldown_minutes", "0")
    assert cli(S, "--json", "engage", "monitor").exit_code == 0
    rows = cli(S, "--json", "engage", "list").json()["data"]
    return next(r for r in rows if r["on_your_post"])["id"]


def rows(model):
    from psn.cli.state import ctx

    with ctx().db.session() as session:
        return list(session.exec(select(model)).all())


def creator_posts() -> int:
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import ctx
    from psn.sandbox.x import XEmulator

    return len(XEmulator(sandbox_world(ctx())).posts_by_creator())


def approving_another_text(monkeypatch) -> None:
    """As if the approval step recorded something other than what is then sent."""
    real = delivery.approve
    monkeypatch.setattr(delivery, "approve", lambda db, oid, text, now: real(db, oid, text + " (edited)", now))


def approval_edited_behind_psns_back(monkeypatch) -> None:
    """The approval is recorded, then its stored text is changed directly in the database."""
    from psn.cli.state import ctx

    real = delivery.approve

    def approve_then_edit(db, oid, text, now):
        approval = real(db, oid, text, now)
        with ctx().db.session() as session:
            session.get(Approval, approval.id).text = text + " and buy my course"
        return approval

    monkeypatch.setattr(delivery, "approve", approve_then_edit)


TAMPERING = {"another text": approving_another_text, "edited in the database": approval_edited_behind_psns_back}


def test_engage_reply_without_approve_and_without_a_terminal_sends_nothing(cli, found, spy):
    before = creator_posts()
    result = cli(S, "--json", "engage", "reply", str(found), "--text", "Thanks!")
    assert result.exit_code == 2 and "--approve" in result.json()["error"]["hint"]
    assert spy == [] and rows(Approval) == [] and creator_posts() == before


@pytest.mark.parametrize("tamper", TAMPERING)
def test_engage_reply_with_a_mismatched_approval_sends_nothing(cli, found, spy, monkeypatch, tamper):
    TAMPERING[tamper](monkeypatch)
    before = creator_posts()
    result = cli(S, "--json", "engage", "reply", str(found), "--text", "Thanks!", "--approve")
    assert result.exit_code == 2 and "not approved" in result.json()["error"]["message"]
    assert spy == [] and rows(EngageLog) == [] and creator_posts() == before


def test_engage_reply_never_reuses_an_approval_of_another_text(cli, found, spy):
    from psn.cli.state import ctx

    other = delivery.approve(ctx().db, found, "An older draft", ctx().clock.now())
    result = cli(S, "--json", "engage", "reply", str(found), "--text", "  Thanks Dana!  ", "--approve")
    assert result.exit_code == 0, result.stdout
    assert spy == [("XAdapter.reply", "Thanks Dana!")]  # exactly the approved text (trimmed, as approved)
    unused = [a for a in rows(Approval) if a.id == other.id]
    assert unused[0].claimed_at is None  # the other approval was never used


def _session(cli, monkeypatch, choice: str, edited: str = ""):
    from psn.cli.commands.engage import session, session_reply

    monkeypatch.setattr(prompts, "is_interactive", lambda: True)
    monkeypatch.setattr(session, "one_key", lambda message, keys: "y")  # every "Send exactly this?" is a yes
    monkeypatch.setattr(prompts, "select_or_quit", lambda message, choices, quit_choice: choice if choice in (
        session_reply.EDIT, session_reply.SKIP) else choices[0])
    monkeypatch.setattr(prompts, "text_keeping", lambda message, default="", validate=None: edited)
    monkeypatch.setattr(prompts, "text", lambda message, default="", validate=None: "")
    monkeypatch.setattr(prompts, "confirm", lambda message, default=False: True)
    monkeypatch.setattr("webbrowser.open", lambda url: True)
    monkeypatch.setattr(session, "_copy", lambda text: False)
    return cli(S, "engage", "--minutes", "5")


def test_the_session_without_a_terminal_sends_nothing(cli, found, spy):
    assert cli(S, "--json", "engage").exit_code == 2
    assert spy == [] and rows(Approval) == []


@pytest.mark.parametrize("tamper", TAMPERING)
def test_the_session_with_a_mismatched_approval_sends_nothing(cli, found, spy, monkeypatch, tamper):
    TAMPERING[tamper](monkeypatch)
    before = creator_posts()
    result = _session(cli, monkeypatch, "first draft")
    assert result.exit_code == 0, result.stderr
    assert "Not sent: This text was not approved." in result.stdout
    assert spy == [] and rows(EngageLog) == [] and creator_posts() == before


def test_the_session_skipping_sends_nothing(cli, found, spy, monkeypatch):
    from psn.cli.commands.engage import session_reply

    assert _session(cli, monkeypatch, session_reply.SKIP).exit_code == 0
    assert spy == [] and rows(Approval) == []


def test_the_session_sends_exactly_the_edited_text(cli, found, spy, monkeypatch):
    from psn.cli.commands.engage import session_reply

    result = _session(cli, monkeypatch, session_reply.EDIT, edited="My own words, edited.")
    assert result.exit_code == 0, result.stderr
    sent_to_api = [text for name, text in spy if name == "XAdapter.reply"]
    assert sent_to_api == ["My own words, edited."]
    assert {a.text for a in rows(Approval) if a.claimed_at} == {"My own words, edited."}


def test_no_daemon_job_sends_a_reply_even_with_approvals_waiting(cli, found, spy):
    """An approval recorded but never sent (an interrupted session) stays unsent through every job."""
    from psn.cli.state import ctx
    from psn.daemon.registry import discover_jobs

    waiting = delivery.approve(ctx().db, found, "Approved, not sent", ctx().clock.now())
    before = creator_posts()
    names = sorted(discover_jobs())
    assert len(names) >= 9
    for name in names:
        result = cli(S, "--json", "daemon", "run", "--once", "--job", name)
        assert result.exit_code in (0, 6), (name, result.stdout, result.stderr)
    assert spy == [] and rows(EngageLog) == [] and creator_posts() == before
    assert next(a for a in rows(Approval) if a.id == waiting.id).claimed_at is None


def test_the_walk_covers_every_module_of_psn():
    modules = {f.module for f in graph().functions}
    assert {"psn.engage.delivery", "psn.daemon.runner", "psn.cli.commands.engage.act"} <= modules
    assert len(modules) > 100 and all(Path(ROOT / (m.replace(".", "/") + ".py")).exists()
                                      or Path(ROOT / m.replace(".", "/") / "__init__.py").exists() for m in modules)


def test_a_queued_reply_edited_behind_psns_back_is_never_sent(cli, found, spy):
    """`psn engage send` sends the stored approval's text, so a change to it must fail the hash check."""
    from psn.cli.state import ctx

    cli(S, "engage", "config", "set", "cooldown_minutes", "5")
    other = delivery.approve(ctx().db, found, "Thanks Dana!", ctx().clock.now())
    with ctx().db.session() as session:
        session.get(Approval, other.id).text = "Thanks Dana! and buy my course"
    result = cli(S, "--json", "engage", "send", str(other.id))
    assert result.exit_code == 2 and "not approved" in result.json()["error"]["message"]
    assert spy == [] and rows(EngageLog) == []
