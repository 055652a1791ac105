"""Intents are small immutable records: equal by class and fields, hashable, matchable."""

import pytest

from lrgame.sim import intents as it


def test_equal_only_to_the_same_class_with_the_same_fields():
    assert it.SetValue("lr0", 0.1) == it.SetValue(key="lr0", value=0.1)
    assert it.SetValue("lr0", 0.1) != it.SetValue("lr0", 0.2)
    assert it.Step(1) != it.NudgeLr0(1)  # same fields, other intent
    assert it.TogglePlay() != it.Rewind()
    assert len({it.Step(1), it.Step(1), it.Step(-1), it.TogglePlay(), it.TogglePlay()}) == 3


def test_defaults_and_bad_arguments():
    assert it.Quit() == it.Quit(kiosk_chord=False)
    assert it.Quit(True).kiosk_chord is True
    with pytest.raises(TypeError):
        it.Step()
    with pytest.raises(TypeError):
        it.Step(1, 2)
    with pytest.raises(TypeError):
        it.Step(1, epochs=2)
    with pytest.raises(TypeError):
        it.Step(steps=1)


def test_cannot_be_changed():
    step = it.Step(1)
    with pytest.raises(AttributeError):
        step.epochs = 2
    with pytest.raises(AttributeError):
        del step.epochs
    assert step.epochs == 1


def test_match_by_position_and_by_name_and_repr():
    match it.SetValue("epochs", 50):
        case it.SetValue("epochs", value):
            assert value == 50
        case _:
            pytest.fail("positional pattern did not match")
    match it.Export(kind="csv"):
        case it.Export(kind=kind):
            assert kind == "csv"
    assert repr(it.SetValue("lr0", 0.1)) == "SetValue(key='lr0', value=0.1)"
    assert repr(it.Escape()) == "Escape()"
