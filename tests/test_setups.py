"""Saved setups: what is saved loads back identical; a bad file is refused with one line naming the
file and the field; unknown keys are only reported; nothing is written outside the folder."""

import json
import os

import pytest

from lrgame.engine.params import ConfigError
from lrgame.sim import setups
from lrgame.sim.settings import make_settings
from lrgame.sim.setups import Setup, list_setups, load_setup, save_setup, setup_to_json

RICH = make_settings("multistep", 0.05, 120, {"milestones": (30, 80), "gamma": 0.5}, valley_kind="bumpy",
                     sharpness=20.0, noise=0.5, seed=7, steps_per_epoch=3)
LESSON = Setup(RICH, theme="projector", scale=1.5)


def _write(folder, data, name="lesson.json"):
    path = folder / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def _good(**changes):
    data = json.loads(setup_to_json(LESSON))
    data.update(changes)
    return data


def test_a_saved_setup_loads_back_identical(tmp_path):
    path = save_setup(LESSON, tmp_path)
    setup, warnings = load_setup(path)
    assert setup == LESSON and setup.settings.params["milestones"] == (30, 80) and warnings == []


def test_the_file_is_plain_json_with_a_marker_and_lists_for_tuples(tmp_path):
    data = json.loads(setup_to_json(Setup(RICH)))
    assert data["format"] == "lrgame-setup" and data["version"] == setups.VERSION
    assert data["params"]["milestones"] == [30, 80] and data["valley"] == "bumpy" and data["seed"] == 7


def test_saving_twice_in_one_second_keeps_both_files_and_writes_only_in_the_folder(tmp_path):
    folder = tmp_path / "out"
    first = save_setup(Setup(RICH), folder)
    second = save_setup(Setup(), folder)
    assert first != second and first.parent == second.parent == folder
    assert first.name.startswith("setup-") and first.suffix == ".json"
    assert load_setup(first)[0] == Setup(RICH) and load_setup(second)[0] == Setup()
    assert sorted(p.name for p in tmp_path.rglob("*")) == sorted(["out", first.name, second.name])


def test_the_list_is_newest_first_and_empty_for_a_missing_folder(tmp_path):
    old, new = _write(tmp_path, _good(), "old.json"), _write(tmp_path, _good(), "new.json")
    os.utime(old, (1_000_000, 1_000_000))
    _write(tmp_path, "not a setup", "notes.txt")
    assert list_setups(tmp_path) == [new, old]
    assert list_setups(tmp_path / "nowhere") == []


def test_missing_fields_take_their_defaults(tmp_path):
    setup, warnings = load_setup(_write(tmp_path, {"format": "lrgame-setup", "version": 1}))
    assert setup == Setup() and warnings == []


def test_unknown_keys_are_one_warning_not_an_error(tmp_path):
    path = _write(tmp_path, _good(colour="pink", __import__="os", params={"gamma": 0.5, "milestones": [30, 80],
                                                                          "warp": 9}))
    setup, warnings = load_setup(path)
    assert setup == LESSON
    assert warnings == ["lesson.json: ignored 3 keys lrgame does not know: colour, __import__, params.warp"]


def test_thousands_of_unknown_keys_make_one_short_warning(tmp_path):
    path = _write(tmp_path, _good(**{f"k{i}": 0 for i in range(5_000)}))
    setup, warnings = load_setup(path)
    assert setup == LESSON
    assert warnings == ["lesson.json: ignored 5,000 keys lrgame does not know: k0, k1, k2 and 4,997 more"]


def _refused(path) -> str:
    with pytest.raises(ConfigError) as caught:
        load_setup(path)
    message = str(caught.value)
    assert "\n" not in message and str(path) in message
    return message


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"lr0": "fast"}, "lr0"),
        ({"lr0": "0.1"}, "lr0"),  # a number in quotes is still the wrong type in a file
        ({"lr0": -1}, "lr0"),
        ({"epochs": -3}, "epochs"),
        ({"epochs": 2.5}, "epochs"),
        ({"epochs": True}, "epochs"),
        ({"schedule": "turbo"}, "schedule"),
        ({"schedule": ["step"]}, "schedule"),
        ({"valley": 3}, "valley"),
        ({"noise": 99}, "noise"),
        ({"seed": None}, "seed"),
        ({"params": [1, 2]}, "params"),
        ({"params": {"milestones": "30,80", "gamma": 0.5}}, "milestones"),
        ({"params": {"milestones": [30, 80], "gamma": 0}}, "gamma"),
        ({"theme": "neon"}, "theme"),
        ({"scale": 3}, "scale"),
        ({"scale": "big"}, "scale"),
        ({"version": 4}, "version"),
        ({"version": True}, "version"),
    ],
)
def test_a_hand_edited_bad_value_is_refused_naming_the_field(tmp_path, changes, field):
    message = _refused(_write(tmp_path, _good(**changes)))
    assert f"{field}=" in message


def test_nan_in_a_file_is_refused(tmp_path):
    path = _write(tmp_path, json.dumps(_good()).replace('"noise": 0.5', '"noise": NaN'))
    assert "noise=nan" in _refused(path)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('{"format": "lrgame-setup", "version": 1, "lr0": 0.1', "broken JSON"),
        ("import os; os.system('rm -rf /')", "broken JSON"),
        ("", "broken JSON"),
        ('{"format": "something-else", "version": 1}', "not a setup file"),
        ('{"version": 1, "lr0": 0.1}', "not a setup file"),
        ("[1, 2, 3]", "not a setup file"),
        ("[" * 50_000 + "]" * 10, "not a setup file"),
    ],
)
def test_corrupt_files_are_refused_in_one_line(tmp_path, content, words):
    assert words in _refused(_write(tmp_path, content))


def test_a_missing_file_a_folder_and_a_binary_file_are_refused(tmp_path):
    assert "no such setup file" in _refused(tmp_path / "gone.json")
    _refused(tmp_path)
    binary = tmp_path / "photo.json"
    binary.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)))
    assert "not UTF-8" in _refused(binary)


def test_a_huge_file_is_refused_without_parsing(tmp_path):
    path = _write(tmp_path, " " * (setups.MAX_BYTES + 1))
    assert "too big" in _refused(path)


def test_a_refused_file_changes_nothing_on_disk(tmp_path):
    path = _write(tmp_path, _good(epochs=-3))
    before = path.read_bytes()
    _refused(path)
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["lesson.json"]


def test_saving_refuses_bad_window_fields():
    with pytest.raises(ConfigError, match="scale="):
        setup_to_json(Setup(RICH, scale=0.5))
    with pytest.raises(ConfigError, match="theme="):
        setup_to_json(Setup(RICH, theme="neon"))


@pytest.mark.parametrize("optimizer", [
    {"name": "sgd", "momentum": 0.9, "dampening": 0.1, "weight_decay": 1e-4, "nesterov": False},
    {"name": "sgd", "momentum": 0.8, "dampening": 0.0, "weight_decay": 0.0, "nesterov": True},
    {"name": "adam", "beta1": 0.8, "beta2": 0.99, "eps": 1e-6, "weight_decay": 0.0},
    {"name": "adamw", "beta1": 0.9, "beta2": 0.95, "eps": 1e-8, "weight_decay": 0.1},
])
def test_the_optimizer_is_saved_and_loads_back(tmp_path, optimizer):
    from lrgame.sim.optimizer_choice import from_json

    settings = make_settings("one_cycle", 0.1, 50, {"cycle_momentum": False}, optimizer=from_json(optimizer))
    data = json.loads(setup_to_json(Setup(settings)))
    assert data["optimizer"] == optimizer
    loaded, warnings = load_setup(save_setup(Setup(settings), tmp_path))
    assert loaded.settings == settings and loaded.settings.optimizer == from_json(optimizer) and warnings == []


def test_a_file_without_an_optimizer_is_plain_sgd(tmp_path):
    data = _good()
    del data["optimizer"]
    assert load_setup(_write(tmp_path, data))[0] == LESSON and RICH.optimizer.momentum == 0.0


@pytest.mark.parametrize(("optimizer", "field"), [
    ("adam", "optimizer="),
    ({"name": "rmsprop"}, "optimizer='rmsprop'"),
    ({"name": "sgd", "momentum": "0.9"}, "optimizer.momentum='0.9'"),
    ({"name": "sgd", "momentum": 1.5}, "momentum=1.5"),
    ({"name": "sgd", "nesterov": True}, "nesterov=True"),
    ({"name": "adam", "beta2": 1.0}, "beta2=1.0"),
    ({"name": "adam", "momentum": 0.9}, "momentum is not a setting of adam"),
    ({"name": "sgd", "momentum": True}, "optimizer.momentum=True"),
])
def test_a_bad_optimizer_in_a_file_is_refused_naming_it(tmp_path, optimizer, field):
    assert field in _refused(_write(tmp_path, _good(optimizer=optimizer)))
def test_a_file_with_a_utf8_byte_order_mark_loads(tmp_path):
    path = tmp_path / "notepad.json"
    path.write_bytes(b"\xef\xbb\xbf" + setup_to_json(Setup(RICH)).encode("utf-8"))
    assert load_setup(path)[0] == Setup(RICH)


@pytest.mark.parametrize("key", ["\u0000", "a\u0007", "\ud800", "\u202e"])
def test_a_key_that_is_not_printable_text_makes_the_file_invalid(tmp_path, key):
    path = tmp_path / "lesson.json"
    path.write_text(json.dumps(_good(**{key: 1})), encoding="utf-8")
    message = _refused(path)
    assert "is not printable text" in message and message.isprintable()


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"preset": "turbo"}, "preset='turbo' is unknown: choose one of"),
        ({"preset": 3}, "preset=3 is not allowed: give a name in quotes"),
        ({"preset": "resnet"}, "preset='resnet' does not go with schedule='multistep': the recipe sets 'step'"),
        ({"unit": "steps"}, "steps_per_epoch=3 is not allowed in a run counted in steps: it has no epochs to split"),
        ({"unit": "weeks"}, "unit='weeks' is not allowed: give one of epochs, steps"),
        ({"log_scale": 1}, "log_scale=1 is not allowed: give true or false"),
        ({"speed": 0}, "speed=0 is not allowed: give a number in [0.5, 20000]"),
        ({"speed": "fast"}, "speed='fast' is not allowed: give a number"),
        ({"comparison": {"schedule": "step"}}, "comparison={'schedule': 'step'} is not allowed: give a list of slots"),
        ({"comparison": ["step"]}, "comparison=['step'] is not allowed: give a list of slots"),
        ({"comparison": [{"schedule": "step"}] * 5}, "comparison has 5 slots: at most 4 schedules can be compared"),
        ({"comparison": [{"schedule": "reduce_on_plateau"}]},
         "comparison[1]: Reduce on plateau (loss-driven) follows the loss, so it has no curve drawn in advance"),
        ({"comparison": [{"schedule": "step"}, {"schedule": "cosine", "epochs": 50}]},
         "comparison[2] does not fit the race the first slot sets: T 50 → 100"),
        ({"comparison": [{"lr0": -1}]}, "comparison[1]: lr0=-1 is not allowed"),
        ({"comparison": [{"optimizer": {"name": "rmsprop"}}]}, "comparison[1]: optimizer: optimizer='rmsprop'"),
    ],
)
def test_a_bad_window_field_is_refused_in_one_line_naming_it(tmp_path, changes, words):
    assert words in _refused(_write(tmp_path, _good(**changes)))


@pytest.mark.parametrize("none", [None, ""])
def test_no_recipe_is_null_or_empty(tmp_path, none):
    assert load_setup(_write(tmp_path, _good(preset=none)))[0].preset == ""


def test_a_recipe_file_with_a_knob_changed_by_hand_names_the_knob(tmp_path):
    from lrgame.sim.presets import on_valley

    recipe = json.loads(setup_to_json(Setup(on_valley("resnet", make_settings()), preset="resnet")))
    recipe["params"]["gamma"] = 0.5
    assert "preset='resnet' does not go with params.gamma=0.5: the recipe sets 0.1" in _refused(_write(tmp_path,
                                                                                                       recipe))


def test_unknown_keys_in_a_compared_slot_are_named_with_the_slot(tmp_path):
    path = _write(tmp_path, _good(comparison=[{"schedule": "step"}, {"schedule": "cosine", "colour": "red"}]))
    setup, warnings = load_setup(path)
    assert [s.schedule for s in setup.comparison] == ["step", "cosine"]
    assert warnings == ["lesson.json: ignored 1 key lrgame does not know: comparison[2].colour"]


def test_a_slot_key_that_is_not_printable_makes_the_file_invalid(tmp_path):
    message = _refused(_write(tmp_path, _good(comparison=[{"sched\u0007ule": "step"}])))
    assert "is not printable text" in message and message.isprintable()


def test_a_recipe_keeps_its_caption_over_the_settings_it_leaves_to_the_person(tmp_path):
    """`--preset resnet --steps-per-epoch 3 --valley bumpy` is a run the window shows with the
    recipe's caption; saving it must not be refused."""
    from lrgame.sim.presets import get_preset

    own = make_settings("step", 0.1, 90, get_preset("resnet").params, valley_kind="bumpy",
                        sharpness=get_preset("resnet").sharpness, noise=0.2, seed=4, steps_per_epoch=3)
    setup = Setup(own, preset="resnet")
    assert load_setup(_write(tmp_path, setup_to_json(setup)))[0] == setup


def test_a_setup_too_big_to_open_again_is_not_written(tmp_path):
    huge = Setup(make_settings("multistep", epochs=100_000, params={"milestones": tuple(range(1, 9_000))}))
    with pytest.raises(ConfigError, match=r"the setup is too big to save: [\d,]+ bytes, and a setup file holds at "
                                          r"most 64,000 \(a knob's list is too long\)"):
        save_setup(huge, tmp_path)
    assert list(tmp_path.iterdir()) == []
    fits = Setup(make_settings("multistep", epochs=100_000, params={"milestones": tuple(range(1, 3_000))}))
    assert load_setup(save_setup(fits, tmp_path))[0] == fits
