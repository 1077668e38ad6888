"""The single error boundary: domain errors → message + exit code; surprises → log + exit 1.

Tracebacks never reach the terminal unless -v is given (and then redacted): they can carry
tokens from locals or request reprs.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from psn.cli.output import emit_error
from psn.cli.state import current
from psn.core.errors import ExitCode, PsnError


def run_guarded(command: Any, args: list[str]) -> int:
    from typer import exceptions as typer_exc
    from typer._click import exceptions as click_exc

    try:
        result = command.main(args=args, prog_name="psn", standalone_mode=False)
        if result == int(ExitCode.INTERRUPTED):  # typer turns Ctrl-C into Exit(130) before we see it
            emit_error("interrupted", INTERRUPTED, int(ExitCode.INTERRUPTED))
        return result if isinstance(result, int) else 0
    except PsnError as exc:
        emit_error(exc.kind, exc.message, int(exc.exit_code), exc.hint, exc.details or None)
        return int(exc.exit_code)
    except click_exc.NoArgsIsHelpError as exc:
        sys.stdout.write(exc.format_message() + "\n")  # `psn config` alone: show its help
        return int(ExitCode.OK)
    except click_exc.UsageError as exc:
        hint = None
        if getattr(exc, "hint", None):  # psn.cli.groups.UnknownCommand names its own fix
            hint = exc.hint
        elif exc.ctx is not None:
            hint = f"Run `{exc.ctx.command_path} --help` for usage."
        if isinstance(exc, click_exc.NoSuchOption) and _NEGATIVE_NUMBER.fullmatch(exc.option_name):
            hint = f"A negative number reads as an option: put -- before it, e.g. `{_with_dashes(exc)}`."
        emit_error("usage", exc.format_message(), int(ExitCode.BAD_INPUT), hint)
        return int(ExitCode.BAD_INPUT)
    except click_exc.ClickException as exc:
        emit_error("usage", exc.format_message(), int(ExitCode.BAD_INPUT))
        return int(ExitCode.BAD_INPUT)
    except (typer_exc.Abort, KeyboardInterrupt, EOFError):
        emit_error("interrupted", INTERRUPTED, int(ExitCode.INTERRUPTED))
        return int(ExitCode.INTERRUPTED)
    except Exception as exc:  # the last line of defence
        return _unexpected(exc)


# Commands that hold work a person typed keep it themselves and say where (`psn post` raises
# Interrupted naming the saved draft); this is for the rest, and claims only what is true.
INTERRUPTED = "Interrupted: stopped before finishing; anything already saved is kept."
_NEGATIVE_NUMBER = re.compile(r"-\d+(\.\d+)?")


def _with_dashes(exc: Any) -> str:
    path = exc.ctx.command_path if exc.ctx is not None else "psn"
    return f"{path} … -- {exc.option_name}"


def _unexpected(exc: Exception) -> int:
    import logging
    import traceback

    from psn.core.redact import redact

    logging.getLogger("psn").error("unexpected error", exc_info=exc)
    where = ""
    try:
        where = f" Details are in {current().context().paths.log_file}."
    except Exception:  # noqa: S110 - reporting must not fail while reporting
        pass
    emit_error(
        "unexpected",
        f"Unexpected error: {type(exc).__name__}: {exc}.{where}",
        int(ExitCode.UNEXPECTED),
        "Please report it with the log file (it contains no secrets).",
    )
    if current().verbose:
        sys.stderr.write(redact("".join(traceback.format_exception(exc))))
    return int(ExitCode.UNEXPECTED)
