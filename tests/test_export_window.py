"""E in the window: the export menu writes PyTorch code, CSV and PNG into the output folder."""

import numpy as np
import pygame
import pytest

from lrgame.app.modes.code import CodeOverlay
from lrgame.app.modes.export_menu import ExportMenu
from lrgame.export.pytorch import plateau_code, pytorch_code
from lrgame.sim import intents as it


@pytest.fixture
def out(tmp_path, monkeypatch):
    monkeypatch.setenv("LRGAME_OUTPUT", str(tmp_path))
    return tmp_path


def test_each_choice_writes_its_file_and_confirms(launch, out):
    d = launch(schedule="cosine", epochs=60)
    d.key(pygame.K_e)
    assert d.app.find(ExportMenu).folder == str(out)
    d.key(pygame.K_1, unicode="1")
    assert d.app.find(ExportMenu) is None
    (code,) = out.glob("*.py")
    assert code.read_text() == pytorch_code("cosine", 0.1, 60, dict(d.app.sim.settings.params))
    assert code.name in d.app.messages.toast.text and not d.app.messages.toast.error
    assert d.app.find(CodeOverlay).code == code.read_text()  # shown in the window too
    d.key(pygame.K_ESCAPE)
    assert d.app.find(CodeOverlay) is None
    d.key(pygame.K_e)
    d.key(pygame.K_2, unicode="2")
    (table,) = out.glob("*.csv")
    rows = table.read_text().splitlines()
    assert rows[0] == "epoch,lr"
    np.testing.assert_array_equal([float(r.split(",")[1]) for r in rows[1:]], d.app.sim.curve)
    d.key(pygame.K_e)
    d.key(pygame.K_3, unicode="3")
    (picture,) = out.glob("*.png")
    assert pygame.image.load(str(picture)).get_size() == d.app.window.get_size()


def test_a_click_on_a_row_exports_and_esc_closes(launch, out):
    from lrgame.view.overlay import export_menu_rows

    d = launch()
    d.key(pygame.K_e)
    rect = dict((kind, r) for r, kind in export_menu_rows(d.app.window.get_size()))["all"]
    d.click(rect.center)
    assert len(list(out.iterdir())) == 3
    d.key(pygame.K_e)
    d.key(pygame.K_ESCAPE)
    assert d.app.find(ExportMenu) is None
    d.key(pygame.K_RIGHT)  # keys work again
    assert d.app.sim.epoch == 1


def test_an_unusable_output_folder_is_a_message_not_a_crash(launch, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv("LRGAME_OUTPUT", str(blocker))
    d = launch()
    d.key(pygame.K_e)
    assert d.app.running and d.app.find(ExportMenu) is None
    assert d.app.messages.toast.error and "output folder" in d.app.messages.toast.text


def test_s_saves_a_screenshot_and_says_where(launch, out):
    d = launch()
    d.key(pygame.K_s, unicode="s")
    (shot,) = out.glob("*.png")
    assert shot.name in d.app.messages.toast.text and str(out) in d.app.messages.toast.text


def _shown_code(d) -> str:
    return d.app.shown().code


def test_the_code_shown_follows_the_settings_changed_under_it(launch, out):
    """E, 1, then Tab to η₀ and +: the code on screen is the new rate's, never the old one's."""
    d = launch(schedule="cosine", epochs=60)
    d.key(pygame.K_e)
    d.key(pygame.K_1, unicode="1")
    (saved,) = out.glob("*.py")
    assert _shown_code(d).startswith(saved.read_text())
    d.key(pygame.K_TAB)  # schedule
    d.key(pygame.K_TAB)  # recipe
    d.key(pygame.K_TAB)  # η₀
    assert d.app.panel.focused().key == "lr0"
    d.key(pygame.K_EQUALS, unicode="=")
    s = d.app.sim.settings
    assert s.lr0 > 0.1
    now = pytorch_code("cosine", s.lr0, 60, dict(s.params))
    shown = _shown_code(d)
    assert now in shown and f"lr={s.lr0!r}" in shown and "lr=0.1," not in shown
    assert "You changed the settings" in shown.splitlines()[0]  # the file holds the old code: said first
    assert saved.read_text() != now and list(out.glob("*.py")) == [saved]  # nothing written behind the user's back
    d.key(pygame.K_MINUS, unicode="-")  # back to the exported rate: the file's code again
    assert d.app.sim.settings.lr0 == 0.1
    assert _shown_code(d).startswith(saved.read_text())


def test_the_code_shown_follows_a_change_to_a_loss_driven_schedule(launch, out):
    d = launch(schedule="cosine")
    d.key(pygame.K_e)
    d.key(pygame.K_1, unicode="1")
    d.app.apply(it.SetValue("schedule", "reduce_on_plateau"))
    d.frames(2)
    s = d.app.sim.settings
    assert plateau_code(s.lr0, s.params) in _shown_code(d)
    assert "CosineAnnealingLR" not in _shown_code(d)
