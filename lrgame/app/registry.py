"""Every screen mode and overlay in one table, each with the intent that opens it (the same intent
closes it again). The valley (modes/valley.py) is not listed: it is always there, under them all.

Topmost first: an intent, a click or a key goes to the open modes in this order. The export
menu takes everything while open; a training view's buttons come before the setup list, as they
always did. What each mode draws, and where, is the scene's business, not this order's.
"""

from __future__ import annotations

from lrgame.app.mode import Mode
from lrgame.app.modes.code import CodeOverlay
from lrgame.app.modes.every_schedule import EveryScheduleMode
from lrgame.app.modes.explain import ExplainOverlay
from lrgame.app.modes.export_menu import ExportMenu
from lrgame.app.modes.help import HelpOverlay
from lrgame.app.modes.landscape import LandscapeMode
from lrgame.app.modes.race import RaceMode
from lrgame.app.modes.range_test import RangeTestMode
from lrgame.app.modes.setup_list import SetupList
from lrgame.app.modes.train import TrainMode
from lrgame.sim import intents as it

MODES: tuple[tuple[type[it.Intent] | None, type[Mode]], ...] = (
    (it.OpenExport, ExportMenu),
    (it.ToggleEverySchedule, EveryScheduleMode),
    (it.ToggleRangeTest, RangeTestMode),
    (it.ToggleTrain, TrainMode),
    (it.OpenSetups, SetupList),
    (it.ToggleHelp, HelpOverlay),
    (None, CodeOverlay),  # opened by exporting the code
    (it.ToggleExplain, ExplainOverlay),
    (it.ToggleRace, RaceMode),
    (it.ToggleLandscape, LandscapeMode),  # under the race: C shows the race over it
)
OPENED_BY: dict[type[it.Intent], type[Mode]] = {intent: mode for intent, mode in MODES if intent is not None}
ORDER: dict[type[Mode], int] = {mode: i for i, (_, mode) in enumerate(MODES)}
