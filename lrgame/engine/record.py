"""`@record`: what `@dataclass(frozen=True)` gives a class, without compiling methods for it.

dataclass writes each class's __init__, __repr__, __eq__, __hash__, __setattr__ and __delattr__ as
source text and compiles it as the class is made: ~1 ms a class, and a dozen such classes are made
on the way to the window's first frame. `record` has dataclass collect the fields alone (so
`dataclasses.fields`, `replace`, `asdict` and `is_dataclass` work as before) and gives every record
class the same six functions, which read the fields from per-class tables. Instances are made,
compared, hashed, printed and refused changes as a frozen dataclass's are (tests/test_record.py
holds the two side by side); making one costs a few microseconds more, which nothing does per frame.
"""

from __future__ import annotations

import dataclasses
from reprlib import recursive_repr
from typing import Any, TypeVar

T = TypeVar("T", bound=type)
_MISSING = dataclasses.MISSING


def record(cls: T) -> T:
    """The class as a frozen dataclass with eq, hash and repr; a method the class writes itself is kept."""
    cls = dataclasses.dataclass(init=False, repr=False, eq=False)(cls)
    fields = dataclasses.fields(cls)
    cls._record_class = cls  # an undecorated subclass may set attributes that are not fields, as with dataclass
    cls._record_init = tuple((f.name, f.default, f.default_factory) for f in fields if f.init)
    cls._record_names = frozenset(f.name for f in fields)
    cls._record_compared = tuple(f.name for f in fields if f.compare)
    cls._record_hashed = tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash))
    cls._record_shown = tuple(f.name for f in fields if f.repr)
    for name, method in _METHODS.items():
        if name not in cls.__dict__:
            setattr(cls, name, method)
    return cls


def _init(self: Any, *args: object, **kwargs: object) -> None:
    spec = self._record_init
    name = type(self).__qualname__
    if len(args) > len(spec):
        raise TypeError(f"{name}.__init__() takes {_counted(spec)} positional arguments but {len(args) + 1} were given")
    missing = [f for i, (f, default, factory) in enumerate(spec)
               if i >= len(args) and f not in kwargs and default is _MISSING and factory is _MISSING]
    if missing:
        raise TypeError(f"{name}.__init__() missing {len(missing)} required positional "
                        f"argument{'s' if len(missing) > 1 else ''}: {_listed(missing)}")
    for i, (field, default, factory) in enumerate(spec):
        if i < len(args):
            if field in kwargs:
                raise TypeError(f"{name}.__init__() got multiple values for argument {field!r}")
            value = args[i]
        elif field in kwargs:
            value = kwargs.pop(field)
        elif default is not _MISSING:
            value = default
        else:
            value = factory()
        object.__setattr__(self, field, value)
    if kwargs:  # what is left names no field
        raise TypeError(f"{name}.__init__() got an unexpected keyword argument {next(iter(kwargs))!r}")
    if hasattr(self, "__post_init__"):
        self.__post_init__()


def _counted(spec: tuple) -> str:
    """How many positional arguments __init__ takes, self included, in Python's words."""
    least = 1 + sum(1 for _, default, factory in spec if default is _MISSING and factory is _MISSING)
    return str(len(spec) + 1) if least == len(spec) + 1 else f"from {least} to {len(spec) + 1}"


def _listed(names: list[str]) -> str:
    """'a', 'a' and 'b', or 'a', 'b', and 'c', as Python lists missing arguments."""
    quoted = [repr(n) for n in names]
    if len(quoted) == 1:
        return quoted[0]
    if len(quoted) == 2:
        return f"{quoted[0]} and {quoted[1]}"
    return f"{', '.join(quoted[:-1])}, and {quoted[-1]}"


@recursive_repr()
def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._record_shown)
    return f"{type(self).__qualname__}({shown})"


def _eq(self: Any, other: object) -> bool:
    if other.__class__ is self.__class__:
        names = self._record_compared
        return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(tuple(getattr(self, n) for n in self._record_hashed))


def _setattr(self: Any, name: str, value: object) -> None:
    owner = self._record_class
    if type(self) is owner or name in owner._record_names:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
    super(owner, self).__setattr__(name, value)


def _delattr(self: Any, name: str) -> None:
    owner = self._record_class
    if type(self) is owner or name in owner._record_names:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
    super(owner, self).__delattr__(name)


_METHODS = {"__init__": _init, "__repr__": _repr, "__eq__": _eq, "__hash__": _hash, "__setattr__": _setattr,
            "__delattr__": _delattr}
