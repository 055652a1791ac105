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
import textwrap
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from lrgame.app.heap import resume_after_start_up
from lrgame.app.launch import IMAGE_SUFFIXES, LAUNCH_VIEWS, VALLEY, LaunchOptions, parse_size
from lrgame.engine import schedules
from lrgame.engine.numbers import check_epochs, read_number, typed_number_in, typed_whole_in
from lrgame.engine.params import MAX_EPOCHS, ConfigError, RunContext, Value, cut, quoted
from lrgame.engine.plateau import PLATEAU_PARAMS
from lrgame.engine.steps import in_steps
from lrgame.engine.summary import Summary, summarize
from lrgame.sim import settings as config
from lrgame.sim.files import check_writable
from lrgame.sim.landscape_path import SCREEN_NAMES as LANDSCAPE_NAMES
from lrgame.sim.landscape_path import LandscapeRun, check_start, compute_path, landscape_document, make_landscape_run
from lrgame.sim.network_choice import SCHEDULER_STEPS, TRAIN_SIZE
from lrgame.sim.optimizer_choice import CLASSES, Optimizer, make_optimizer
from lrgame.sim.optimizer_choice import SCREEN_NAMES as OPTIMIZER_NAMES
from lrgame.sim.path_document import X0_RANGE, path_document
from lrgame.sim.presets import get_preset, preset_lines
from lrgame.sim.surfaces import DEFAULT_SURFACE, SURFACES, check_surface_params, get_surface

if TYPE_CHECKING:
    from lrgame.export.table import Rows
    from lrgame.sim.setups import Setup
    from lrgame.train.recipe import Recipe

PROG = "lrgame"
_DEFAULTS = config.Settings()
COMPARE_EPOCHS = 200  # compare's T: the sweep's (docs/training-sweep.md)
COMPARE_SEEDS = "0,1,2"
SCREEN_NAMES = {**OPTIMIZER_NAMES, **LANDSCAPE_NAMES}  # what a message names by the screen's words too


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


# ---- what was typed: a flag given twice, and flags that clash -------------------------------------


def _given(namespace: argparse.Namespace, parser: argparse.ArgumentParser) -> list[str]:
    """The flags typed for `parser` (the main one or a command's), in order. Kept under the
    parser's name: argparse copies a command's namespace over the main one."""
    return namespace.__dict__.setdefault(f"given {parser.prog}", [])


class _Store(argparse._StoreAction):
    """A flag with a value, remembered as given; given twice it is refused, since the first would
    be dropped without a word."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:  # type: ignore[no-untyped-def]
        given = _given(namespace, parser)
        if self.dest in given:
            raise argparse.ArgumentError(self, "is given twice: give it once")
        given.append(self.dest)
        super().__call__(parser, namespace, values, option_string)


class _Switch(argparse._StoreTrueAction):
    def __call__(self, parser, namespace, values, option_string=None) -> None:  # type: ignore[no-untyped-def]
        _given(namespace, parser).append(self.dest)
        super().__call__(parser, namespace, values, option_string)


class _Append(argparse._AppendAction):
    def __call__(self, parser, namespace, values, option_string=None) -> None:  # type: ignore[no-untyped-def]
        _given(namespace, parser).append(self.dest)
        super().__call__(parser, namespace, values, option_string)


def _typed(args: argparse.Namespace, parser_name: str) -> list[str]:
    return getattr(args, f"given {parser_name}", [])


def _flag(dest: str) -> str:
    return "--" + dest.replace("_", "-")


_OPTIMIZER_FLAGS = ("optimizer", "momentum", "dampening", "nesterov", "weight_decay", "betas", "eps")

# The one rule for flags that do not fit together: such a pair is refused, never half carried out.
# A flag that sets what the others in its set also set, with why:
_SETS = {
    "preset": ({"schedule", "lr0", "epochs", "param", "sharpness"},
               "the preset sets the schedule, η₀, T, its knobs and the valley's sharpness"),
    "setup": ({"preset", "schedule", "lr0", "epochs", "param", "valley", "sharpness", "noise", "seed",
               "steps_per_epoch", "projector", "scale", "net_lr0", "batch_size", "scheduler_step", *_OPTIMIZER_FLAGS},
              "the setup file sets every simulation setting, the optimizer and the look"),
}
# A flag that only does something beside another:
_NEEDS = {"frames": "headless", "screenshot": "headless", "random_input": "frames",
          "idle_seconds": "kiosk"}
# The loss-driven schedule's export has no curve, so no run length or steps:
_PLATEAU_UNUSED = ("epochs", "epoch", "steps_per_epoch")
# The bench's flags that only some parts use:
_BENCH_PARTS = {"epochs": ("engine", "all"), "memory_frames": ("window", "all")}

RULE = (
    "Flags that do not fit together are refused, never half carried out: two flags that set the same "
    "thing (--preset or --setup with a flag they set, a flag or a --param KEY given twice), a flag "
    "without the one it works with (--frames, --screenshot without --headless, "
    "--idle-seconds without --kiosk), and the window's flags before a command."
)


def _check_flags(args: argparse.Namespace, command: str | None) -> None:
    """`RULE`, for what was typed."""
    window = _typed(args, PROG)
    if command is not None:
        if window:
            raise ConfigError(f"{_flag(window[0])} is the window's: it does not go with the {command} command")
        given = _typed(args, f"{PROG} {command}")
    else:
        given = window
    for flag, (sets, why) in _SETS.items():
        clash = next((g for g in given if g in sets), None) if flag in given else None
        if clash is not None:
            raise ConfigError(f"{_flag(flag)} and {_flag(clash)} do not go together: {why}")
    for flag, other in _NEEDS.items():
        if flag in given and other not in given:
            raise ConfigError(f"{_flag(flag)} only makes sense with {_flag(other)}")
    if command == "export" and args.schedule == schedules.PLATEAU:
        unused = next((g for g in given if g in _PLATEAU_UNUSED), None)
        if unused is not None:
            raise ConfigError(f"{_flag(unused)} does not go with {schedules.PLATEAU}: it follows the loss, so its "
                              "run has no length or steps set in advance")
    if command == "bench":
        unused = next((g for g in given if args.what not in _BENCH_PARTS.get(g, (args.what,))), None)
        if unused is not None:
            raise ConfigError(f"{_flag(unused)} does not go with --what {args.what}: it is for --what "
                              f"{_BENCH_PARTS[unused][0]}")


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

    parser.add_argument("--preset", metavar="NAME", action=_Store, help="a famous recipe (see `presets`); sets the "
                        "schedule, η₀, T, its knobs and the valley's sharpness, so none of those flags go with it")

    names = ", ".join(schedules.ENTRIES)
    parser.add_argument("--schedule", metavar="NAME", action=_Store, help=f"one of {names}",
                        **default(_DEFAULTS.schedule))
    parser.add_argument("--lr0", metavar="X", action=_Store, help="peak learning rate η₀", **default(_DEFAULTS.lr0))
    parser.add_argument("--epochs", metavar="T", action=_Store, help="epochs in the run", **default(_DEFAULTS.epochs))
    parser.add_argument(
        "--param", metavar="KEY=VALUE", action=_Append,
        help="a schedule parameter, repeatable (each KEY once); lists comma-separated, booleans true/false",
    )
    parser.add_argument("--epoch", metavar="t", action=_Store, help="the epoch to look at, 0..T")


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
    given = {key: schedule.spec(key).parse(text, ctx) for key, text in _param_texts(args.param).items()}
    params = schedules.resolve(schedule.name, ctx.lr0, ctx.epochs, {**given_preset, **given})
    epoch = None if args.epoch is None else typed_whole_in("epoch", args.epoch, 0, ctx.epochs)
    return schedule.name, ctx, params, epoch


def _param_texts(items: list[str] | None) -> dict[str, str]:
    """--param KEY=VALUE items as {KEY: VALUE text}; a KEY given twice is refused (one rule)."""
    return _pair_texts(items, "param", "gamma=0.5")


def _pair_texts(items: list[str] | None, flag: str, example: str) -> dict[str, str]:
    """A repeatable KEY=VALUE flag's items as {KEY: VALUE text}; a KEY given twice is refused (one rule)."""
    out: dict[str, str] = {}
    for item in items or ():
        key, sep, text = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ConfigError(f"{flag}={quoted(item)} is not KEY=VALUE, e.g. {example}")
        if key in out:
            raise ConfigError(f"{_flag(flag)} {cut(key)} is given twice: give it once")
        out[key] = text
    return out


def _add_optimizer_flags(parser: argparse.ArgumentParser) -> None:
    """The ball's optimizer: every flag optional, plain SGD by default (as in the window)."""
    group = parser.add_argument_group("optimizer (once --optimizer X is given, what is left out takes "
                                      "torch.optim.X's default)")
    group.add_argument("--optimizer", metavar="NAME", action=_Store, help=f"one of {', '.join(CLASSES)} (default: sgd)")
    group.add_argument("--momentum", metavar="M", action=_Store, help="SGD's momentum β (0: plain SGD)")
    group.add_argument("--dampening", metavar="D", action=_Store, help="SGD's dampening of each new gradient")
    group.add_argument("--nesterov", action=_Switch, help="SGD with Nesterov momentum")
    group.add_argument("--weight-decay", metavar="W", action=_Store, help="weight decay λ")
    group.add_argument("--betas", metavar="B1,B2", action=_Store, help="Adam's β₁ and β₂")
    group.add_argument("--eps", metavar="E", action=_Store, help="Adam's ε")


def _optimizer_from(args: argparse.Namespace) -> Optimizer:
    """The optimizer the flags name, checked: the flags given, torch's defaults for the rest."""
    given: dict[str, object] = {key: getattr(args, key) for key in ("momentum", "dampening", "weight_decay",
                                                                     "betas", "eps") if getattr(args, key) is not None}
    if args.nesterov:
        given["nesterov"] = True
    return make_optimizer(args.optimizer or "sgd", **given)


def _add_network_flags(parser: argparse.ArgumentParser, *, own_lr0: bool) -> None:
    """The network's batch size and scheduler step; in the window also its own η₀ (`--net-lr0`),
    since there --lr0 is the valley's."""
    group = parser.add_argument_group("the network")
    if own_lr0:
        group.add_argument("--net-lr0", metavar="X", action=_Store, default=_DEFAULTS.net_lr0,
                           help="the network's own η₀ (--lr0 is the valley's)")
    group.add_argument("--batch-size", metavar="B", action=_Store, default=_DEFAULTS.batch_size,
                       help=f"mini-batch size, 1 … {TRAIN_SIZE} or full ({TRAIN_SIZE} points)")
    group.add_argument("--scheduler-step", metavar="WHEN", action=_Store, choices=SCHEDULER_STEPS,
                       default=_DEFAULTS.scheduler_step, help="scheduler.step() once an epoch or once a batch")


def _recipe_from(args: argparse.Namespace, lr0: object) -> Recipe:
    """The network's recipe from the flags: η₀ `lr0`, --batch-size, --scheduler-step, the optimizer flags."""
    from lrgame.train.recipe import make_recipe

    return make_recipe(lr0, args.batch_size, _optimizer_from(args), args.scheduler_step)


def _at_least_one(name: str, value: object) -> int:
    return typed_whole_in(name, value, 1, math.inf, refusal="is not allowed: give a whole number ≥ 1")


# ---- commands -------------------------------------------------------------------------------------


def _settings(args: argparse.Namespace, name: str, ctx: RunContext, params: dict[str, Value]) -> config.Settings:
    """The run's checked settings from the simulation and optimizer flags (a preset sets the sharpness
    and the unit)."""
    sharpness = get_preset(args.preset).settings().sharpness if args.preset else read_number("sharpness",
                                                                                             args.sharpness)
    return config.make_settings(
        name, ctx.lr0, ctx.epochs, params, args.valley, sharpness, read_number("noise", args.noise),
        typed_whole_in("seed", args.seed, *config.SEED_RANGE),
        typed_whole_in("steps_per_epoch", args.steps_per_epoch, 1, MAX_EPOCHS // ctx.epochs),
        _optimizer_from(args), net_lr0=getattr(args, "net_lr0", _DEFAULTS.net_lr0), batch_size=args.batch_size,
        scheduler_step=args.scheduler_step, unit=get_preset(args.preset).unit if args.preset else "epochs",
    )


def _window(args: argparse.Namespace) -> int:
    """Open the simulator (or run it headless) with checked LaunchOptions; the paths it will
    write are checked before it starts."""
    frames = None if args.frames is None else _at_least_one("frames", args.frames)
    idle = typed_number_in("idle_seconds", args.idle_seconds, 1, 86_400)
    random_input = None if args.random_input is None else typed_whole_in("random_input", args.random_input,
                                                                         *config.SEED_RANGE)
    scale = None if args.scale is None else config.check_scale(args.scale)
    warnings: list[str] = []
    view, landscape = _landscape_launch(args)
    setup = None
    if args.setup is not None:
        setup, warnings, epoch = _from_setup(args.setup, args.epoch)
        settings, preset, theme, scale = setup.settings, setup.preset, setup.theme, setup.scale
        setup, landscape = _setup_view(args, setup, view, landscape)
    else:
        name, ctx, params, epoch = _run_from(args)
        settings, preset = _settings(args, name, ctx, params), args.preset or ""
        theme = "projector" if args.projector else "dark"
        scale = 1.0 if scale is None else scale
    # A projector with no size asked for gets the whole display: its text is 24 px only at scale 1.5,
    # which needs more room than the default window has (layout.needed_size).
    projector_screen = args.projector and args.size is None
    size = LaunchOptions.size if args.size is None else parse_size(args.size)
    screenshot = None if args.screenshot is None else check_writable("screenshot", args.screenshot, IMAGE_SUFFIXES)
    dump_state = None if args.dump_state is None else check_writable("dump_state", args.dump_state)
    save_setup = None if args.save_setup is None else check_writable("save_setup", args.save_setup)
    options = LaunchOptions(
        settings=settings, epoch=epoch, size=size, fullscreen=args.fullscreen or args.kiosk or projector_screen,
        headless=args.headless, frames=frames, play=args.play, screenshot=screenshot,
        dump_state=dump_state, save_setup=save_setup, setup=setup, preset=preset, kiosk=args.kiosk,
        idle_seconds=idle, random_input=random_input, theme=theme, scale=scale, messages=tuple(warnings),
        view=view, landscape=landscape,
    )
    from lrgame.app import window as app  # only a window needs pygame; export and bench never load it

    return app.run(options)


def _landscape_launch(args: argparse.Namespace) -> tuple[str, LandscapeRun | None]:
    """The view to open and, for the landscape, its surface and knobs. --surface opens the landscape;
    its η₀, T and noise replace the defaults unless --lr0, --epochs, --noise, --preset or --setup set
    them."""
    view = args.view if args.view is not None else ("landscape" if args.surface is not None else VALLEY)
    if view not in LAUNCH_VIEWS:
        raise ConfigError(f"view={quoted(view)} is not allowed: give one of {', '.join(LAUNCH_VIEWS)}")
    if view != "landscape":
        flag = "surface" if args.surface is not None else "surface_param" if args.surface_param else None
        if flag is not None:
            raise ConfigError(f"{_flag(flag)} goes with the landscape view: leave out --view {view}")
        return view, None
    if args.setup is not None and args.surface is None and args.surface_param:
        raise ConfigError("--surface-param goes with --surface here: the setup file's landscape sets its surface "
                          "and knobs")
    surface = get_surface(args.surface if args.surface is not None else DEFAULT_SURFACE)
    typed = _typed(args, PROG)
    if not {"preset", "setup"} & set(typed):
        args.lr0 = args.lr0 if "lr0" in typed else surface.lr0
        args.epochs = args.epochs if "epochs" in typed else surface.epochs
    if "setup" not in typed and "noise" not in typed:
        args.noise = surface.noise
    return view, make_landscape_run(surface.name, _pair_texts(args.surface_param, "surface_param", "kappa=100"))


def _setup_view(args: argparse.Namespace, setup: Setup, view: str,
                landscape: LandscapeRun | None) -> tuple[Setup, LandscapeRun | None]:
    """With --setup, the file's landscape (the landscape None: the setup opens it), unless the
    command line names a surface (--surface) or another view (--view)."""
    if setup.landscape is None or args.surface is not None:
        return setup, landscape
    if view != "landscape":
        return (replace(setup, landscape=None) if "view" in _typed(args, PROG) else setup), landscape
    return setup, None


def _from_setup(path: Path, epoch_text: str | None) -> tuple[Setup, list[str], int | None]:
    """The setup file's lesson and warnings (said on stderr too, and shown in the window) and the
    epoch to look at, checked against the file's run."""
    from lrgame.sim.setups import load_setup

    setup, warnings = load_setup(path)
    for warning in warnings:
        print(f"{PROG}: warning: {warning}", file=sys.stderr)
    epoch = None if epoch_text is None else typed_whole_in("epoch", epoch_text, 0, setup.settings.epochs)
    return setup, warnings, epoch


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
    ctx = schedules.context(args.lr0 if args.lr0 is not None else _DEFAULTS.lr0, 1)
    specs = {p.name: p for p in PLATEAU_PARAMS}
    given: dict[str, Value] = {}
    for key, text in _param_texts(args.param).items():
        if key not in specs:
            raise ConfigError(f"param={quoted(key)} is not one of {args.schedule}'s: {', '.join(specs)}")
        given[key] = specs[key].parse(text, ctx)
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
    epoch = last if epoch is None else typed_whole_in("epoch", epoch, 0, last)
    if args.format == "csv":
        return _emit(args, csv_text(rows))
    return _emit(args, _json(name, ctx, params, rows, summarize(curve, ctx.lr0, epoch * per)))


def _path(args: argparse.Namespace) -> int:
    """The ball's path as JSON: every position, loss and rate the window would show."""
    if args.surface is not None:
        return _landscape_path(args)
    if args.surface_param:
        raise ConfigError("--surface-param only makes sense with --surface")
    name, ctx, params, epoch = _run_from(args)
    if epoch is not None:
        raise ConfigError("--epoch is not used by path: it prints every step of the run")
    settings = _settings(args, name, ctx, params)
    start = None if args.x0 is None else typed_number_in("x0", args.x0, *X0_RANGE)
    sys.stdout.write(json.dumps(path_document(settings, start), allow_nan=False) + "\n")
    return 0


def _landscape_path(args: argparse.Namespace) -> int:
    """The optimizer's path across a 2-D surface as JSON; η₀, T, the noise and the start left out
    take the surface's defaults, as choosing it in the window does (a preset sets η₀ and T)."""
    given = _typed(args, f"{PROG} path")
    valley = next((flag for flag in given if flag in ("valley", "sharpness")), None)
    if valley is not None:
        raise ConfigError(f"{_flag(valley)} does not go with --surface: the path crosses the surface, not the valley")
    surface = get_surface(args.surface)
    surface_params = check_surface_params(surface, _pair_texts(args.surface_param, "surface_param", "kappa=100"))
    for key in ("lr0", "epochs", "noise"):
        if key not in given and (key == "noise" or "preset" not in given):
            setattr(args, key, getattr(surface, key))
    name, ctx, params, epoch = _run_from(args)
    if epoch is not None:
        raise ConfigError("--epoch is not used by path: it prints every step of the run")
    start = None if args.x0 is None else check_start(surface, args.x0)
    run = make_landscape_run(surface.name, surface_params, start, _settings(args, name, ctx, params))
    sys.stdout.write(json.dumps(landscape_document(run, compute_path(run)), allow_nan=False) + "\n")
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
    """compare's --seeds: whole numbers in the seed range, comma-separated."""
    lo, hi = config.SEED_RANGE
    parts = text.split(",")
    if not all(part.strip().isdigit() and len(part.strip()) <= len(str(hi)) for part in parts):
        raise ConfigError(f"seeds={quoted(text)} is not allowed: give comma-separated whole numbers in [{lo}, {hi}], "
                          "e.g. 0,1,2")
    return [typed_whole_in("seeds", part, lo, hi) for part in parts]


def _compare(args: argparse.Namespace) -> int:
    """Train the network under every schedule and print the table."""
    from lrgame.train.every_schedule import compare, format_table, heading, rows_to_json
    from lrgame.train.recipe import check_length, recipe_json

    ctx = schedules.context(args.lr0, args.epochs)
    if ctx.epochs > 5000:
        raise ConfigError(
            f"epochs={ctx.epochs} is not allowed here: the comparison trains dozens of networks, at most 5000"
        )
    recipe = _recipe_from(args, ctx.lr0)
    check_length(ctx.epochs, recipe)
    seeds = _seeds(args.seeds)
    rows = compare(ctx.epochs, recipe, seeds)
    settings = {"epochs": ctx.epochs, **recipe_json(recipe), "seeds": seeds}
    print(rows_to_json(rows, settings) if args.format == "json" else format_table(rows, heading(ctx.epochs, recipe)))
    return 0


def _train(args: argparse.Namespace) -> int:
    """Train the network under one schedule and print every epoch's figures."""
    from lrgame.train import report
    from lrgame.train.recipe import check_length, network_run, recipe_json

    schedule = schedules.entry(args.schedule)
    ctx = schedules.context(args.lr0, args.epochs)
    given = {key: schedule.spec(key).parse(text, ctx) for key, text in _param_texts(args.param).items()}
    params = schedules.resolve(schedule.name, ctx.lr0, ctx.epochs, given)
    recipe = _recipe_from(args, ctx.lr0)
    check_length(ctx.epochs, recipe)
    seed = typed_whole_in("seed", args.seed, *config.SEED_RANGE)
    every = None if args.sharpness_every is None else typed_whole_in("sharpness_every", args.sharpness_every, 1,
                                                                     max(1, ctx.epochs))
    run = network_run(schedule.name, ctx.epochs, params, recipe, seed)
    log = None
    if every is not None:
        from lrgame.train.sharpness import SharpnessLog

        log = SharpnessLog(run, every)
    run.advance(ctx.epochs, watch=() if log is None else (log,))
    if args.format == "json":
        settings = {"schedule": schedule.name, "params": params, "epochs": ctx.epochs, **recipe_json(recipe),
                    "seed": seed} | ({} if every is None else {"sharpness_every": every})
        print(report.to_json(run, settings, log))
    else:
        print(report.to_table(run, f"{schedule.label} on the network: {recipe.describe()}; T = {ctx.epochs}, "
                                   f"seed {seed}.", log))
    return 0


def _range_test(args: argparse.Namespace) -> int:
    """Smith's range test on the spiral network, without a window."""
    from lrgame.train.range_rules import LABELS, RECOMMENDED
    from lrgame.train.range_test import range_test

    recipe = _recipe_from(args, None)
    result = range_test(seed=typed_whole_in("seed", args.seed, *config.SEED_RANGE), batch_size=recipe.batch_size,
                        optimizer=recipe.optimizer)
    if args.format == "json":
        print(json.dumps({"rates": result.rates.tolist(), "losses": result.losses.tolist(),
                          "smoothed": result.smoothed.tolist(), "suggestion": result.suggestion,
                          "recommended": RECOMMENDED, "rules": result.rules, "reason": result.reason,
                          "stopped_at": result.stopped_at}))
    else:
        print(f"suggested η₀ = {result.suggestion:.3g}: {result.reason}")
        print("the four rules: " + ", ".join(f"{LABELS[name]} {value:.3g}" for name, value in result.rules.items()))
    return 0


def _bench(args: argparse.Namespace) -> int:
    """Time what --what names, printing each figure as it is measured."""
    epochs, repeats = check_epochs(args.epochs), _at_least_one("repeats", args.repeats)
    memory_frames = typed_whole_in("memory_frames", args.memory_frames, 0, 10_000_000)
    from lrgame.bench.run import run

    run(args.what, epochs, repeats, memory_frames)
    return 0


# ---- the parser -------------------------------------------------------------------------------------


def _add_sim_flags(parser: argparse.ArgumentParser) -> None:
    sim = parser.add_argument_group("simulation")
    sim.add_argument("--valley", metavar="KIND", action=_Store, default=_DEFAULTS.valley,
                     help="shape of the loss valley")
    sim.add_argument("--sharpness", metavar="S", action=_Store, default=_DEFAULTS.sharpness, help="valley curvature")
    sim.add_argument("--noise", metavar="N", action=_Store, default=_DEFAULTS.noise, help="gradient noise level")
    sim.add_argument("--seed", metavar="K", action=_Store, default=_DEFAULTS.seed, help="seed for the gradient noise")
    sim.add_argument("--steps-per-epoch", metavar="S", action=_Store, default=_DEFAULTS.steps_per_epoch,
                     help="scheduler steps (batches) per epoch; knobs stay in epochs")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG, formatter_class=_Help, allow_abbrev=False,
        description="Watch a learning-rate schedule steer gradient descent down a loss valley. "
        "With no command, open the simulator window.",
        epilog=f"{textwrap.fill(RULE, 80)}\n\n`{PROG} export --help` lists every schedule and its parameters.",
    )
    parser.set_defaults(run=_window)
    _add_run_flags(parser, required=False)
    _add_sim_flags(parser)
    _add_optimizer_flags(parser)
    _add_network_flags(parser, own_lr0=True)
    win = parser.add_argument_group("window")
    win.add_argument("--size", metavar="WxH", action=_Store, help="window size (default: {}x{}; with --projector: "
                     "the whole screen)".format(*LaunchOptions.size))
    win.add_argument("--fullscreen", action=_Switch, help="fill the screen")
    win.add_argument("--play", action=_Switch, help="start playing through the epochs at once")
    win.add_argument("--headless", action=_Switch, help="run without showing a window (for scripts and tests)")
    win.add_argument("--frames", metavar="N", action=_Store, help="with --headless: stop after N frames")
    win.add_argument("--kiosk", action=_Switch,
                     help="unattended: fullscreen, attract mode when idle, only Ctrl+Shift+Q quits, no file writing")
    win.add_argument("--idle-seconds", metavar="S", action=_Store, default=60.0, help="with --kiosk: idle time "
                     "before the attract mode starts")
    win.add_argument("--random-input", metavar="SEED", action=_Store, help="with --headless --frames: feed seeded "
                     "random input; exit 0 only if nothing failed; files go to a new temporary folder unless "
                     "LRGAME_OUTPUT names one")
    win.add_argument("--projector", action=_Switch, help="start in the light, high-contrast projector theme, "
                     "fullscreen unless --size is given (text 24 px on a 1080p screen)")
    win.add_argument("--scale", metavar="F", action=_Store, help="size of every font and widget, 0.75 … 2.5 "
                     "(capped to what fits the window)")
    win.add_argument("--setup", metavar="FILE", action=_Store, type=Path, help="start from a saved setup (Ctrl+S in "
                     "the window or --save-setup saves one); it sets every simulation setting, the optimizer, the "
                     "recipe, the look, the compared schedules and the landscape (--surface opens another), so "
                     "none of those flags go with it")
    win.add_argument("--screenshot", metavar="PATH", action=_Store, type=Path,
                     help=f"with --headless: save the last frame as an image ({', '.join(IMAGE_SUFFIXES)})")
    win.add_argument("--dump-state", metavar="PATH", action=_Store, type=Path,
                     help="save the state as JSON when the window closes (Ctrl+Q, the close button, or the last "
                     "--headless frame); docs/state.md")
    win.add_argument("--save-setup", metavar="PATH", action=_Store, type=Path,
                     help="save the setup, as Ctrl+S does, to PATH when the window closes (as --dump-state); "
                     "--setup opens it again")
    win.add_argument("--view", metavar="NAME", action=_Store, help=f"the view at start: one of "
                     f"{', '.join(LAUNCH_VIEWS)} (default: {VALLEY}, or with --setup the file's landscape if it has "
                     "one; with --surface: landscape)")
    land = parser.add_argument_group("landscape (the 2-D view, D in the window; docs/landscape.md)")
    land.add_argument("--surface", metavar="NAME", action=_Store, help=f"open the landscape on this surface: one "
                      f"of {', '.join(SURFACES)}; its start, η₀, T and noise unless --lr0, --epochs, --noise, --preset "
                      "or --setup set them (with --setup: this surface in place of the file's landscape)")
    land.add_argument("--surface-param", metavar="K=V", action=_Append, help="a knob of the surface, repeatable "
                      "(each K once), kept apart from the schedule's --param")

    commands = parser.add_subparsers(title="commands",
                                     metavar="{export,path,presets,compare,train,range-test,bench}")
    export = commands.add_parser(
        "export", formatter_class=_Help, allow_abbrev=False, help="write a schedule's curve as CSV or JSON",
        description="Write the rates for t = 0..T (T+1 rows; with --steps-per-epoch S, one per step: T·S+1) and, "
        "in JSON, the summary at --epoch (default T). One-cycle lists 0..T−1: PyTorch defines no rate at T.",
        epilog=_registry_listing(schedules.context(_DEFAULTS.lr0, _DEFAULTS.epochs)),
    )
    export.set_defaults(run=_export)
    _add_run_flags(export, required=True)
    export.add_argument("--format", action=_Store, choices=("csv", "json", "pytorch"), default="csv",
                        help="output format; pytorch: a runnable snippet that reproduces the curve")
    export.add_argument("--steps-per-epoch", metavar="S", action=_Store, default=1,
                        help="S batches per epoch, scheduler.step() once per batch (knobs stay in epochs): "
                        "pytorch steps per batch, csv and json list one rate per step")
    export.add_argument("--output", metavar="PATH", action=_Store, type=Path,
                        help="write here instead of to stdout (checked before anything is computed)")
    _add_optimizer_flags(export)

    path = commands.add_parser(
        "path", formatter_class=_Help, allow_abbrev=False, help="print the ball's path as JSON",
        description="The path the window shows, one entry per step (x_0 … x_T·S): x, loss and the rate of "
        "each step, the floor x*, and with several steps per epoch the epoch of each step. With --surface, "
        "the path across that 2-D surface instead: every point [x, y] (p_0 … p_T·S, fewer if it flew off), "
        "the loss there and the rate of each step taken; η₀, T, the noise and the start default to the "
        "surface's (docs/landscape.md).",
    )
    path.set_defaults(run=_path)
    _add_run_flags(path, required=False)
    _add_sim_flags(path)
    _add_optimizer_flags(path)
    path.add_argument("--x0", metavar="X", action=_Store, help=f"where the ball starts, in [{X0_RANGE[0]:g}, "
                      f"{X0_RANGE[1]:g}] (default: the valley's start); with --surface, X,Y (default: the "
                      "surface's start)")
    path.add_argument("--surface", metavar="NAME", action=_Store, help=f"one of {', '.join(SURFACES)}: the path "
                      "across that 2-D surface instead of the valley")
    path.add_argument("--surface-param", metavar="KEY=VALUE", action=_Append, help="a knob of the surface, "
                      "repeatable (each KEY once), e.g. kappa=100")
    path.add_argument("--format", action=_Store, choices=("json",), default="json", help="output format")

    listing = commands.add_parser("presets", formatter_class=_Help, help="list the famous recipes",
                                  description="Each preset: name, what it does, its unit, and its source.")
    listing.set_defaults(run=_presets)

    grand = commands.add_parser("compare", formatter_class=_Help, help="train a real network under every schedule",
                                description="The same 2-64-64-3 network, data and T under every schedule, beside "
                                "constant rates at the same peak and at each schedule's average rate.")
    grand.set_defaults(run=_compare)
    grand.add_argument("--epochs", metavar="T", action=_Store, default=COMPARE_EPOCHS, help="epochs per run")
    grand.add_argument("--lr0", metavar="X", action=_Store, default=_DEFAULTS.net_lr0, help="the network's peak "
                       "learning rate η₀")
    grand.add_argument("--seeds", metavar="LIST", action=_Store, default=COMPARE_SEEDS,
                       help="comma-separated seeds; the table shows mean ± spread")
    grand.add_argument("--format", action=_Store, choices=("table", "json"), default="table", help="output format")
    _add_network_flags(grand, own_lr0=False)
    _add_optimizer_flags(grand)

    network = commands.add_parser(
        "train", formatter_class=_Help, allow_abbrev=False, help="train the network under one schedule",
        description="Train the 2-64-64-3 network on the spiral under one schedule and print every epoch: its rate "
        "and momentum, then the training loss, test loss and test accuracy after it. Every flag takes the window's "
        "default; a run that diverges still exits 0, its losses null (—) from there on.",
    )
    network.set_defaults(run=_train)
    network.add_argument("--schedule", metavar="NAME", action=_Store, default=_DEFAULTS.schedule,
                         help=f"one of {', '.join(schedules.ENTRIES)}")
    network.add_argument("--lr0", metavar="X", action=_Store, default=_DEFAULTS.net_lr0,
                         help="the network's peak learning rate η₀")
    network.add_argument("--epochs", metavar="T", action=_Store, default=_DEFAULTS.epochs, help="epochs in the run")
    network.add_argument("--param", metavar="KEY=VALUE", action=_Append,
                         help="a schedule parameter, repeatable (each KEY once)")
    network.add_argument("--seed", metavar="K", action=_Store, default=_DEFAULTS.seed,
                         help="seed for the data, the initial weights and the batches' order")
    network.add_argument("--format", action=_Store, choices=("table", "json"), default="table", help="output format")
    network.add_argument("--sharpness-every", metavar="N", action=_Store, default=None,
                         help="measure the sharpness (the largest eigenvalue of the training loss's Hessian; with "
                         "Adam, of its preconditioned Hessian) every N epochs, at the weights each epoch starts "
                         "from: a \"sharpness\" field in every row, null where not measured")
    _add_network_flags(network, own_lr0=False)
    _add_optimizer_flags(network)

    probe = commands.add_parser("range-test", formatter_class=_Help, help="find a good η₀ with an LR range test",
                                description="Raise the network's rate from 1e-6 to 10, one optimizer step on the next "
                                "mini-batch each, and suggest the network's η₀.")
    probe.set_defaults(run=_range_test)
    probe.add_argument("--seed", metavar="K", action=_Store, default=0, help="seed for the network and the data "
                       "(one whole number)")
    probe.add_argument("--format", action=_Store, choices=("text", "json"), default="text", help="output format")
    probe.add_argument("--batch-size", metavar="B", action=_Store, default=_DEFAULTS.batch_size,
                       help=f"mini-batch size, 1 … {TRAIN_SIZE} or full: each step takes the next batch")
    _add_optimizer_flags(probe)

    timing = commands.add_parser(
        "bench", formatter_class=_Help, allow_abbrev=False, help="time the engine, the window and training",
        description="Time each schedule's curve against a bare numpy.cos over as many points, the window's "
        "frames, memory and start-up, and the training views; each figure is printed as it is measured, beside "
        "its goal, and a figure that misses its goal is marked MISSED.",
    )
    timing.set_defaults(run=_bench)
    timing.add_argument("--what", action=_Store, choices=("engine", "window", "train", "all"), default="all",
                        help="what to time; train: the network against a matmul floor, and the window's frames "
                        "while it trains")
    timing.add_argument("--memory-frames", metavar="N", action=_Store, default=100_000,
                        help="with --what window: frames of play for the memory check (0 skips it)")
    timing.add_argument("--epochs", metavar="N", action=_Store, default=1_000_000,
                        help="with --what engine: curve length")
    timing.add_argument("--repeats", metavar="K", action=_Store, default=7,
                        help="runs per schedule; the median counts")
    return parser


_COMMANDS = {_export: "export", _path: "path", _presets: "presets", _compare: "compare", _train: "train",
             _range_test: "range-test", _bench: "bench"}


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (argparse exits by itself for --help and errors).
    A reader that stops reading (`lrgame presets | head -1`) ends it quietly, as it would any Unix tool."""
    parser = _parser()
    try:
        args = parser.parse_args(_glued(sys.argv[1:] if argv is None else argv))
        if args.run is not _window:
            resume_after_start_up()  # the window resumes the collector after its first frame
        try:
            _check_flags(args, _COMMANDS.get(args.run))
            if getattr(args, "output", None) is not None:
                check_writable("output", args.output)
            return args.run(args)
        except ConfigError as err:
            from lrgame.engine.wording import worded  # at the first refusal: start-up counts

            parser.error(worded(str(err), "cli", schedule=getattr(args, "schedule", None), flags=_dests(parser),
                                names=SCREEN_NAMES))
    except BrokenPipeError:
        return _reader_gone()


def _dests(parser: argparse.ArgumentParser) -> set[str]:
    """Every flag's setting name, the commands' too: a message names each by its flag."""
    dests = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            dests.update(*(_dests(command) for command in action.choices.values()))
        elif action.option_strings:
            dests.add(action.dest)
    return dests


def _glued(argv: list[str]) -> list[str]:
    """`--x0 -1.2,1.0` as `--x0=-1.2,1.0`: argparse takes a value that starts with "-" for a flag
    unless it is a plain negative number, and a point is not."""
    out: list[str] = []
    for i, arg in enumerate(argv):
        if i and argv[i - 1] == "--x0" and out[-1] == "--x0" and arg.startswith("-") and "," in arg:
            out[-1] = f"--x0={arg}"
        else:
            out.append(arg)
    return out


def _reader_gone() -> int:
    """stdout's reader has gone: point stdout at nothing (Python's exit would flush into the closed
    pipe and complain) and end with the status a shell gives a tool stopped by SIGPIPE."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 128 + 13
