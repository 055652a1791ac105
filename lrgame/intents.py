"""What a person asked for, independent of how (key, click, drag, text box, touch).

The controller and the panel turn events into these; the app carries them out. Keeping them as
plain values lets tests and the random-input soak speak the same language as the keyboard.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Intent:
    """Base class, so the app can tell an intent from anything else."""


@dataclass(frozen=True)
class SetValue(Intent):
    """Set one setting. `key` is a settings field ("lr0", "epochs", "schedule", "valley",
    "sharpness", "noise"), "param.<name>" for a schedule knob, or "epoch" / "speed".
    `value` is a number or choice from a widget, or the raw text typed into a box."""

    key: str
    value: object


@dataclass(frozen=True)
class Step(Intent):
    epochs: int


@dataclass(frozen=True)
class SeekEnd(Intent):
    """Home (first=True) or End."""

    first: bool


@dataclass(frozen=True)
class TogglePlay(Intent):
    pass


@dataclass(frozen=True)
class Rewind(Intent):
    pass


@dataclass(frozen=True)
class ResetAll(Intent):
    pass


@dataclass(frozen=True)
class CycleSchedule(Intent):
    direction: int


@dataclass(frozen=True)
class SelectSchedule(Intent):
    index: int


@dataclass(frozen=True)
class NudgeLr0(Intent):
    direction: int


@dataclass(frozen=True)
class ToggleLog(Intent):
    pass


@dataclass(frozen=True)
class ToggleFullscreen(Intent):
    pass


@dataclass(frozen=True)
class ToggleHelp(Intent):
    pass


@dataclass(frozen=True)
class Escape(Intent):
    pass


@dataclass(frozen=True)
class Quit(Intent):
    """Ctrl+Q, or Ctrl+Shift+Q: the chord that also quits a kiosk."""

    kiosk_chord: bool = False


@dataclass(frozen=True)
class MoveFocus(Intent):
    direction: int


@dataclass(frozen=True)
class AdjustFocused(Intent):
    direction: int


@dataclass(frozen=True)
class ActivateFocused(Intent):
    pass


@dataclass(frozen=True)
class OpenExport(Intent):
    """E: the export menu (PyTorch code, CSV, PNG)."""


@dataclass(frozen=True)
class Export(Intent):
    """One export: "code", "csv", "png", or "all" three."""

    kind: str


@dataclass(frozen=True)
class ToggleExplain(Intent):
    """I: the explanation panel for the current schedule."""


@dataclass(frozen=True)
class ToggleCompare(Intent):
    """C: the comparison chart and the race."""


@dataclass(frozen=True)
class AddToCompare(Intent):
    """Shift+C: the current settings join the comparison (two to four slots)."""


@dataclass(frozen=True)
class RemoveFromCompare(Intent):
    """X: the last slot leaves the comparison."""


@dataclass(frozen=True)
class ToggleTrain(Intent):
    """T: train a real network under the current schedule."""


@dataclass(frozen=True)
class ToggleProjector(Intent):
    """P: the light, high-contrast projector theme, or back to the dark one."""


@dataclass(frozen=True)
class ScaleBy(Intent):
    """Ctrl+= / Ctrl+−: every font and widget one step bigger (+1) or smaller (−1)."""

    direction: int


@dataclass(frozen=True)
class SaveSetup(Intent):
    """Ctrl+S: the current settings, theme and scale into a setup file in the output folder."""


@dataclass(frozen=True)
class OpenSetups(Intent):
    """Ctrl+O: the list of saved setups (again: close it)."""


@dataclass(frozen=True)
class LoadSetup(Intent):
    """One row of the setup list, counted from 0."""

    index: int


@dataclass(frozen=True)
class ToggleRangeTest(Intent):
    """G: run the learning-rate range test and show it (again: hide it)."""


@dataclass(frozen=True)
class UseSuggestedLr0(Intent):
    """Enter or the button while the range test is shown: η₀ becomes its suggestion."""


@dataclass(frozen=True)
class ToggleGrandCompare(Intent):
    """Shift+T: train the network under every schedule in the window and show the results (again: hide)."""
