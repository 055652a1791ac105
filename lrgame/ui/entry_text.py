"""A text box's text set from the state, leaving no garbage cycle behind.

`UITextEntryLine.set_text` lays the text out anew, and the layout it drops is a reference cycle
(the layout holds its rows, each row holds the layout): twenty objects that only the garbage
collector frees. Playing, the epoch box is set every new epoch, and those cycles made three of
every four of the collector's runs, each ~0.4 ms on top of the frame it fell in. Emptying the old
layout's references to its rows breaks the cycle, so it is freed at once. The box shows what
`set_text` made: nothing of the new layout is touched.

`set_text` also queues the box's disabled look to be drawn again with the new text on the next
update (~0.05 ms, every epoch), though no box here is ever disabled. pygame_gui makes a look that
is not `generated` when it is first shown (`DrawableShape.set_active_state`), so it is left to that.
"""

from __future__ import annotations

from pygame_gui.elements import UITextEntryLine


def set_entry_text(entry: UITextEntryLine, text: str) -> None:
    """`entry.set_text(text)`, then the layout it replaced freed at once (see the module)."""
    shape = entry.drawable_shape
    old = None if shape is None else shape.text_box_layout
    entry.set_text(text)
    if old is not None and old is not shape.text_box_layout:
        old.layout_rows, old.selected_rows, old.selected_chunks, old.cursor_text_row = [], [], [], None
    if shape is not None and "disabled" in shape.states_to_redraw_queue and shape.active_state.state_id != "disabled":
        shape.states_to_redraw_queue.remove("disabled")  # drawn when shown, not now (see the module)
        shape.states["disabled"].generated = False
