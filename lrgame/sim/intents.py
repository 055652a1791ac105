"""What a person asked for, independent of how (key, click, drag, text box, touch).

The key table and the panel turn events into these; the app's modes carry them out. Keeping them as
plain values lets tests and the random-input soak speak the same language as the keyboard.
"""

from __future__ import annotations


class Intent:
    """Base class: an immutable record of the fields its class annotates, equal to another of the
    same class with the same fields, usable in `match` by position or by name.

    This is what `@dataclass(frozen=True)` would give, written once here: dataclass compiles the
    methods of each class as it is made, about half a millisecond a class, and with three dozen
    intents that was 18 ms of every start-up.
    """

    _fields: tuple[str, ...] = ()
    __match_args__: tuple[str, ...] = ()

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        cls._fields = (*cls._fields, *cls.__dict__.get("__annotations__", {}))
        cls.__match_args__ = cls._fields

    def __init__(self, *args: object, **kwargs: object) -> None:
        cls = type(self)
        if len(args) > len(cls._fields):
            raise TypeError(f"{cls.__name__} takes {len(cls._fields)} values, {len(args)} were given")
        values = dict(zip(cls._fields, args, strict=False))  # fields after the given ones keep their defaults
        for name, value in kwargs.items():
            if name not in cls._fields or name in values:
                raise TypeError(f"{cls.__name__} got an unexpected or repeated value for {name!r}")
            values[name] = value
        for name in cls._fields:
            if name not in values:
                if not hasattr(cls, name):  # a class attribute is the field's default
                    raise TypeError(f"{cls.__name__} needs a value for {name!r}")
                values[name] = getattr(cls, name)
            object.__setattr__(self, name, values[name])

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._values() == self._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{n}={getattr(self, n)!r}' for n in self._fields)})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"an intent cannot be changed: {type(self).__name__}.{name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"an intent cannot be changed: {type(self).__name__}.{name}")


class SetValue(Intent):
    """Set one setting. `key` is a settings field ("lr0", "epochs", "schedule", "valley",
    "sharpness", "noise"), "param.<name>" for a schedule knob, or "epoch" / "speed".
    `value` is a number or choice from a widget, or the raw text typed into a box."""

    key: str
    value: object


class Step(Intent):
    epochs: int


class SeekEnd(Intent):
    """Home (first=True) or End."""

    first: bool


class TogglePlay(Intent):
    pass


class Rewind(Intent):
    pass


class ResetAll(Intent):
    pass


class CycleSchedule(Intent):
    direction: int


class SelectSchedule(Intent):
    index: int


class NudgeLr0(Intent):
    direction: int


class ToggleLog(Intent):
    pass


class ShowPage(Intent):
    """A tab over the knobs' place in the panel: "knobs" (the schedule's), "optimizer", "surface" (2-D) or
    "network"."""

    page: str


class ToggleFullscreen(Intent):
    pass


class ToggleHelp(Intent):
    pass


class NextMessage(Intent):
    """M, or a click on the message line: the next of the messages it shows comes first."""


class Escape(Intent):
    pass


class Quit(Intent):
    """Ctrl+Q, or Ctrl+Shift+Q: the chord that also quits a kiosk."""

    kiosk_chord: bool = False


class MoveFocus(Intent):
    direction: int


class AdjustFocused(Intent):
    direction: int


class ActivateFocused(Intent):
    pass


class OpenExport(Intent):
    """E: the export menu (PyTorch code, CSV, PNG)."""


class Export(Intent):
    """One export: "code", "csv", "png", or "all" three."""

    kind: str


class ToggleExplain(Intent):
    """I: the explanation panel for the current schedule."""


class ToggleRace(Intent):
    """C: the comparison chart and the race."""


class AddToRace(Intent):
    """Shift+C: the current settings join the comparison (two to four slots)."""


class RemoveFromRace(Intent):
    """X: the last slot leaves the comparison."""


class ToggleTrain(Intent):
    """T: train a real network under the current schedule."""


class ToggleProjector(Intent):
    """P: the light, high-contrast projector theme, or back to the dark one."""


class ScaleBy(Intent):
    """Ctrl+= / Ctrl+−: every font and widget one step bigger (+1) or smaller (−1)."""

    direction: int


class SaveSetup(Intent):
    """Ctrl+S: the current settings, theme and scale into a setup file in the output folder."""


class OpenSetups(Intent):
    """Ctrl+O: the list of saved setups (again: close it)."""


class LoadSetup(Intent):
    """One row of the setup list, counted from 0."""

    index: int


class ToggleRangeTest(Intent):
    """G: run the learning-rate range test and show it (again: hide it)."""


class ToggleSharpness(Intent):
    """K in the train view: measure and show the network's sharpness against the edge of stability (again: hide)."""


class UseSuggestedLr0(Intent):
    """Enter or the button while the range test is shown: η₀ becomes its suggestion."""


class ToggleEverySchedule(Intent):
    """Shift+T: train the network under every schedule in the window and show the results (again: hide)."""


class ToggleLandscape(Intent):
    """D: the 2-D landscape in place of the valley, or back."""


class ToggleForks(Intent):
    """F: on the river, cooldowns forked from one constant run in place of the path (opening the
    landscape on the river if need be), or back to the path."""
