"""`@record` against `@dataclass(frozen=True)`: the same class made both ways is made, compared,
hashed, printed, replaced and refused changes alike (lrgame/engine/record.py)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pytest

from lrgame.engine.record import record


def _make(decorate):
    """One family of classes (defaults, a factory, a check after making, a subclass with a field
    more, an undecorated subclass, fields left out of comparing and printing, three required
    fields) made by `decorate`."""

    @decorate
    class Point:
        """A point."""

        x: float
        y: float = 0.0
        tags: dict = field(default_factory=dict, compare=False)
        note: str = field(default="", repr=False)

        def __post_init__(self) -> None:
            if self.x < 0:
                raise ValueError(f"x={self.x} < 0")

        def norm(self) -> float:
            return (self.x**2 + self.y**2) ** 0.5

    @decorate
    class Point3(Point):
        """A point with a height."""

        z: float = 1.0

    class Named(Point):
        """No decorator: fields, equality and the refusals come from Point."""

        @property
        def name(self) -> str:
            return f"p{self.x:g}"

    @decorate
    class Triple:
        """Three values, none with a default."""

        a: int
        b: int
        c: int

    return Point, Point3, Named, Triple


REAL, OURS = _make(dataclass(frozen=True)), _make(record)


def _outcome(call):
    """What a call gives: its value, or the error it raises (type and words)."""
    try:
        return ("value", repr(call()))
    except Exception as error:  # noqa: BLE001 - the error itself is what is compared
        return ("error", type(error), str(error))


BEHAVIOURS = {
    "repr": lambda P, P3, N, Q: [repr(P(1)), repr(P3(1, 2, {"a": 1}, "n", 3)), repr(N(2, 3))],
    "equal": lambda P, P3, N, Q: [P(1, 2) == P(1, 2), P(1, 2) == P(1, 3), P(1, 2, {"a": 1}) == P(1, 2),
                               P(1) == P3(1), N(1) == P(1), N(1) == N(1), P(1) != P(1), P(1) == (1, 0.0)],
    "hash": lambda P, P3, N, Q: [hash(P(1, 2)) == hash(P(1, 2, {"b": 2})), hash(P3(1, 2, z=3)) == hash((1, 2, 3)),
                              hash(P(1, 2)) == hash((1, 2))],
    "keywords": lambda P, P3, N, Q: [P(y=2, x=1), P3(1, z=5), P(1, note="n").note, P(1).tags is not P(1).tags],
    "replace": lambda P, P3, N, Q: [dataclasses.replace(P3(1, 2), z=7), dataclasses.replace(N(1), y=4).name],
    "fields": lambda P, P3, N, Q: [[f.name for f in dataclasses.fields(P3)], dataclasses.is_dataclass(N(1)),
                                dataclasses.asdict(P3(1, 2, z=3))],
    "match": lambda P, P3, N, Q: [P3.__match_args__, N.__match_args__],
    "methods": lambda P, P3, N, Q: [P3(3, 4).norm(), N(3).name],
    "post_init": lambda P, P3, N, Q: P3(-1),
    "missing": lambda P, P3, N, Q: P(),
    "missing_two": lambda P, P3, N, Q: Q(1),
    "missing_three": lambda P, P3, N, Q: Q(),
    "too_many": lambda P, P3, N, Q: P(1, 2, {}, "", 5),
    "twice": lambda P, P3, N, Q: P(1, x=2),
    "unknown": lambda P, P3, N, Q: P(1, w=2),
    "assign": lambda P, P3, N, Q: setattr(P(1), "x", 2),
    "assign_new": lambda P, P3, N, Q: setattr(P3(1), "w", 2),
    "delete": lambda P, P3, N, Q: delattr(P(1), "y"),
    "subclass_field": lambda P, P3, N, Q: setattr(N(1), "x", 2),
    "subclass_other": lambda P, P3, N, Q: (lambda n: (setattr(n, "w", 5), n.w, delattr(n, "w"), hasattr(n, "w")))(N(1)),
}


@pytest.mark.parametrize("behaviour", sorted(BEHAVIOURS))
def test_a_record_behaves_as_a_frozen_dataclass(behaviour: str) -> None:
    check = BEHAVIOURS[behaviour]
    assert _outcome(lambda: check(*OURS)) == _outcome(lambda: check(*REAL))


def test_a_record_repr_of_itself_stops() -> None:
    def box(decorate):
        @decorate
        class Box:
            """Holds anything, itself too."""

            items: list

        made = Box([])
        made.items.append(made)
        return repr(made)

    assert box(record) == box(dataclass(frozen=True))
    assert box(record).endswith("Box(items=[...])")


def test_a_method_the_class_writes_is_kept() -> None:
    @record
    class Loud:
        """Prints its own way."""

        x: int

        def __repr__(self) -> str:
            return f"<{self.x}>"

    assert repr(Loud(3)) == "<3>" and Loud(3) == Loud(3)


def test_making_a_record_compiles_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The point of it: dataclass compiled ~1 ms of methods for every class (lrgame/engine/record.py)."""
    compiled: list[str] = []
    create = dataclasses._create_fn

    def counted(name: str, *args: object, **kwargs: object) -> object:
        compiled.append(name)
        return create(name, *args, **kwargs)

    monkeypatch.setattr(dataclasses, "_create_fn", counted)
    _make(record)
    assert compiled == []
    _make(dataclass(frozen=True))
    assert "__init__" in compiled
