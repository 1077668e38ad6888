"""`psn sandbox serve|status|advance|fault|reset` (and comment|mention|deliver, psn/cli/sandbox_people.py):
the local emulators of every platform."""

from __future__ import annotations

from typing import Annotated

import typer

ORDER = 92
GROUP = "Settings and troubleshooting"
MAX_ADVANCE_SECONDS = 3650 * 86400  # ten years: far enough for any test, short of datetime's last year
sandbox_app = typer.Typer(help="Local emulators of every platform (used by --sandbox, the demo and tests).",
                          no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(sandbox_app, name="sandbox")


def _world():  # type: ignore[no-untyped-def]
    from psn.accounts.wiring import sandbox_world
    from psn.cli.state import current

    current().sandbox = True  # these commands always act on the sandbox home
    return sandbox_world(current().context())


@sandbox_app.command("serve", help="Serve the emulators over HTTP on 127.0.0.1 (Ctrl-C to stop).")
def serve(port: Annotated[int, typer.Option(min=0, max=65535, help="0 picks a free port.")] = 8700) -> None:
    from psn.cli.output import info
    from psn.sandbox.server import make_server

    server = make_server(_world(), port)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    info(f"Sandbox serving on {url}. Point psn at it with: PSN_SANDBOX_URL={url} psn --sandbox …")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@sandbox_app.command("status", help="The sandbox world: its clock and recent requests.")
def status() -> None:
    from psn.cli.output import emit
    from psn.sandbox.storm import summary

    world = _world()
    log = world.root / "requests.log"
    lines = log.read_text().splitlines()[-20:] if log.exists() else []
    storm = summary(world.read("_faults").get("storm"))
    emit({"root": str(world.root), "now": world.now().isoformat(), "storm": storm, "recent_requests": lines},
         lambda d: typer.echo(f"world: {d['root']}\nclock: {d['now']}\n"
                              + (f"storm: {storm['rate']:.0%} seed {storm['seed']}, {storm['draws']} draws\n"
                                 if storm else "") + "\n".join(d["recent_requests"])))


@sandbox_app.command("advance", help="Move the sandbox clock forward, e.g. 90m, 2h, 1d.")
def advance(duration: Annotated[str, typer.Argument(help="A number with s, m, h or d.")]) -> None:
    from psn.cli.output import emit
    from psn.core.errors import BadInput

    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    number, unit = duration[:-1], duration[-1:]
    if unit not in units or not number.replace(".", "", 1).isdigit():
        raise BadInput(f"{duration!r} is not a duration.", hint="Use a number with s, m, h or d, e.g. 90m.")
    if float(number) * units[unit] > MAX_ADVANCE_SECONDS:
        raise BadInput(f"{duration!r} is too far: the sandbox clock moves at most 3650 days at a time.",
                       hint="Use a number with s, m, h or d, e.g. 90m.")
    now = _world().advance(float(number) * units[unit])
    emit({"now": now.isoformat()}, lambda d: typer.echo(f"Sandbox clock is now {d['now']}."))


@sandbox_app.command("fault", help="Make the next matching requests fail (429, 5xx, timeout, drop, kill).")
def fault(
    platform: Annotated[str, typer.Argument(help="Platform name, or * for all.")],
    status_code: Annotated[int, typer.Option("--status", min=100, max=599)] = 500,
    kind: Annotated[str, typer.Option(help="status | timeout | drop | connect | kill")] = "status",
    times: Annotated[int, typer.Option(min=1)] = 1,
    path: Annotated[str, typer.Option(help="Only requests whose path contains this.")] = "",
    after: Annotated[bool, typer.Option("--after", help="Let the platform act, then lose its answer.")] = False,
    pid_file: Annotated[str, typer.Option(help="kill: the file holding the pid of the client to SIGKILL.")] = "",
    skip: Annotated[int, typer.Option(min=0, help="Let this many matching requests through first.")] = 0,
) -> None:
    from psn.cli.output import emit
    from psn.core.errors import BadInput

    if kind not in {"status", "timeout", "drop", "connect", "kill"}:
        raise BadInput(f"Unknown fault kind {kind!r}.", hint="Use status, timeout, drop, connect or kill.")
    if (kind == "kill") != bool(pid_file):
        raise BadInput("--kind kill and --pid-file go together.",
                       hint="Name the file holding the pid of the psn process to kill: --pid-file FILE.")
    if platform != "*":
        from psn.platforms.registry import get_spec

        platform = get_spec(platform).name  # a fault for a name no request carries would never fire
    _world().inject(platform, path=path, status=status_code, kind=kind, times=times, after=after, pid_file=pid_file,
                    skip=skip)
    extra = {**({"pid_file": pid_file} if pid_file else {}), **({"skip": skip} if skip else {})}
    emit({"platform": platform, "kind": kind, "status": status_code, "times": times, "after": after, **extra},
         lambda d: typer.echo(f"Next {times} matching {platform} request(s) will fail ({kind} {status_code})"
                              + (" after the platform acts." if after else ".")))


@sandbox_app.command("storm", help="Fail a seeded share of all requests: 429s, 5xx, timeouts, drops.")
def storm(
    rate: Annotated[float, typer.Option(help="Share of requests that fail, e.g. 0.2.")] = 0.2,
    seed: Annotated[int, typer.Option(help="Same seed, same requests: the same storm.")] = 0,
    kinds: Annotated[str, typer.Option(help="Comma-separated: 429, 5xx, timeout, drop.")] = "429,5xx,timeout,drop",
    off: Annotated[bool, typer.Option("--off", help="End the storm.")] = False,
) -> None:
    from psn.cli.output import emit
    from psn.core.errors import BadInput
    from psn.sandbox.storm import KINDS

    chosen = [k.strip() for k in kinds.split(",") if k.strip()]
    if not off and (not 0 < rate <= 1 or not chosen or set(chosen) - set(KINDS)):
        raise BadInput(f"A storm needs a rate in (0, 1] and kinds among {', '.join(KINDS)}.",
                       hint="For example: psn sandbox storm --rate 0.2 --seed 7")
    _world().storm(0 if off else rate, seed, chosen)
    emit({"storm": None} if off else {"storm": {"rate": rate, "seed": seed, "kinds": chosen}},
         lambda d: typer.echo("Storm over: requests answer normally." if off else
                              f"Storm on: {rate:.0%} of requests fail ({', '.join(chosen)}), seed {seed}. "
                              "OAuth authorize pages are spared; `psn sandbox storm --off` ends it."))


@sandbox_app.command("reset", help="Forget the sandbox world (emulated posts, tokens, clock).")
def reset() -> None:
    from psn.cli.output import emit

    _world().reset()
    emit({"reset": True}, lambda d: typer.echo("Sandbox world reset."))


def _register_people() -> None:
    from psn.cli import sandbox_people

    sandbox_people.register(sandbox_app, _world)


_register_people()
