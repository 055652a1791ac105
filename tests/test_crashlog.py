"""The kiosk's error log: a recorded error keeps its traceback and a timestamp, goes only to its own
file (never the console), and rotation keeps all the files together within a few MB.
(That an error inside a real frame is recorded and the app resets is tested in test_kiosk.py.)"""

import logging
import re

import pytest

from lrgame.app import crashlog
from lrgame.app.crashlog import CrashLog


def _raise_deep(n: int) -> None:
    if n == 0:
        raise ZeroDivisionError("injected")
    _raise_deep(n - 1)


def _caught(depth: int = 3) -> Exception:
    try:
        _raise_deep(depth)
    except ZeroDivisionError as error:
        return error
    raise AssertionError("nothing was raised")


@pytest.fixture
def log(tmp_path):
    opened = []

    def make(name="errors.log"):
        opened.append(CrashLog(tmp_path / name))
        return opened[-1]

    yield make
    for each in opened:
        each.close()


def test_a_recorded_error_has_its_traceback_and_a_timestamp(log, tmp_path):
    errors = log()
    assert errors.count == 0 and not errors.path.exists()  # no file until there is something to say
    errors.record(_caught())
    assert errors.count == 1
    text = errors.path.read_text(encoding="utf-8")
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", text)
    assert "Traceback (most recent call last)" in text and "_raise_deep" in text
    assert "ZeroDivisionError: injected" in text


def test_records_are_counted_and_kept_apart_per_log(log):
    first, second = log("a.log"), log("b.log")
    for _ in range(3):
        first.record(_caught())
    second.record(ValueError("only here"))
    assert (first.count, second.count) == (3, 1)
    assert first.path.read_text().count("Traceback") == 1  # the same error again is counted, not written again
    assert "only here" not in first.path.read_text() and "only here" in second.path.read_text()


def test_a_repeated_error_keeps_its_first_traceback_and_is_counted(log):
    errors = log()
    for _ in range(5_000):
        errors.record(_caught())
    errors.record(ValueError("another one"))
    errors.close()
    text = errors.path.read_text()
    assert text.count("Traceback") == 1 and "_raise_deep" in text and "ValueError: another one" in text
    assert [line.split(" ", 2)[2] for line in text.splitlines() if "repeats so far" in line] == [
        f"the same ZeroDivisionError again: {n} repeats so far" for n in (10, 100, 1000)]
    assert "ZeroDivisionError (injected) repeated 4999 times after the first" in text
    assert len(text) < 10_000  # far from rotating the root cause away


def test_nothing_reaches_the_console_or_the_root_logger(log, capsys, caplog):
    caplog.set_level(logging.DEBUG)
    log().record(_caught())
    assert capsys.readouterr() == ("", "") and caplog.records == []


def test_the_bound_is_a_few_megabytes():
    assert (crashlog.BACKUPS + 1) * crashlog.MAX_BYTES <= 5_000_000


@pytest.mark.slow
def test_rotation_bounds_the_total_size(log, tmp_path, monkeypatch):
    monkeypatch.setattr(crashlog, "MAX_BYTES", 20_000)  # the same rotation, scaled down to run fast
    errors = log()
    record = _caught(depth=20)
    for i in range(2_000):
        record.args = (f"injected {i}",)  # each a new error: a repeat would only be counted
        errors.record(record)
    files = sorted(tmp_path.iterdir())
    assert [f.name for f in files] == ["errors.log", *(f"errors.log.{i}" for i in range(1, crashlog.BACKUPS + 1))]
    one = len(files[1].read_bytes()) // files[1].read_text().count("ZeroDivisionError: injected")
    assert sum(f.stat().st_size for f in files) <= (crashlog.BACKUPS + 1) * (20_000 + one)
    assert errors.count == 2_000

