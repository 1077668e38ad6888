"""Drive the real `psn` on a pseudo-terminal the way a person does, and read the screen.

pexpect runs the installed `psn` console script on a pty of a fixed size; pyte (a VT100
emulator) turns everything it wrote into the screen a person would see, so a test asserts on
what is on the screen rather than on escape sequences. Keys are sent as a terminal sends them.

    term = Terminal.start(["setup"], home=tmp_path / "home")
    term.wait_for("Your voice")
    term.type("pottery")          # letters, then term.press("enter")
    term.press("ctrl-c")
    term.wait_exit() == 130
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pexpect
import pyte

COLUMNS, LINES = 120, 40
DEFAULT_TIMEOUT = 20.0

KEYS = {
    "enter": "\r",
    "up": "\x1b[A",
    "down": "\x1b[B",
    "right": "\x1b[C",
    "left": "\x1b[D",
    "space": " ",
    "tab": "\t",
    "backspace": "\x7f",
    "escape": "\x1b",
    "ctrl-a": "\x01",
    "ctrl-c": "\x03",
    "ctrl-d": "\x04",
    "ctrl-u": "\x15",
}


def psn_executable() -> str:
    """The console script installed beside this interpreter (the same one `make test` installed)."""
    return str(Path(sys.executable).with_name("psn"))


def journey_env(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """A clean environment for a child psn: its own home, file secrets (no OS keyring on CI),
    a real terminal type and no inherited PSN_* settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PSN_")}
    env.update({
        "PSN_HOME": str(home),
        "PSN_SECRETS": "file",
        "HOME": str(home.parent / "user-home"),
        "TERM": "xterm-256color",
        "COLUMNS": str(COLUMNS),
        "LINES": str(LINES),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "NO_COLOR": "1",
        # pyte answers no cursor-position request; without this prompt_toolkit prints a warning.
        "PROMPT_TOOLKIT_NO_CPR": "1",
    })
    env.pop("VISUAL", None)
    env.pop("EDITOR", None)
    env.update(extra or {})
    return env


@dataclass
class Terminal:
    child: pexpect.spawn
    screen: pyte.Screen
    stream: pyte.ByteStream
    transcript: list[bytes] = field(default_factory=list)

    @classmethod
    def start(cls, args: list[str], home: Path, env: dict[str, str] | None = None,
              cwd: Path | None = None) -> Terminal:
        screen = pyte.Screen(COLUMNS, LINES)
        child = pexpect.spawn(psn_executable(), list(args), env=journey_env(home, env),
                              cwd=str(cwd) if cwd else None, dimensions=(LINES, COLUMNS), timeout=DEFAULT_TIMEOUT)
        return cls(child, screen, pyte.ByteStream(screen))

    # -- reading -----------------------------------------------------------------------------

    def _pump(self, wait: float) -> bool:
        """Feed whatever the program wrote within `wait` seconds to the screen; False once it has exited."""
        try:
            data = self.child.read_nonblocking(65536, timeout=wait)
        except pexpect.TIMEOUT:
            return True
        except pexpect.EOF:
            return False
        self.transcript.append(data)
        self.stream.feed(data)
        return True

    def text(self) -> str:
        """The screen as a person sees it now, trailing blanks trimmed."""
        return "\n".join(line.rstrip() for line in self.screen.display).rstrip()

    def history(self) -> str:
        """Everything written so far with escape sequences removed (text that scrolled away included)."""
        import re

        raw = b"".join(self.transcript).decode("utf-8", "replace")
        return re.sub(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]", "", raw)

    def wait_for(self, needle: str, timeout: float = DEFAULT_TIMEOUT) -> str:
        """Wait until `needle` is on the screen; return the screen. Fails with the screen shown."""
        deadline = time.monotonic() + timeout
        alive = True
        while True:
            if needle in self.text():
                return self.text()
            if not alive or time.monotonic() > deadline:
                raise AssertionError(f"{needle!r} never appeared on the screen:\n{self.text()}")
            alive = self._pump(0.05)

    def settle(self, quiet: float = 0.3, timeout: float = DEFAULT_TIMEOUT) -> str:
        """Read until the program has written nothing for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            before = len(self.transcript)
            if not self._pump(quiet):
                break
            if len(self.transcript) == before:
                break
        return self.text()

    # -- typing ------------------------------------------------------------------------------

    def type(self, text: str) -> None:
        self.child.send(text)

    def press(self, *keys: str) -> None:
        for key in keys:
            self.child.send(KEYS[key])
            self._pump(0.05)

    def answer(self, text: str) -> None:
        """Type an answer and press Enter."""
        self.type(text)
        self.press("enter")

    # -- ending ------------------------------------------------------------------------------

    def wait_exit(self, timeout: float = DEFAULT_TIMEOUT) -> int:
        """Wait for the program to end; return its exit code (128+N for a signal)."""
        deadline = time.monotonic() + timeout
        while self._pump(0.1):
            if time.monotonic() > deadline:
                self.child.terminate(force=True)
                raise AssertionError(f"psn did not exit within {timeout}s:\n{self.text()}")
        self.child.close()
        if self.child.exitstatus is not None:
            return int(self.child.exitstatus)
        return 128 + int(self.child.signalstatus or 0)

    def close(self) -> None:
        if self.child.isalive():
            self.child.terminate(force=True)
