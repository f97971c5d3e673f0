"""``record``: ``dataclasses.dataclass``, with the methods it generates compiled once per install.

Python 3.10-3.12 compile the methods a dataclass generates (``__init__``, ``__repr__``, ``__eq__``,
and for a frozen class ``__setattr__``, ``__delattr__`` and ``__hash__``) every time the class is
created: 13-15 ms for the 34-40 classes the galley command imports, an eighth of a 0.1 s run. Here
``dataclasses`` still reads the fields (``fields``, ``replace``, ``asdict`` and ``__match_args__`` work
as ever) but generates no method; the same methods, in the same source form, are compiled in one
piece per class and the code is kept in a method cache beside this module's own bytecode
(``__pycache__``, or PYTHONPYCACHEPREFIX; not written under PYTHONDONTWRITEBYTECODE), the way Python
keeps a module's compiled code: a later process loads it with ``marshal`` instead of compiling. An
entry is used only for exactly the source it was compiled from, so an edited class is compiled again.
From Python 3.13 on, and for any option this module does not mirror (inheritance from another
dataclass, keyword-only or init-less fields, InitVar, ordering, unsafe_hash, frozen slots),
``record`` is ``dataclasses.dataclass`` itself. ``tests/test_records.py`` holds every record class of
the package to what ``dataclasses`` makes of the same class body.
"""
from __future__ import annotations

import abc
import atexit
import copy
import dataclasses
import marshal
import os
import sys
from dataclasses import MISSING, FrozenInstanceError
from types import CodeType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # type checkers (and mypyc, which compiles the hot text modules) read ``record`` as a dataclass
    from typing_extensions import dataclass_transform
else:
    def dataclass_transform(**_options):
        return lambda decorator: decorator

_FAST = (3, 10) <= sys.version_info[:2] < (3, 13)
# record class -> (its bases, its class body, its options): what tests/test_records.py rebuilds it from. It
# holds each record class for good: the package's classes live as long anyway; only tests make others.
ORIGINALS: dict = {}
MAX_CACHE_BYTES = 8 << 20  # the method cache file is read whole; a larger one is ignored
MAX_ENTRIES = 1024
_CODES: dict | None = None  # source -> code object, read from the method cache on first use
_NEW: dict = {}  # what this process compiled, added to the cache at exit
_USED: set = set()  # the sources this process looked up


class _DefaultFactory:  # the marker a parameter with a default factory defaults to (dataclasses has its own)
    def __repr__(self) -> str:
        return "<factory>"


_HAS_DEFAULT_FACTORY = _DefaultFactory()


@dataclass_transform()
def record(cls=None, /, **options):
    """``@dataclass(**options)``: the same class; methods compiled in one piece when ``_compile`` mirrors
    the options and fields (init, repr, eq, frozen, slots), else dataclasses' own (see the module docstring)."""
    def wrap(cls):
        if not _FAST or not options.keys() <= _MIRRORED or not _mirrored(cls, options):
            return dataclasses.dataclass(cls, **options)
        return _make(cls, **{"init": True, "repr": True, "eq": True, "frozen": False, "slots": False, **options})
    return wrap if cls is None else wrap(cls)


_MIRRORED = frozenset(("init", "repr", "eq", "frozen", "slots"))


def _make(cls, init: bool, repr: bool, eq: bool, frozen: bool, slots: bool):
    """dataclasses reads the fields; the methods it would generate come from ``_compile``."""
    repr_ = repr
    body = {k: v for k, v in cls.__dict__.items() if k not in ("__dict__", "__weakref__")}
    original = (cls.__bases__, body, {"init": init, "repr": repr_, "eq": eq, "frozen": frozen, "slots": slots})
    class_hash = cls.__dict__.get("__hash__", MISSING)
    explicit_hash = not (class_hash is MISSING or (class_hash is None and "__eq__" in cls.__dict__))
    doc = cls.__doc__
    cls = dataclasses.dataclass(cls, init=False, repr=False, eq=False, slots=slots)
    fields = list(cls.__dataclass_fields__.values())
    if any(not f.init or f.kw_only is True or f._field_type is not dataclasses._FIELD or f.name == "self"
           for f in fields):
        raise TypeError(f"record {cls.__qualname__}: a field record does not mirror; use dataclass")
    made = _compile(cls, fields, init, repr_, eq, frozen, eq and not explicit_hash)
    for name, fn in made.items():
        fn.__qualname__ = f"{cls.__qualname__}.{name}"
        if name in ("__setattr__", "__delattr__") and name in cls.__dict__:
            raise TypeError(f"Cannot overwrite attribute {name} in class {cls.__name__}")
        if name == "__hash__" or name not in cls.__dict__:
            setattr(cls, name, fn)
    if eq and not frozen and not explicit_hash:
        cls.__hash__ = None  # dataclasses' rule: equal by value and mutable, so not hashable
    params = copy.copy(cls.__dataclass_params__)
    params.init, params.repr, params.eq, params.frozen = init, repr_, eq, frozen
    cls.__dataclass_params__ = params
    cls.__doc__ = doc if doc else _signature_doc(cls)
    abc.update_abstractmethods(cls)  # as dataclasses does last: an abstract __eq__ of a base is now defined
    ORIGINALS[cls] = original
    return cls


def _mirrored(cls, options: dict) -> bool:
    """True when ``_compile`` mirrors the class, decided from its body before dataclasses sees it: no
    dataclass base, no frozen slots, no ClassVar / InitVar / KW_ONLY annotation, no field that is
    keyword-only, left out of ``__init__`` or named ``self``, and no field without a default after one with
    a default (dataclasses' own error says which). A false "no" only costs the compile."""
    if options.get("frozen") and options.get("slots"):
        return False
    if any(hasattr(base, "__dataclass_fields__") for base in cls.__mro__[1:]):
        return False
    seen_default = False
    for name, kind in cls.__dict__.get("__annotations__", {}).items():
        text = kind if isinstance(kind, str) else repr(kind)
        if name == "self" or any(word in text for word in ("ClassVar", "InitVar", "KW_ONLY")):
            return False
        value = cls.__dict__.get(name, MISSING)
        if isinstance(value, dataclasses.Field):
            if not value.init or value.kw_only is True:
                return False
            has_default = value.default is not MISSING or value.default_factory is not MISSING
        else:
            has_default = value is not MISSING
        if not has_default and seen_default:
            return False
        seen_default = seen_default or has_default
    return True


def _compile(cls, fields, init: bool, repr_: bool, eq: bool, frozen: bool, add_hash: bool) -> dict:
    """The generated methods, in dataclasses' source form, from one ``exec`` in the class's module."""
    env = {"cls": cls, "FrozenInstanceError": FrozenInstanceError, "MISSING": MISSING,
           "_HAS_DEFAULT_FACTORY": _HAS_DEFAULT_FACTORY, "__dataclass_builtins_object__": object,
           "_return_type": None}
    lines = []
    if init:
        lines += _init_source(fields, frozen, hasattr(cls, "__post_init__"), env)
    if repr_:
        shown = ", ".join(f"{f.name}={{self.{f.name}!r}}" for f in fields if f.repr)
        lines += [" def __repr__(self):", f'  return self.__class__.__qualname__ + f"({shown})"']
    compared = [f for f in fields if f.compare]
    if eq:
        mine, theirs = _tuple_source("self", compared), _tuple_source("other", compared)
        lines += [" def __eq__(self, other):", "  if other.__class__ is self.__class__:",
                  f"   return {mine}=={theirs}", "  return NotImplemented"]
    if frozen:
        names = "(" + ",".join(repr(f.name) for f in fields) + ",)" if fields else "()"
        for verb, name, args in (("assign to", "__setattr__", "name, value"), ("delete", "__delattr__", "name")):
            lines += [f" def {name}(self, {args}):", f"  if type(self) is cls or name in {names}:",
                      f'   raise FrozenInstanceError(f"cannot {verb} field {{name!r}}")',
                      f"  super(cls, self).{name}({args})"]
    if frozen and add_hash:  # dataclasses' rule: a field's hash flag, else whether it is compared
        hashed = [f for f in fields if (f.compare if f.hash is None else f.hash)]
        lines += [" def __hash__(self):", f"  return hash({_tuple_source('self', hashed)})"]
    names = [line.split()[1].split("(")[0] for line in lines if line.startswith(" def ")]
    source = "\n".join([f"def __create_fn__({', '.join(env)}):", *lines,
                        " return {" + ", ".join(f"{n!r}: {n}" for n in names) + "}"])
    scope: dict = {}
    module_globals = getattr(sys.modules.get(cls.__module__), "__dict__", {})  # {} as dataclasses, if unregistered
    exec(_code(source), module_globals, scope)  # noqa: S102 - our own generated source
    made = scope["__create_fn__"](**env)
    if "__repr__" in made:
        made["__repr__"] = _recursive_repr(made["__repr__"])
    return made


def _code(source: str):
    """``source`` compiled: from the method cache when it holds exactly this source, else compiled now."""
    global _CODES
    if _CODES is None:
        _CODES = _read_cache()
    code = _CODES.get(source)
    if type(code) is not CodeType:
        code = _CODES[source] = compile(source, "<string>", "exec", dont_inherit=True)  # not this module's future
        if not _NEW and not sys.dont_write_bytecode:
            atexit.register(_write_cache)
        _NEW[source] = code
    _USED.add(source)
    return code


def _cache_path() -> str | None:
    """The method cache beside this module's own bytecode (``__pycache__`` or PYTHONPYCACHEPREFIX)."""
    from importlib.util import cache_from_source

    try:
        return cache_from_source(__file__).rpartition(".")[0] + ".methods"
    except (NotImplementedError, ValueError):  # no cache tag, or no place for bytecode
        return None


def _header() -> bytes:
    """What a cache file starts with: this format and the interpreter's bytecode magic number (as a .pyc)."""
    from importlib.util import MAGIC_NUMBER

    return b"baoban-record-methods\n" + MAGIC_NUMBER


def _read_cache() -> dict:
    """source -> code of the cache file; {} when there is none, it is another interpreter's or it cannot be
    read (it is then rewritten)."""
    path = _cache_path()
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_CACHE_BYTES + 1)
        header = _header()
        if len(data) > MAX_CACHE_BYTES or not data.startswith(header):
            return {}
        codes = marshal.loads(memoryview(data)[len(header):])
    except (OSError, TypeError, ValueError, EOFError):
        return {}
    return codes if type(codes) is dict else {}


def _write_cache() -> None:
    """At exit: add what this process compiled to the cache file (atomically; skipped when it cannot be written)."""
    path = _cache_path()
    if path is None:
        return
    codes = {k: v for k, v in _read_cache().items() if type(k) is str and type(v) is CodeType}
    if len(codes) + len(_NEW) > MAX_ENTRIES:  # old versions of edited classes pile up: keep what ran last
        codes = {k: v for k, v in codes.items() if k in _USED}
    codes.update(_NEW)
    tmp = f"{path}.{os.getpid()}-{os.urandom(4).hex()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        # a new file of our own (never through a link someone put there), then renamed over the cache
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        with os.fdopen(fd, "wb") as f:
            f.write(_header() + marshal.dumps(codes))
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def _init_source(fields, frozen: bool, post_init: bool, env: dict) -> list:
    """``__init__``'s lines as dataclasses writes them (defaults bound as ``_dflt_<name>``)."""
    params, body = ["self"], []
    for f in fields:
        env[f"_type_{f.name}"] = f.type
        value = f.name
        if f.default_factory is not MISSING:
            env[f"_dflt_{f.name}"] = f.default_factory
            params.append(f"{f.name}:_type_{f.name}=_HAS_DEFAULT_FACTORY")
            value = f"_dflt_{f.name}() if {f.name} is _HAS_DEFAULT_FACTORY else {f.name}"
        elif f.default is not MISSING:
            env[f"_dflt_{f.name}"] = f.default
            params.append(f"{f.name}:_type_{f.name}=_dflt_{f.name}")
        else:
            params.append(f"{f.name}:_type_{f.name}")
        body.append(f"__dataclass_builtins_object__.__setattr__(self,{f.name!r},{value})" if frozen
                    else f"self.{f.name}={value}")
    if post_init:
        body.append("self.__post_init__()")
    return [f" def __init__({','.join(params)})->_return_type:", *[f"  {line}" for line in body or ["pass"]]]


def _tuple_source(name: str, fields) -> str:
    return f"({','.join(f'{name}.{f.name}' for f in fields)},)" if fields else "()"


def _recursive_repr(user_function):
    """``...`` for an object already being shown higher up the same thread's repr (as dataclasses does)."""
    import _thread
    import functools

    running = set()

    @functools.wraps(user_function)
    def wrapper(self):
        key = id(self), _thread.get_ident()
        if key in running:
            return "..."
        running.add(key)
        try:
            return user_function(self)
        finally:
            running.discard(key)
    return wrapper


def _signature_doc(cls) -> str:
    """dataclasses' docstring for a class that has none: its name and ``__init__`` signature."""
    import inspect

    try:
        return cls.__name__ + str(inspect.signature(cls)).replace(" -> None", "")
    except (TypeError, ValueError):
        return cls.__name__
