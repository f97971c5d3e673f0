"""Every ``record`` class of the package against what ``dataclasses.dataclass`` makes of the same class body.

``layout.records`` compiles a dataclass's methods in one piece instead of one compile per method; these
tests rebuild each record class with ``dataclasses.dataclass`` from its original body and options and
compare the two: signature, fields, options, docstring, hashability, and instances (repr, equality,
hash, ``replace``, frozen assignment and deletion, ``__post_init__`` checks).
"""
from __future__ import annotations

import copy
import dataclasses
import importlib
import inspect
import pickle
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


def _values(cls) -> dict:
    """One value per __init__ field, the same objects for both classes: defaults, a factory's product made
    once, and distinct small integers for the fields without a default."""
    values = {}
    for i, f in enumerate(dataclasses.fields(cls)):
        if f.default is not dataclasses.MISSING:
            values[f.name] = f.default
        elif f.default_factory is not dataclasses.MISSING:
            values[f.name] = f.default_factory()
        else:
            values[f.name] = 7 + i
    return values


def _no_addresses(text: str) -> str:
    """A repr with object addresses blanked (a default factory's new object has its own)."""
    return re.sub(r" at 0x[0-9a-f]+", " at 0x", text)


def _hash_or_error(instance):
    """(hash, None), or (None, the TypeError's message) for a field that cannot be hashed."""
    try:
        return hash(instance), None
    except TypeError as exc:
        return None, str(exc)


def _made(cls, values):
    """(instance, None) or (None, the exception type its __init__ raised)."""
    try:
        return cls(**values), None
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
    values = _values(cls)
    mine, my_error = _made(cls, values)
    theirs, their_error = _made(ref, values)
    assert my_error == their_error
    if mine is None:
        return
    assert _no_addresses(repr(mine)) == _no_addresses(repr(theirs))
    assert _hash_or_error(mine) == _hash_or_error(theirs)
    assert (mine == theirs) is False  # another class: NotImplemented both ways, so identity decides
    assert (dataclasses.replace(mine) == mine) == (dataclasses.replace(theirs) == theirs)
    assert (copy.copy(mine) == mine) == (copy.copy(theirs) == theirs)
    for f in dataclasses.fields(cls):  # each field changed alone: equal, hash and repr as dataclasses has them
        changed = dict(values, **{f.name: object()})
        my_twin, theirs_twin = _made(cls, changed)[0], _made(ref, changed)[0]
        if my_twin is None or theirs_twin is None:
            continue  # __post_init__ refuses the stand-in value, in both (checked above for the real ones)
        assert (my_twin == mine) == (theirs_twin == theirs), f.name
        assert _hash_or_error(my_twin) == _hash_or_error(theirs_twin), f.name
        assert _no_addresses(repr(my_twin)) == _no_addresses(repr(theirs_twin)), f.name
    if cls.__dataclass_params__.frozen and dataclasses.fields(cls):
        name = dataclasses.fields(cls)[0].name
        for instance in (mine, theirs):
            with pytest.raises(dataclasses.FrozenInstanceError, match=f"cannot assign to field '{name}'"):
                setattr(instance, name, 1)
            with pytest.raises(dataclasses.FrozenInstanceError, match=f"cannot delete field '{name}'"):
                delattr(instance, name)


def test_record_instances_pickle_and_copy():
    from layout.display import BLACK, GlyphRun
    from layout.report import Where

    for value in (Where("a.txt", 3, 4, 5), BLACK, GlyphRun("song", 9.0, (1, 2), ((0.0, 1.0), (9.0, 1.0)), ("一", "二"))):
        assert pickle.loads(pickle.dumps(value)) == value
        assert copy.deepcopy(value) == value and copy.copy(value) == value


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
    method_cache.write_bytes(records._header() + __import__("marshal").dumps({source: "not code"}))
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


@pytest.mark.parametrize("body", [
    "x: 'ClassVar[int]' = 1\n    y: int = 0",
    "x: 'InitVar[int]' = 1",
    "x: int = dataclasses.field(default=0, init=False)",
    "x: int = dataclasses.field(default=0, kw_only=True)",
    "self: int = 0",
])
def test_what_record_does_not_mirror_falls_back_to_dataclasses(body):
    scope = {"dataclasses": dataclasses, "record": record}
    exec(f"@record\nclass C:\n    {body}\n", scope)  # noqa: S102 - a test's own class body
    cls = scope["C"]
    assert cls not in records.ORIGINALS and dataclasses.is_dataclass(cls)


def test_a_field_without_default_after_one_with_is_dataclasses_own_error():
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):
        @record
        class Bad:
            a: int = 0
            b: int


def test_field_hash_flags_are_honoured():
    @record(frozen=True)
    class Hashed:
        a: int
        b: int = dataclasses.field(default=0, hash=False)
        c: int = dataclasses.field(default=0, compare=False, hash=True)

    assert hash(Hashed(1, 2, 3)) == hash((1, 3)) and Hashed(1, 2) != Hashed(1, 3)


def test_a_class_of_an_unregistered_module_is_made():
    scope = {"__name__": "not_a_registered_module", "record": record}
    code = compile("@record\nclass A:\n    x: int = 3\n", "<test>", "exec", dont_inherit=True)  # real annotations
    exec(code, scope)  # noqa: S102 - a test's own class body (dataclasses too needs the module for string ones)
    assert repr(scope["A"]()) == "A(x=3)"


def test_an_abstract_eq_of_a_base_is_defined_by_the_record():
    import abc

    class Shape(abc.ABC):
        @abc.abstractmethod
        def __eq__(self, other): ...

    @record
    class Square(Shape):
        side: int = 1

    assert Square(2) == Square(2) and not Square.__abstractmethods__


def test_the_cache_file_is_written_anew_never_through_a_link(method_cache, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    method_cache.symlink_to(victim)
    _cached_class()
    records._write_cache()
    assert victim.read_text() == "keep me" and not method_cache.is_symlink()
    assert len(records._read_cache()) == 1


def test_a_cache_file_of_another_interpreter_is_ignored(method_cache):
    _cached_class()
    records._write_cache()
    data = method_cache.read_bytes()
    method_cache.write_bytes(data.replace(records._header(), b"baoban-record-methods\n\x00\x00\r\n", 1))
    assert records._read_cache() == {}
