"""The secrets sweep (issue 11, "Secrets"): make every secret psn handles recognisable, use psn
the way a creator would — the whole demo, then more commands with --json and -v, forced errors
whose bodies and headers echo the tokens, programs psn starts — and scan, byte by byte,
everything psn wrote, printed or handed to a child. Target: no sentinel anywhere, every file
0600 and every folder 0700.

The sentinels:
- every token, code and upload signature the emulators mint carries MARKER (a world setting);
- every secret typed at setup here (client secrets, verify tokens, the blog signing secret,
  webhook secrets, the notification webhook URL and SMTP password, the LLM API key) contains it;
- the demo's own fixed secrets (the sandbox placeholders, the WordPress application password,
  the blog secret) are searched for too.
Each is searched raw, URL-encoded, JSON-escaped and base64-encoded (any alignment).

Not scanned, on purpose: the secrets store itself (`secrets.json`, the 0600 file that replaces
the keyring here — its mode is checked) and the emulated platforms' own state
(`sandbox-world/*.json`: the platform's side of the world, which must know its tokens).
Shared by tests/reliability/test_secrets_sweep_quick.py and tests/soak/test_secrets_sweep.py.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import re
import secrets
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

MARKER = "zqSENTINELzq"


def typed(name: str) -> str:
    return f"{MARKER}-{name}-{secrets.token_hex(4)}"


BLOG_SECRET = "whsec_" + MARKER + "BlogSigningKey" + "A" * 22  # valid base64: 48 chars → 36 bytes


def demo_secrets() -> list[str]:
    """The fixed secrets the demo itself types (the sandbox placeholders `psn --sandbox setup` fills in)."""
    from psn.cli.demo.steps import s040_wordpress
    from psn.platforms.registry import all_specs

    placeholders = {f"sandbox-{name}" for spec in all_specs().values() for name in spec.connect.secret_fields}
    return sorted(placeholders | {s040_wordpress.PASSWORD, s040_wordpress.BLOG_SECRET})


def variants(needle: str) -> set[bytes]:
    """The forms a leaked secret takes: raw, URL-encoded, JSON-escaped, base64 at any alignment."""
    raw = needle.encode()
    found = {raw, quote(needle, safe="").encode(), quote_plus(needle).encode(), json.dumps(needle)[1:-1].encode()}
    if " " in needle:  # WordPress shows application passwords with spaces; it ignores them
        found.add(needle.replace(" ", "").encode())
    for shift in range(3):  # the characters of base64 fully decided by the needle's bytes
        encoded = base64.b64encode(bytes(shift) + raw)
        start, end = -(-8 * shift // 6), 8 * (shift + len(raw)) // 6
        if end - start >= 8:
            found.add(encoded[start:end])
    return found


# -- what was seen ------------------------------------------------------------------------------

@dataclass
class Evidence:
    """Everything psn printed or handed to a child, by name."""

    outputs: dict[str, bytes] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, data: bytes | str, code: int | None = None) -> None:
        unique, n = name, 1
        while unique in self.outputs:
            n += 1
            unique = f"{name} #{n}"
        self.outputs[unique] = data.encode() if isinstance(data, str) else data
        if code is not None:
            self.codes[unique] = code


@dataclass
class Leak:
    where: str
    needle: str
    excerpt: str


def scan_blob(where: str, data: bytes, needles: dict[str, set[bytes]]) -> list[Leak]:
    leaks = []
    for needle, forms in needles.items():
        for form in forms:
            at = data.find(form)
            if at >= 0:
                excerpt = data[max(0, at - 80): at + len(form) + 20].decode("utf-8", "replace")
                leaks.append(Leak(where, needle, excerpt))
                break
    return leaks


def skipped(path: Path) -> bool:
    """The secrets store and the emulated platforms' own state (see the module docstring)."""
    if path.name == "secrets.json":
        return True
    return path.parent.name == "sandbox-world" and path.suffix in (".json", ".tmp")


@dataclass
class Report:
    files: int = 0
    file_bytes: int = 0
    outputs: int = 0
    output_bytes: int = 0
    skipped: list[str] = field(default_factory=list)
    leaks: list[Leak] = field(default_factory=list)
    modes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [
            f"secrets sweep: scanned {self.files} files ({self.file_bytes:,} bytes) and {self.outputs} outputs "
            f"({self.output_bytes:,} bytes)",
            f"  occurrences of a sentinel: {len(self.leaks)} · files/folders with the wrong mode: {len(self.modes)}",
            f"  not scanned (the secrets store, the emulators' own state): {len(self.skipped)} files",
        ]
        lines += [f"  LEAK {leak.where}: {leak.needle[:40]} … {leak.excerpt!r}" for leak in self.leaks[:400]]
        lines += [f"  MODE {line}" for line in self.modes[:100]]
        return "\n".join(lines)


def sweep(homes: list[Path], evidence: Evidence, needles: list[str]) -> Report:
    forms = {needle: variants(needle) for needle in needles}
    report = Report()
    for home in homes:
        report.modes += wrong_modes(home)
        for path in sorted(home.rglob("*")):
            if not path.is_file() or path.is_symlink():
                continue
            if skipped(path):
                report.skipped.append(str(path))
                continue
            data = path.read_bytes()
            report.files += 1
            report.file_bytes += len(data)
            report.leaks += scan_blob(str(path.relative_to(home.parent)), data, forms)
    for name, data in evidence.outputs.items():
        report.outputs += 1
        report.output_bytes += len(data)
        report.leaks += scan_blob(name, data, forms)
    return report


def wrong_modes(home: Path) -> list[str]:
    wrong = []
    for path in [home, *sorted(home.rglob("*"))]:
        if path.is_symlink():
            continue
        mode = stat.S_IMODE(path.stat().st_mode)
        want = 0o700 if path.is_dir() else 0o600
        if mode != want:
            wrong.append(f"{oct(mode)} {path}")
    return wrong


# -- local stand-ins: a notification webhook and an OpenAI-compatible server, both hostile ----------

class EchoServer:
    """127.0.0.1 only. Answers every request with an error that echoes what it was sent (the path,
    the Authorization header): a hostile or sloppy server psn must not believe or repeat."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length).decode("utf-8", "replace")
                outer.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                echo = f"{self.path} {self.headers.get('authorization', '')}"
                answer = json.dumps({"error": {"message": f"Incorrect API key provided: {echo}",
                                               "type": "invalid_request_error", "code": "invalid_api_key"}})
                self.send_response(401 if "/v1/" in self.path else 500)
                self.send_header("content-type", "application/json")
                self.send_header("x-echo", echo.replace("\n", " ")[:200])
                self.end_headers()
                self.wfile.write(answer.encode())

            do_GET = do_POST

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> EchoServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- fake programs: record the environment and arguments psn hands them -------------------------

def fake_programs(folder: Path, dumps: Path) -> Path:
    """notify-send, clipboard tools, an editor, a browser and a media-host command that write
    their argv and environment to `dumps` (the media host also prints a URL, as it must)."""
    folder.mkdir(parents=True, exist_ok=True)
    dumps.mkdir(parents=True, exist_ok=True)
    recorder = (f"#!{sys.executable}\nimport os, sys, uuid\n"
                f"name = os.path.basename(sys.argv[0])\n"
                f"with open(os.path.join({str(dumps)!r}, name + '-' + uuid.uuid4().hex[:8]), 'w') as out:\n"
                "    out.write('ARGV ' + repr(sys.argv) + '\\n')\n"
                "    out.write('STDIN ' + (sys.stdin.read() if not sys.stdin.isatty() else '') + '\\n')\n"
                "    out.writelines(f'{k}={v}\\n' for k, v in os.environ.items())\n")
    for name in ("notify-send", "xclip", "wl-copy", "xsel", "pbcopy", "fake-editor", "fake-browser"):
        _executable(folder / name, recorder)
    _executable(folder / "media-host", recorder + "print('https://media.example.com/' + uuid.uuid4().hex + '.jpg')\n")
    return folder


def _executable(path: Path, text: str) -> None:
    path.write_text(text)
    path.chmod(0o700)


def dumped(dumps: Path) -> dict[str, bytes]:
    return {f"child {path.name}": path.read_bytes() for path in sorted(dumps.glob("*"))}


def process_view(pid: int) -> bytes:
    """What another process got: its argv and environment, from /proc."""
    proc = Path(f"/proc/{pid}")
    return proc.joinpath("cmdline").read_bytes() + b"\n" + proc.joinpath("environ").read_bytes()


# -- running psn --------------------------------------------------------------------------------

@contextlib.contextmanager
def environment(values: dict[str, str | None]) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    try:
        for key, value in values.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@dataclass
class Psn:
    """Runs psn commands against one home, in this process (as a fresh process would: CLI state
    reset, redactor emptied, database closed) or as real subprocesses; keeps every output."""

    home: Path
    evidence: Evidence
    subprocesses: bool = False
    env: dict[str, str] = field(default_factory=dict)

    def base_env(self) -> dict[str, str]:
        return {"PSN_HOME": str(self.home), "PSN_SANDBOX": "1", "PSN_SECRETS": "file", **self.env}

    def __call__(self, *args: str, stdin: str = "", label: str = "") -> int:
        name = f"psn {' '.join(args)}"[:160] + (f" [{label}]" if label else "")
        if self.subprocesses:
            env = {k: v for k, v in os.environ.items() if not k.startswith("PSN_")} | self.base_env()
            done = subprocess.run([sys.executable, "-m", "psn", *args], env=env, input=stdin.encode(),
                                  capture_output=True, timeout=300, check=False)
            code, out, err = done.returncode, done.stdout, done.stderr
        else:
            code, out, err = self._in_process(list(args), stdin)
        self.evidence.add(f"{name} (stdout)", out, code)
        self.evidence.add(f"{name} (stderr)", err)
        return code

    def _in_process(self, argv: list[str], stdin: str) -> tuple[int, bytes, bytes]:
        from psn.cli import main, state
        from psn.core.redact import redactor

        redactor.clear()  # a fresh process knows no secret until it reads one
        state.reset()
        out, err = io.StringIO(), io.StringIO()
        saved_stdin = sys.stdin
        with environment(self.base_env()), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            sys.stdin = io.StringIO(stdin)
            try:
                code = main(argv)
            finally:
                sys.stdin = saved_stdin
                context = state.current()._context
                if context is not None and "db" in context.__dict__:
                    context.db.engine.dispose()
        return code, out.getvalue().encode(), err.getvalue().encode()


def sandbox_world(home: Path):  # type: ignore[no-untyped-def]
    from psn.core.paths import home_paths, make_private_dir
    from psn.sandbox.world import SandboxWorld

    make_private_dir(home)
    return SandboxWorld(home_paths(home / "data" / "sandbox-home").sandbox_dir)


def stored_tokens(home: Path, platform: str) -> dict[str, Any]:
    """The account's tokens, read from the secrets store the way only the test may."""
    store = json.loads((home / "data" / "sandbox-home" / "data" / "secrets.json").read_text())
    name = next(k for k in store if re.fullmatch(rf"{platform}\.account\.\d+\.tokens", k))
    return json.loads(store[name])
