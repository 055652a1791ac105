"""The command line: the simulator window by default, `export` and `bench` without a window.

Every value goes through the schedule registry's specs, so a bad flag gets the same message the
panel would give, on one line, with exit status 2 and nothing else written.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from lrgame.app.launch import LaunchOptions, parse_size
from lrgame.engine import schedules
from lrgame.engine.numbers import check_epochs, number_in, typed_number_in, whole_in
from lrgame.engine.params import MAX_EPOCHS, ConfigError, RunContext, Value
from lrgame.engine.plateau import PLATEAU_PARAMS
from lrgame.engine.steps import in_steps
from lrgame.engine.summary import Summary, check_epoch, summarize
from lrgame.sim import settings as config
from lrgame.sim.optimizer_choice import CLASSES, Optimizer, make_optimizer
from lrgame.sim.path_document import X0_RANGE, path_document
from lrgame.sim.presets import get_preset, preset_lines

if TYPE_CHECKING:
    from lrgame.export.table import Rows

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
        keys = [f"{p.name}={p.follows or _cli_text(p.default_for(ctx))}" for p in s.params]
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


def _check_output(flag: str, path: Path) -> None:
    """A file written when the window closes is refused at the start, not after the lesson."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ConfigError(f"{flag} {str(path)!r} cannot be written: {err.strerror}") from None
    if path.is_dir() or not os.access(path.parent, os.W_OK):
        why = "it is a folder" if path.is_dir() else "that folder is not writable"
        raise ConfigError(f"{flag} {str(path)!r} cannot be written: {why}")


def _add_optimizer_flags(parser: argparse.ArgumentParser) -> None:
    """The ball's optimizer: every flag optional, plain SGD by default (as in the window)."""
    group = parser.add_argument_group("optimizer (once --optimizer X is given, what is left out takes "
                                      "torch.optim.X's default)")
    group.add_argument("--optimizer", metavar="NAME", help=f"one of {', '.join(CLASSES)} (default: sgd)")
    group.add_argument("--momentum", metavar="M", help="SGD's momentum β (0: plain SGD)")
    group.add_argument("--dampening", metavar="D", help="SGD's dampening of each new gradient")
    group.add_argument("--nesterov", action="store_true", help="SGD with Nesterov momentum")
    group.add_argument("--weight-decay", metavar="W", help="weight decay λ")
    group.add_argument("--betas", metavar="B1,B2", help="Adam's β₁ and β₂")
    group.add_argument("--eps", metavar="E", help="Adam's ε")


def _optimizer_from(args: argparse.Namespace) -> Optimizer:
    """The optimizer the flags name, checked: the flags given, torch's defaults for the rest."""
    given: dict[str, object] = {key: getattr(args, key) for key in ("momentum", "dampening", "weight_decay",
                                                                     "betas", "eps") if getattr(args, key) is not None}
    if args.nesterov:
        given["nesterov"] = True
    return make_optimizer(args.optimizer or "sgd", **given)


def _at_least_one(name: str, value: int) -> int:
    return whole_in(name, value, 1, math.inf, refusal="is not allowed: give a whole number ≥ 1")


# ---- commands -------------------------------------------------------------------------------------


def _window(args: argparse.Namespace) -> int:
    """Open the simulator (or run it headless) with checked LaunchOptions."""
    for flag in ("frames", "screenshot"):
        if getattr(args, flag) is not None and not args.headless:
            raise ConfigError(f"--{flag} only makes sense with --headless")
    for flag in ("screenshot", "dump_state"):
        if getattr(args, flag) is not None:
            _check_output(f"--{flag.replace('_', '-')}", getattr(args, flag))
    frames = None if args.frames is None else _at_least_one("frames", args.frames)
    if args.random_input is not None and frames is None:
        raise ConfigError("--random-input needs --headless and --frames N")
    idle = number_in("idle_seconds", args.idle_seconds, 1, 86_400, refusal="is not allowed: give seconds in [1, 86400]")
    name, ctx, params, epoch = _run_from(args)
    sharpness = get_preset(args.preset).settings().sharpness if args.preset else args.sharpness
    settings = config.make_settings(
        name, ctx.lr0, ctx.epochs, params, args.valley, sharpness, args.noise, args.seed, args.steps_per_epoch,
        _optimizer_from(args),
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
    # A projector with no size asked for gets the whole display: its text is 24 px only at scale 1.5,
    # which needs more room than the default window has (layout.needed_size).
    projector_screen = args.projector and args.size is None
    options = LaunchOptions(
        settings=settings, epoch=epoch, size=LaunchOptions.size if args.size is None else parse_size(args.size),
        fullscreen=args.fullscreen or args.kiosk or projector_screen,
        headless=args.headless, frames=frames, play=args.play, screenshot=args.screenshot,
        dump_state=args.dump_state, preset=args.preset or "", kiosk=args.kiosk, idle_seconds=idle,
        random_input=args.random_input, theme=theme, scale=scale, messages=tuple(messages),
    )
    from lrgame.app import window as app  # only a window needs pygame; export and bench never load it

    return app.run(options)


def _json(name: str, ctx: RunContext, params: dict[str, Value], rows: Rows, summary: Summary) -> str:
    """The run as it was resolved (every parameter), its rows and its summary at --epoch."""
    doc = {
        "schedule": name, "lr0": ctx.lr0, "epochs": ctx.epochs, "unit": rows.unit,
        "steps_per_epoch": rows.steps_per_epoch, "params": params, **rows.arrays(),
        "summary": summary.exported(rows.steps_per_epoch),
    }
    return json.dumps(doc | ({"note": rows.note} if rows.note else {})) + "\n"


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

    return plateau_code(ctx.lr0, given, _optimizer_from(args))


def _export(args: argparse.Namespace) -> int:
    """Write the rates of steps 0..T·S (see `export.table`); everything is checked before anything is written."""
    from lrgame.export.pytorch import pytorch_code
    from lrgame.export.table import csv_text, curve_rows

    if args.schedule == schedules.PLATEAU:
        return _emit(args, _plateau_export(args))
    name, ctx, params, epoch = _run_from(args)
    optimizer = _optimizer_from(args)
    per = _at_least_one("steps_per_epoch", args.steps_per_epoch)
    unit = get_preset(args.preset).unit if args.preset else "epochs"
    if per > 1 and unit == "steps":
        raise ConfigError(f"--steps-per-epoch does not go with --preset {args.preset}: it counts optimizer steps, "
                          "not epochs")
    if ctx.epochs * per > MAX_EPOCHS:
        raise ConfigError(f"steps_per_epoch={per} makes {ctx.epochs * per} steps: at most {MAX_EPOCHS} fit")
    if args.format == "pytorch":
        return _emit(args, pytorch_code(name, ctx.lr0, ctx.epochs, params, per, unit, optimizer))
    curve = schedules.curve(name, lr0=ctx.lr0, epochs=ctx.epochs * per, **in_steps(name, params, per))
    rows = curve_rows(name, curve, per, unit)
    last = (len(rows.lr) - 1) // per  # the last epoch listed
    epoch = last if epoch is None else check_epoch(epoch, last)
    if args.format == "csv":
        return _emit(args, csv_text(rows))
    return _emit(args, _json(name, ctx, params, rows, summarize(curve, ctx.lr0, epoch * per)))


def _path(args: argparse.Namespace) -> int:
    """The ball's path as JSON: every position, loss and rate the window would show."""
    name, ctx, params, epoch = _run_from(args)
    if epoch is not None:
        raise ConfigError("--epoch is not used by path: it prints every step of the run")
    sharpness = get_preset(args.preset).settings().sharpness if args.preset else args.sharpness
    settings = config.make_settings(
        name, ctx.lr0, ctx.epochs, params, args.valley, sharpness, args.noise, args.seed, args.steps_per_epoch,
        _optimizer_from(args),
    )
    start = None if args.x0 is None else typed_number_in("x0", args.x0, *X0_RANGE)
    sys.stdout.write(json.dumps(path_document(settings, start), allow_nan=False) + "\n")
    return 0


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


def _add_sim_flags(parser: argparse.ArgumentParser) -> None:
    sim = parser.add_argument_group("simulation")
    sim.add_argument("--valley", metavar="KIND", default=_DEFAULTS.valley, help="shape of the loss valley")
    sim.add_argument("--sharpness", metavar="S", type=float, default=_DEFAULTS.sharpness, help="valley curvature")
    sim.add_argument("--noise", metavar="N", type=float, default=_DEFAULTS.noise, help="gradient noise level")
    sim.add_argument("--seed", metavar="K", type=int, default=_DEFAULTS.seed, help="seed for the gradient noise")
    sim.add_argument("--steps-per-epoch", metavar="S", type=int, default=_DEFAULTS.steps_per_epoch,
                     help="scheduler steps (batches) per epoch; knobs stay in epochs")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG, formatter_class=_Help, allow_abbrev=False,
        description="Watch a learning-rate schedule steer gradient descent down a loss valley. "
        "With no command, open the simulator window.",
        epilog=f"`{PROG} export --help` lists every schedule and its parameters.",
    )
    parser.set_defaults(run=_window)
    _add_run_flags(parser, required=False)
    _add_sim_flags(parser)
    _add_optimizer_flags(parser)
    win = parser.add_argument_group("window")
    win.add_argument("--size", metavar="WxH", help="window size (default: {}x{}; with --projector: the whole "
                     "screen)".format(*LaunchOptions.size))
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
    win.add_argument("--projector", action="store_true", help="start in the light, high-contrast projector theme, "
                     "fullscreen unless --size is given (text 24 px on a 1080p screen)")
    win.add_argument("--scale", metavar="F", help="size of every font and widget, 0.75 … 2.5 "
                     "(capped to what fits the window)")
    win.add_argument("--setup", metavar="FILE", type=Path, help="start from a saved setup (Ctrl+S in the window "
                     "saves one); its settings replace the simulation flags")
    win.add_argument("--screenshot", metavar="PATH", type=Path, help="with --headless: save the last frame as an image")
    win.add_argument("--dump-state", metavar="PATH", type=Path, help="save the state as JSON when the window "
                     "closes (Ctrl+Q, the close button, or the last --headless frame); docs/state.md")

    commands = parser.add_subparsers(title="commands", metavar="{export,path,presets,compare,range-test,bench}")
    export = commands.add_parser(
        "export", formatter_class=_Help, allow_abbrev=False, help="write a schedule's curve as CSV or JSON",
        description="Write the rates for t = 0..T (T+1 rows; with --steps-per-epoch S, one per step: T·S+1) and, "
        "in JSON, the summary at --epoch (default T). One-cycle lists 0..T−1: PyTorch defines no rate at T.",
        epilog=_registry_listing(schedules.context(_DEFAULTS.lr0, _DEFAULTS.epochs)),
    )
    export.set_defaults(run=_export)
    _add_run_flags(export, required=True)
    export.add_argument("--format", choices=("csv", "json", "pytorch"), default="csv",
                        help="output format; pytorch: a runnable snippet that reproduces the curve")
    export.add_argument("--steps-per-epoch", metavar="S", type=int, default=1,
                        help="S batches per epoch, scheduler.step() once per batch (knobs stay in epochs): "
                        "pytorch steps per batch, csv and json list one rate per step")
    export.add_argument("--output", metavar="PATH", type=Path, help="write here instead of to stdout")
    _add_optimizer_flags(export)

    path = commands.add_parser(
        "path", formatter_class=_Help, allow_abbrev=False, help="print the ball's path as JSON",
        description="The path the window shows, one entry per step (x_0 … x_T·S): x, loss and the rate of "
        "each step, the floor x*, and with several steps per epoch the epoch of each step.",
    )
    path.set_defaults(run=_path)
    _add_run_flags(path, required=False)
    _add_sim_flags(path)
    _add_optimizer_flags(path)
    path.add_argument("--x0", metavar="X", help=f"where the ball starts, in [{X0_RANGE[0]:g}, {X0_RANGE[1]:g}] "
                      "(default: the valley's start)")
    path.add_argument("--format", choices=("json",), default="json", help="output format")

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
        parser.error(str(err))
