"""Projector mode's colours and widget theme: text at least 7:1 against every surface it sits on,
curves at least 3:1 and never pale, widget fonts at least 24 px tall, measured on the real fonts and
a real pygame_gui manager. The dark palette's text is held to the same bar; where it falls short
the test is a strict xfail that names the fix, so fixing it turns the xfail into a failure to clean up."""

import json

import pygame
import pygame_gui
import pytest

from lrgame.app.ui_build import THEMES, theme_data
from lrgame.look.projector import (
    GRAPHIC_CONTRAST,
    PROJECTOR,
    TEXT_CONTRAST,
    THEME_FILE,
    contrast_ratio,
    relative_luminance,
)
from lrgame.look.theme import ASSETS, DARK, OKABE_ITO
from lrgame.view.slot_look import SLOT_COLOURS

MIN_TEXT_PX = 24  # the issue: text at least 24 px tall at 1920×1080
PROJECTOR_SCALE = THEMES["projector"][3]  # what the projector theme uses at 1920×1080
SURFACES = ("background", "panel", "card")
TEXT_ROLES = ("text", "text_dim", "focus", "danger", "ok")  # focus, danger and ok also colour text
CURVE_ROLES = ("curve", "marker", "limit", "valley_line", "ball", "trail", "loss_trace")


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(pygame.Color(hex_colour))[:3]


def _theme(path=THEME_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_contrast_ratio_matches_known_values():
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast_ratio((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)  # WCAG's #767676
    assert contrast_ratio((10, 200, 30), (10, 200, 30)) == 1.0
    assert contrast_ratio(OKABE_ITO["blue"], (255, 255, 255)) == contrast_ratio((255, 255, 255), OKABE_ITO["blue"])
    assert relative_luminance((255, 255, 255)) == pytest.approx(1.0) and relative_luminance((0, 0, 0)) == 0.0


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("role", TEXT_ROLES)
def test_projector_text_reads_at_7_to_1(role, surface):
    assert contrast_ratio(getattr(PROJECTOR, role), getattr(PROJECTOR, surface)) >= TEXT_CONTRAST


@pytest.mark.parametrize(
    ("role", "surface"),
    [("curve", "panel"), ("marker", "panel"), ("limit", "panel"), ("axis", "panel"),
     ("valley_line", "background"), ("ball", "valley_fill"), ("trail", "valley_fill"), ("danger", "background"),
     ("card_border", "background")],
)
def test_projector_lines_and_markers_stand_out_where_they_are_drawn(role, surface):
    assert contrast_ratio(getattr(PROJECTOR, role), getattr(PROJECTOR, surface)) >= GRAPHIC_CONTRAST


def test_the_comparison_slots_stand_out_on_the_projector_panel():
    assert all(contrast_ratio(c, PROJECTOR.panel) >= GRAPHIC_CONTRAST for c in SLOT_COLOURS)


def test_no_projector_curve_colour_is_pale():
    # Okabe–Ito yellow (0.74), orange (0.42) and sky blue (0.41) are all too light for white paper (F too).
    colours = [getattr(PROJECTOR, r) for r in CURVE_ROLES] + list(SLOT_COLOURS) + list(PROJECTOR.branches)
    assert all(relative_luminance(c) < 0.35 for c in colours)
    assert not {OKABE_ITO["yellow"], OKABE_ITO["orange"], OKABE_ITO["sky"]} & set(colours)


def test_the_projector_curves_differ_from_each_other_and_stay_okabe_ito():
    okabe = set(OKABE_ITO.values())
    assert {PROJECTOR.curve, PROJECTOR.marker, PROJECTOR.limit} <= okabe
    assert len({PROJECTOR.curve, PROJECTOR.marker, PROJECTOR.limit}) == 3
    assert len({PROJECTOR.valley_line, PROJECTOR.ball, PROJECTOR.trail}) == 3


@pytest.mark.parametrize(
    ("role", "surface"),
    # marker colours the readout's "bouncing" words and the explanation's pitfall, both on the panel
    [(r, s) for r in TEXT_ROLES for s in SURFACES] + [("marker", "panel"), ("marker", "background")],
)
def test_dark_palette_text_reads_at_7_to_1(role, surface):
    assert contrast_ratio(getattr(DARK, role), getattr(DARK, surface)) >= TEXT_CONTRAST


@pytest.mark.parametrize("role", ["text", "danger"])
def test_dark_words_over_the_valley_read_at_7_to_1(role):
    # The "DIVERGED" lesson is written over the valley's fill.
    assert contrast_ratio(getattr(DARK, role), DARK.valley_fill) >= TEXT_CONTRAST


# ---- the pygame_gui theme ----------------------------------------------------------------------------


def _key_paths(data: dict) -> set[tuple[str, ...]]:
    return {(block, part, key) for block, parts in data.items() for part, keys in parts.items()
            if isinstance(keys, dict) for key in keys}


def test_the_projector_theme_sets_everything_the_dark_theme_sets():
    assert _key_paths(_theme(ASSETS / "theme.json")) <= _key_paths(_theme())


def _fonts(data: dict):
    for block, parts in data.items():
        if "font" in parts:
            yield block, parts["font"]


def test_every_theme_font_is_a_string_size_at_least_24_px_at_the_projector_scale():
    fonts = list(_fonts(_theme()))
    assert fonts
    for block, spec in fonts:
        assert isinstance(spec["size"], str), f"{block}: pygame_gui ignores a size that is not a string"
    scaled = theme_data("projector", PROJECTOR_SCALE)
    assert all(int(spec["size"]) >= MIN_TEXT_PX for _, spec in _fonts(scaled))


def test_theme_text_reads_at_7_to_1_on_its_own_background():
    data = _theme()
    base = data["defaults"]["colours"]
    pairs = [(base[f"{state}_text"], base[f"{state}_bg"]) for state in ("normal", "hovered", "selected", "active")]
    pairs += [(base["normal_text"], base["dark_bg"]), (data["text_entry_line"]["colours"]["normal_text"],
                                                      data["text_entry_line"]["colours"]["dark_bg"])]
    primary = data["#primary"]["colours"]
    pairs += [(primary["normal_text"], primary["normal_bg"]), (primary["hovered_text"], primary["hovered_bg"])]
    for text, bg in pairs:
        assert contrast_ratio(_rgb(text), _rgb(bg)) >= TEXT_CONTRAST, (text, bg)
    # WCAG exempts disabled controls; they should still be legible.
    assert contrast_ratio(_rgb(base["disabled_text"]), _rgb(base["disabled_bg"])) >= 4.5


@pytest.fixture
def manager_for(tmp_path, monkeypatch):
    """A real pygame_gui manager loading a theme file through the app's own `theme_data`."""
    pygame.init()
    pygame.display.set_mode((1920, 1080))

    def make(theme: str, scale: float = 1.0):
        (tmp_path / "fonts").symlink_to(ASSETS / "fonts")
        monkeypatch.chdir(tmp_path)  # font paths must not depend on the working directory
        return pygame_gui.UIManager((1920, 1080), theme_data(theme, scale))

    yield make
    pygame.quit()


WIDGET_IDS = (["button"], ["text_entry_line"], ["drop_down_menu"], ["drop_down_menu.#selected_option", "button"])
SAMPLE = "η₀ → ∞ Hg"


def _is_dejavu(font, size: int, bold: bool = False) -> bool:
    """The widget font measures like DejaVu at that size (pygame_gui's own Noto Sans does not)."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return font.size(SAMPLE) == pygame.font.Font(ASSETS / "fonts" / name, size).size(SAMPLE)


def test_projector_widgets_really_get_the_big_dejavu_fonts(manager_for):
    theme = manager_for("projector", PROJECTOR_SCALE).get_theme()
    for ids in WIDGET_IDS:
        font = theme.get_font(ids)
        assert font.size("Hg")[1] >= MIN_TEXT_PX, ids
        assert _is_dejavu(font, font.get_point_size()), ids


def test_dark_widgets_get_the_dejavu_font_of_the_dark_theme(manager_for):
    theme = manager_for("dark").get_theme()
    assert all(_is_dejavu(theme.get_font(ids), 15) for ids in WIDGET_IDS)


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_the_readout_words_fit_their_box_in_projector_mode(launch, size):
    from lrgame.look.theme import font, px
    from lrgame.view.readout import READOUT_LINE, regime
    from lrgame.view.text import fit_clause

    d = launch(size=size, theme="projector")
    rect = d.app.scene.layout.readout
    width = rect.w - px(14)
    assert fit_clause("bouncing: overshoots, then less", 13, 10, bold=True) == "bouncing"  # the short form
    for rate in (0.3, 0.1, 0.02, 1e-4):  # flies out, bouncing, settling, crawling at f″ = 15
        words, _ = regime(rate, 15.0)
        shown = fit_clause(words, 13, width, bold=True)
        assert font(13, bold=True).size(shown)[0] <= width, shown
        assert words.startswith(shown)
    assert font(15).size("η·f″ at the floor = 1.500")[0] <= width
    assert px(READOUT_LINE) >= font(15).get_linesize() - 2  # lines do not overprint each other
