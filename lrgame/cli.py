"""The command line: the simulator window by default, `export` and `bench` without a window.

Every value goes through the schedule registry's specs, so a bad flag gets the same message the
panel would give, on one line, with exit status 2 and nothing else written.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import NoReturn

import numpy as np

from lrgame.app.launch import LaunchOptions, parse_size
from lrgame.engine import schedules
from lrgame.engine.numbers import check_epochs, number_in, whole_in
from lrgame.engine.params import MAX_EPOCHS, ConfigError, RunContext, Value
from lrgame.engine.plateau import PLATEAU_PARAMS
from lrgame.engine.summary import check_epoch, summarize
from lrgame.engine.wording import worded
from lrgame.sim import settings as config
from lrgame.sim.presets import get_preset, preset_lines

PROG = "lrgame"
_DEFAULTS = config.Settings()


class _Parser(argparse.ArgumentParser):
    """An error is one line on stderr and exit status 2: no usage dump to scroll past."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{PROG}: error: {message}\n")


class _Help(argparse.RawDescriptionHelpFormatter):
    """Keeps the registry listing's layout and shows a flag's default only when it has a real one."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        if action.default is None or action.default is argparse.SUPPRESS or isinstance(action.default, bool):
            return action.help
        return f"{action.help} (default: %(default)s)"


def _cli_text(value: Value) -> str:
    """A value written the way --param takes it."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, tuple):
        return ",".join(map(str, value))
    return f"{value:g}" if isinstance(value, float) else str(value)


def _registry_listing(ctx: RunContext) -> str:
    """Every schedule and its parameters, straight from the registry."""
    rows = [f"schedules and their --param KEY=DEFAULT (ranges for lr0={ctx.lr0:g}, epochs={ctx.epochs}):"]
    for s in schedules.SCHEDULES.values():
        rows.append(f"  {s.name}  ({s.label}) {s.description}")
        keys = [f"{p.name}={_cli_text(p.default_for(ctx))}" for p in s.params]
        width = max(map(len, keys), default=0)
        rows += [f"      {k:<{width}}  {p.describe_range(ctx)}. {p.help}" for k, p in zip(keys, s.params, strict=True)]
    return "\n".join(rows)


# ---- the run: schedule, lr0, epochs, params, epoch (export and the window share these) -----------


def _add_run_flags(parser: argparse.ArgumentParser, *, required: bool) -> None:
    """The flags that define a run: required for export (unless --preset), defaults for the window."""

    def default(value: object) -> dict[str, object]:
        return {"default": None} if required else {"default": value}

    parser.add_argument("--preset", metavar="NAME", help="a famous recipe (see `presets`); sets the schedule, "
                        "η₀, T, its knobs and the valley's sharpness")

    names = ", ".join(schedules.ENTRIES)
    parser.add_argument("--schedule", metavar="NAME", help=f"one of {names}", **default(_DEFAULTS.schedule))
    parser.add_argument("--lr0", metavar="X", help="peak learning rate η₀", **default(_DEFAULTS.lr0))
    parser.add_argument("--epochs", metavar="T", help="epochs in the run", **default(_DEFAULTS.epochs))
    parser.add_argument(
        "--param", metavar="KEY=VALUE", action="append",
        help="a schedule parameter, repeatable; lists comma-separated, booleans true/false",
    )
    parser.add_argument("--epoch", metavar="t", type=int, help="the epoch to look at, 0..T")


def _run_from(args: argparse.Namespace) -> tuple[str, RunContext, dict[str, Value], int | None]:
    """Schedule name, η₀ and T, every parameter resolved, and the epoch: all checked, in flag order."""
    if args.preset is not None:
        if args.param:
            raise ConfigError("--param and --preset do not go together: a preset sets every knob")
        preset = get_preset(args.preset)
        args.schedule, args.lr0, args.epochs, args.param = preset.schedule, preset.lr0, preset.epochs, None
        given_preset = preset.params
    else:
        missing = [f"--{n}" for n in ("schedule", "lr0", "epochs") if getattr(args, n) is None]
        if missing:
            raise ConfigError(f"the following arguments are required: {', '.join(missing)} (or --preset)")
        given_preset = {}
    schedule = schedules.entry(args.schedule)
    ctx = schedules.context(args.lr0, args.epochs)
    given: dict[str, Value] = {}
    for item in args.param or ():
        key, sep, text = item.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"param={item!r} is not KEY=VALUE, e.g. gamma=0.5")
        given[key.strip()] = schedule.spec(key.strip()).parse(text, ctx)
    params = schedules.resolve(schedule.name, ctx.lr0, ctx.epochs, {**given_preset, **given})
    epoch = None if args.epoch is None else check_epoch(args.epoch, ctx.epochs)
    return schedule.name, ctx, params, epoch


def _at_least_one(name: str, value: int) -> int:
    return whole_in(name, value, 1, math.inf, refusal="is not allowed: give a whole number ≥ 1")


# ---- commands -------------------------------------------------------------------------------------


def _window(args: argparse.Namespace) -> int:
    """Open the simulator (or run it headless) with checked LaunchOptions."""
    for flag in ("frames", "screenshot", "dump_state"):
        if getattr(args, flag) is not None and not args.headless:
            raise ConfigError(f"--{flag.replace('_', '-')} only makes sense with --headless")
    frames = None if args.frames is None else _at_least_one("frames", args.frames)
    if args.random_input is not None and frames is None:
        raise ConfigError("--random-input needs --headless and --frames N")
    idle = number_in("idle_seconds", args.idle_seconds, 1, 86_400, refusal="is not allowed: give seconds in [1, 86400]")
    name, ctx, params, epoch = _run_from(args)
    sharpness = get_preset(args.preset).settings().sharpness if args.preset else args.sharpness
    settings = config.make_settings(
        name, ctx.lr0, ctx.epochs, params, args.valley, sharpness, args.noise, args.seed, args.steps_per_epoch
    )
    scale = None if args.scale is None else config.check_scale(args.scale)
    extras: dict[str, object] = {}
    messages: list[str] = []
    if args.setup is not None:  # the file's settings and look; --projector and --scale still win
        from lrgame.sim.setups import load_setup

        settings, extras, messages = load_setup(args.setup)
        args.preset = ""
        if epoch is not None and epoch > settings.epochs:
            raise ConfigError(f"epoch={epoch} is not allowed: the setup's run has T = {settings.epochs} epochs")
    theme = "projector" if args.projector else str(extras.get("theme", "dark"))
    scale = scale if scale is not None else float(extras.get("scale", 1.0))  # type: ignore[arg-type]
    options = LaunchOptions(
        settings=settings, epoch=epoch, size=parse_size(args.size), fullscreen=args.fullscreen or args.kiosk,
        headless=args.headless, frames=frames, play=args.play, screenshot=args.screenshot,
        dump_state=args.dump_state, preset=args.preset or "", kiosk=args.kiosk, idle_seconds=idle,
        random_input=args.random_input, theme=theme, scale=scale, messages=tuple(messages),
    )
    from lrgame.app import window as app  # only a window needs pygame; export and bench never load it

    return app.run(options)


def _json(name: str, ctx: RunContext, params: dict[str, Value], lr: np.ndarray, epoch: int) -> str:
    """The run as it was resolved (every parameter), its rates and its summary at `epoch`."""
    summary = summarize(lr, ctx.lr0, epoch)
    doc = {
        "schedule": name, "lr0": ctx.lr0, "epochs": ctx.epochs, "params": params, "lr": lr.tolist(),
        "summary": summary.exported(),
    }
    return json.dumps(doc) + "\n"


def _plateau_export(args: argparse.Namespace) -> str:
    """Reduce-on-plateau follows the loss: only its PyTorch code can be exported, not a curve."""
    if args.format != "pytorch":
        raise ConfigError(f"{args.schedule} follows the loss, so it has no curve to export: use --format pytorch")
    ctx = schedules.context(args.lr0 if args.lr0 is not None else _DEFAULTS.lr0, args.epochs or 1)
    specs = {p.name: p for p in PLATEAU_PARAMS}
    given: dict[str, Value] = {}
    for item in args.param or ():
        key, sep, text = item.partition("=")
        if not sep or key.strip() not in specs:
            raise ConfigError(f"param={item!r} is not one of {args.schedule}'s: {', '.join(specs)}")
        given[key.strip()] = specs[key.strip()].parse(text, ctx)
    from lrgame.export.pytorch import plateau_code

    return plateau_code(ctx.lr0, given)


def _export(args: argparse.Namespace) -> int:
    """Write the curve for t = 0..T; everything is checked before anything is written."""
    from lrgame.export.pytorch import pytorch_code
    from lrgame.export.table import csv_text

    if args.schedule == schedules.PLATEAU:
        return _emit(args, _plateau_export(args))
    name, ctx, params, epoch = _run_from(args)
    per = _at_least_one("steps_per_epoch", args.steps_per_epoch)
    if per > 1 and args.format != "pytorch":
        raise ConfigError("--steps-per-epoch is for --format pytorch (csv and json list one rate per epoch)")
    if ctx.epochs * per > MAX_EPOCHS:
        raise ConfigError(f"steps_per_epoch={per} makes {ctx.epochs * per} steps: at most {MAX_EPOCHS} fit")
    lr = schedules.curve(name, lr0=ctx.lr0, epochs=ctx.epochs, **params)
    epoch = ctx.epochs if epoch is None else epoch
    if args.format == "pytorch":
        text = pytorch_code(name, ctx.lr0, ctx.epochs, params, per)
    else:
        text = csv_text(lr) if args.format == "csv" else _json(name, ctx, params, lr, epoch)
    return _emit(args, text)


def _emit(args: argparse.Namespace, text: str) -> int:
    """To stdout, or to --output."""
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as err:
        raise ConfigError(f"output={str(args.output)!r} cannot be written: {err.strerror}") from None
    return 0


def _presets(args: argparse.Namespace) -> int:
    """One preset a line: name, description, source."""
    print("\n".join(preset_lines()))
    return 0


def _seeds(text: str) -> list[int]:
    try:
        seeds = [int(part) for part in text.split(",")]
    except ValueError:
        raise ConfigError(f"seeds={text!r} is not a comma-separated list of whole numbers, e.g. 0,1,2") from None
    if not seeds or min(seeds) < 0:
        raise ConfigError(f"seeds={text!r} is not allowed: give one or more whole numbers ≥ 0")
    return seeds


def _compare(args: argparse.Namespace) -> int:
    """Train the network under every schedule and print the table."""
    from lrgame.train.every_schedule import compare, format_table, rows_to_json

    ctx = schedules.context(args.lr0, args.epochs)
    if ctx.epochs > 5000:
        raise ConfigError(
            f"epochs={ctx.epochs} is not allowed here: the comparison trains dozens of networks, at most 5000"
        )
    seeds = _seeds(args.seeds)
    rows = compare(ctx.epochs, ctx.lr0, seeds)
    print(rows_to_json(rows) if args.format == "json" else format_table(rows, seeds))
    return 0


def _range_test(args: argparse.Namespace) -> int:
    """Smith's range test on the spiral network, without a window."""
    from lrgame.train.range_test import range_test

    result = range_test(seed=_seeds(str(args.seed))[0])
    if args.format == "json":
        print(json.dumps({"rates": result.rates.tolist(), "losses": result.losses.tolist(),
                          "smoothed": result.smoothed.tolist(), "suggestion": result.suggestion,
                          "reason": result.reason, "stopped_at": result.stopped_at}))
    else:
        print(f"suggested η₀ = {result.suggestion:.3g}: {result.reason}")
    return 0


def _bench(args: argparse.Namespace) -> int:
    """Time what --what names and print it."""
    from lrgame.bench import window as bench

    epochs, repeats = check_epochs(args.epochs), _at_least_one("repeats", args.repeats)
    if args.what in ("engine", "all"):
        bench.print_engine(bench.engine(epochs, repeats))
    if args.what in ("window", "all"):
        rows = [bench.frames(size) for size in ((1920, 1080), (1280, 720))]
        rss = bench.memory(args.memory_frames) if args.memory_frames else None
        kiosk_rss = bench.attract_memory(args.memory_frames) if args.memory_frames else None
        bench.print_window(rows, bench.change_at_million(), bench.startup(repeats), rss, kiosk_rss)
    if args.what in ("train", "all"):
        from lrgame.bench import train as train_bench

        frames = [train_bench.window_frames(view, size) for view in ("train", "grand")
                  for size in ((1920, 1080), (1280, 720))]
        train_bench.print_train(train_bench.network_speed(repeats=repeats), frames, train_bench.compare_seconds())
    return 0


# ---- the parser -------------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG, formatter_class=_Help, allow_abbrev=False,
        description="Watch a learning-rate schedule steer gradient descent down a loss valley. "
        "With no command, open the simulator window.",
        epilog=f"`{PROG} export --help` lists every schedule and its parameters.",
    )
    parser.set_defaults(run=_window)
    _add_run_flags(parser, required=False)
    sim = parser.add_argument_group("simulation")
    sim.add_argument("--valley", metavar="KIND", default=_DEFAULTS.valley, help="shape of the loss valley")
    sim.add_argument("--sharpness", metavar="S", type=float, default=_DEFAULTS.sharpness, help="valley curvature")
    sim.add_argument("--noise", metavar="N", type=float, default=_DEFAULTS.noise, help="gradient noise level")
    sim.add_argument("--seed", metavar="K", type=int, default=_DEFAULTS.seed, help="seed for the gradient noise")
    sim.add_argument("--steps-per-epoch", metavar="S", type=int, default=_DEFAULTS.steps_per_epoch,
                     help="scheduler steps (batches) per epoch; knobs stay in epochs")
    win = parser.add_argument_group("window")
    win.add_argument("--size", metavar="WxH", default="{}x{}".format(*LaunchOptions.size), help="window size")
    win.add_argument("--fullscreen", action="store_true", help="fill the screen")
    win.add_argument("--play", action="store_true", help="start playing through the epochs at once")
    win.add_argument("--headless", action="store_true", help="run without showing a window (for scripts and tests)")
    win.add_argument("--frames", metavar="N", type=int, help="with --headless: stop after N frames")
    win.add_argument("--kiosk", action="store_true",
                     help="unattended: fullscreen, attract mode when idle, only Ctrl+Shift+Q quits, no file writing")
    win.add_argument("--idle-seconds", metavar="S", type=float, default=60.0, help="with --kiosk: idle time before "
                     "the attract mode starts")
    win.add_argument("--random-input", metavar="SEED", type=int, help="with --headless --frames: feed seeded random "
                     "input; exit 0 only if nothing failed")
    win.add_argument("--projector", action="store_true", help="start in the light, high-contrast projector theme")
    win.add_argument("--scale", metavar="F", help="size of every font and widget, 0.75 … 2.5 "
                     "(capped to what fits the window)")
    win.add_argument("--setup", metavar="FILE", type=Path, help="start from a saved setup (Ctrl+S in the window "
                     "saves one); its settings replace the simulation flags")
    win.add_argument("--screenshot", metavar="PATH", type=Path, help="with --headless: save the last frame as an image")
    win.add_argument("--dump-state", metavar="PATH", type=Path, help="with --headless: save the final state as JSON")

    commands = parser.add_subparsers(title="commands", metavar="{export,presets,compare,range-test,bench}")
    export = commands.add_parser(
        "export", formatter_class=_Help, allow_abbrev=False, help="write a schedule's curve as CSV or JSON",
        description="Write the rates for t = 0..T (T+1 rows) and, in JSON, the summary at --epoch (default T).",
        epilog=_registry_listing(schedules.context(_DEFAULTS.lr0, _DEFAULTS.epochs)),
    )
    export.set_defaults(run=_export)
    _add_run_flags(export, required=True)
    export.add_argument("--format", choices=("csv", "json", "pytorch"), default="csv",
                        help="output format; pytorch: a runnable snippet that reproduces the curve")
    export.add_argument("--steps-per-epoch", metavar="S", type=int, default=1,
                        help="with --format pytorch: call scheduler.step() per batch, S batches per epoch")
    export.add_argument("--output", metavar="PATH", type=Path, help="write here instead of to stdout")

    listing = commands.add_parser("presets", formatter_class=_Help, help="list the famous recipes",
                                  description="Each preset: name, what it does, its unit, and its source.")
    listing.set_defaults(run=_presets)

    grand = commands.add_parser("compare", formatter_class=_Help, help="train a real network under every schedule",
                                description="The same 2-64-64-3 network, data and T under every schedule, beside "
                                "constant rates at the same peak and at each schedule's average rate.")
    grand.set_defaults(run=_compare)
    grand.add_argument("--epochs", metavar="T", default=200, help="epochs per run")
    grand.add_argument("--lr0", metavar="X", default=1.0, help="peak learning rate η₀")
    grand.add_argument("--seeds", metavar="LIST", default="0",
                       help="comma-separated seeds; the table shows mean ± spread")
    grand.add_argument("--format", choices=("table", "json"), default="table", help="output format")

    probe = commands.add_parser("range-test", formatter_class=_Help, help="find a good η₀ with an LR range test",
                                description="Raise the rate from 1e-6 to 10, one step each, and suggest η₀.")
    probe.set_defaults(run=_range_test)
    probe.add_argument("--seed", metavar="K", default=0, help="seed for the network and the data")
    probe.add_argument("--format", choices=("text", "json"), default="text", help="output format")

    timing = commands.add_parser(
        "bench", formatter_class=_Help, allow_abbrev=False, help="time the engine, the window and training",
        description="Time each schedule's curve against a bare numpy.cos over as many points, the window's "
        "frames, memory and start-up, and the training views; each figure is printed beside its goal.",
    )
    timing.set_defaults(run=_bench)
    timing.add_argument("--what", choices=("engine", "window", "train", "all"), default="all",
                        help="what to time; train: the network against a matmul floor, and the window's frames "
                        "while it trains")
    timing.add_argument("--memory-frames", metavar="N", type=int, default=100_000,
                        help="frames of play for the memory check (0 skips it)")
    timing.add_argument("--epochs", metavar="N", default=1_000_000, help="curve length")
    timing.add_argument("--repeats", metavar="K", type=int, default=7, help="runs per schedule; the median counts")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (argparse exits by itself for --help and errors)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except ConfigError as err:
        parser.error(worded(str(err), "cli", schedule=getattr(args, "schedule", None)))
