"""E in the window: the export menu writes PyTorch code, CSV and PNG into the output folder."""

import numpy as np
import pygame
import pytest

from lrgame.app.modes.code import CodeOverlay
from lrgame.app.modes.export_menu import ExportMenu
from lrgame.export.pytorch import pytorch_code


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
