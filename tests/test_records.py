"""Every ``record`` class of the package against what ``dataclasses.dataclass`` makes of the same class body.

``layout.records`` compiles a dataclass's methods in one piece instead of one compile per method; these
tests rebuild each record class with ``dataclasses.dataclass`` from its original body and options and
compare the two: signature, fields, options, docstring, hashability, and instances (repr, equality,
hash, ``replace``, frozen assignment and deletion, ``__post_init__`` checks).
"""
from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import re

import pytest

import layout
from layout import records
from layout.records import record


def _all_modules() -> None:
    for info in pkgutil.walk_packages(layout.__path__, "layout."):
        importlib.import_module(info.name)


_all_modules()
RECORDS = sorted(records.ORIGINALS, key=lambda c: (c.__module__, c.__qualname__))


def _reference(cls):
    """The same class body made by dataclasses.dataclass with the same options."""
    bases, body, options = records.ORIGINALS[cls]
    return dataclasses.dataclass(**options)(type(cls.__name__, bases, dict(body)))


def _arguments(cls) -> dict:
    """Values for the fields without a default: distinct small integers (no check in __init__ looks deeper)."""
    return {f.name: 7 + i for i, f in enumerate(dataclasses.fields(cls))
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}


def _no_addresses(text: str) -> str:
    """A repr with object addresses blanked (a default factory's new object has its own)."""
    return re.sub(r" at 0x[0-9a-f]+", " at 0x", text)


def _hash_or_error(instance):
    """(hash, None), or (None, the TypeError's message) for a field that cannot be hashed."""
    try:
        return hash(instance), None
    except TypeError as exc:
        return None, str(exc)


def _make(cls):
    """(instance, None) or (None, the exception type its __init__ raised)."""
    try:
        return cls(**_arguments(cls)), None
    except Exception as exc:  # noqa: BLE001 - the reference must raise the same kind
        return None, type(exc)


def test_the_package_declares_its_records_with_record():
    assert len(RECORDS) >= 60  # the galley path alone has 40


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_a_record_class_is_the_dataclass_of_its_body(cls):
    ref = _reference(cls)
    assert str(inspect.signature(cls.__init__)) == str(inspect.signature(ref.__init__))
    assert cls.__init__.__annotations__ == ref.__init__.__annotations__
    assert [(f.name, f.type, f.default, f.default_factory, f.init, f.repr, f.compare, f.hash)
            for f in dataclasses.fields(cls)] == [(f.name, f.type, f.default, f.default_factory, f.init, f.repr,
                                                   f.compare, f.hash) for f in dataclasses.fields(ref)]
    for name in ("init", "repr", "eq", "order", "unsafe_hash", "frozen"):
        assert getattr(cls.__dataclass_params__, name) == getattr(ref.__dataclass_params__, name), name
    assert cls.__match_args__ == ref.__match_args__
    assert cls.__doc__ == ref.__doc__
    assert (cls.__hash__ is None) == (ref.__hash__ is None)
    assert ("__setattr__" in cls.__dict__) == ("__setattr__" in ref.__dict__)
    assert getattr(cls, "__slots__", None) == getattr(ref, "__slots__", None)
    for name in ("__init__", "__repr__", "__eq__", "__hash__"):
        if name in ref.__dict__ and ref.__dict__[name] is not None:
            assert cls.__dict__[name].__qualname__ == ref.__dict__[name].__qualname__


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_a_record_instance_behaves_as_the_dataclass_instance(cls):
    ref = _reference(cls)
    mine, my_error = _make(cls)
    theirs, their_error = _make(ref)
    assert my_error == their_error
    if mine is None:
        return
    assert _no_addresses(repr(mine)) == _no_addresses(repr(theirs))
    twin = dataclasses.replace(mine)
    assert (twin == mine) == (dataclasses.replace(theirs) == theirs)
    assert (mine == theirs) is False  # another class: NotImplemented both ways, so identity decides
    if cls.__hash__ is not None and cls.__dataclass_params__.frozen:
        mine_hash, theirs_hash = _hash_or_error(mine), _hash_or_error(theirs)
        assert mine_hash[1] == theirs_hash[1]  # both hash, or both fail on the same unhashable field
        assert mine_hash[0] is None or mine_hash == _hash_or_error(twin)
    if cls.__dataclass_params__.frozen and dataclasses.fields(cls):
        name = dataclasses.fields(cls)[0].name
        for instance in (mine, theirs):
            with pytest.raises(dataclasses.FrozenInstanceError, match=f"cannot assign to field '{name}'"):
                setattr(instance, name, 1)
            with pytest.raises(dataclasses.FrozenInstanceError, match=f"cannot delete field '{name}'"):
                delattr(instance, name)


def test_record_mirrors_defaults_factories_hidden_fields_and_post_init():
    def check(value):
        if value < 0:
            raise ValueError("negative")

    @record(frozen=True)
    class Sample:
        """A sample."""

        a: int
        b: float = 0.5
        c: list = dataclasses.field(default_factory=list)
        d: str = dataclasses.field(default="x", repr=False, compare=False)

        def __post_init__(self):
            check(self.a)

    s = Sample(1)
    assert s.c == [] and s.c is not Sample(1).c
    assert repr(s) == "test_record_mirrors_defaults_factories_hidden_fields_and_post_init.<locals>.Sample(a=1, b=0.5, c=[])"
    assert s == Sample(1, d="other")  # d takes no part in equality
    with pytest.raises(TypeError, match="unhashable"):
        hash(s)  # frozen, so hashed by its fields, and one of them is a list: as a dataclass
    assert Sample(1, c=[2]) != s
    with pytest.raises(ValueError, match="negative"):
        Sample(-1)
    assert str(inspect.signature(Sample)) == "(a: 'int', b: 'float' = 0.5, c: 'list' = <factory>, d: 'str' = 'x') -> None"


def test_record_mutable_class_is_unhashable_and_compares_by_value():
    @record
    class Mutable:
        x: int = 0

    assert Mutable.__hash__ is None
    m = Mutable(2)
    m.x = 3
    assert m == Mutable(3) and m != Mutable(2)


def test_a_recursive_repr_shows_dots():
    @record
    class Node:
        items: list = dataclasses.field(default_factory=list)

    node = Node()
    node.items.append(node)
    assert repr(node).endswith("Node(items=[...])")


def test_what_record_does_not_mirror_is_made_by_dataclasses():
    @record(frozen=True)
    class Base:
        a: int = 0

    @record(frozen=True)
    class Child(Base):  # a dataclass base: dataclasses' own path
        b: int = 1

    assert Child not in records.ORIGINALS and Base in records.ORIGINALS
    assert Child(2, 3) == Child(2, 3) and repr(Child()) .endswith("Child(a=0, b=1)")


@pytest.fixture
def method_cache(tmp_path, monkeypatch):
    """records' method cache in a fresh file, with nothing read or compiled yet."""
    path = tmp_path / "records.methods"
    monkeypatch.setattr(records, "_cache_path", lambda: str(path))
    monkeypatch.setattr(records, "_CODES", None)
    monkeypatch.setattr(records, "_NEW", {})
    monkeypatch.setattr(records, "_USED", set())
    monkeypatch.setattr(records.atexit, "register", lambda fn: None)  # the test writes when it wants to
    return path


def _cached_class():
    @record(frozen=True)
    class Cached:
        """Cached."""

        a: int = 1
    return Cached


def test_methods_compiled_once_are_read_back_from_the_cache(method_cache, monkeypatch):
    first = _cached_class()
    records._write_cache()
    assert method_cache.stat().st_size > 0
    monkeypatch.setattr(records, "_CODES", None)
    monkeypatch.setattr(records, "_NEW", {})
    compiled = []
    monkeypatch.setattr(records, "compile", lambda *a, **k: compiled.append(a) or compile(*a, **k), raising=False)
    second = _cached_class()
    assert compiled == [] and records._NEW == {}  # the code came from the file
    assert second(2) == second(2) and repr(second(2)).endswith("Cached(a=2)") and first(2) != second(2)


def test_an_edited_class_is_compiled_again(method_cache):
    _cached_class()
    records._write_cache()
    records._CODES, records._NEW = None, {}

    @record(frozen=True)
    class Cached:
        """Cached, with another field."""

        a: int = 1
        b: int = 2

    assert len(records._NEW) == 1 and Cached(1, 3).b == 3


def test_a_damaged_or_foreign_cache_file_is_ignored_and_rewritten(method_cache):
    for junk in (b"", b"\x00garbage", __import__("marshal").dumps([1, 2]), b"x" * 64):
        method_cache.write_bytes(junk)
        records._CODES, records._NEW = None, {}
        assert _cached_class()(5).a == 5
        records._write_cache()
        assert type(records._read_cache()) is dict and len(records._read_cache()) == 1


def test_an_entry_that_is_not_code_is_compiled(method_cache):
    cls = _cached_class()
    source = next(iter(records._NEW))
    method_cache.write_bytes(__import__("marshal").dumps({source: "not code"}))
    records._CODES, records._NEW = None, {}
    assert _cached_class()(3) != cls(3) and source in records._NEW


def test_no_cache_is_written_without_a_place_for_bytecode(method_cache, monkeypatch):
    monkeypatch.setattr(records, "_cache_path", lambda: None)
    _cached_class()
    records._write_cache()
    assert not method_cache.exists()


def test_nothing_is_written_under_pythondontwritebytecode(method_cache, monkeypatch):
    registered = []
    monkeypatch.setattr(records.atexit, "register", registered.append)
    monkeypatch.setattr(records.sys, "dont_write_bytecode", True)
    _cached_class()
    assert registered == []
    monkeypatch.setattr(records.sys, "dont_write_bytecode", False)
    records._NEW.clear()
    records._CODES.clear()  # nothing cached: compiled again, and now the write is registered
    _cached_class()
    assert registered == [records._write_cache]
