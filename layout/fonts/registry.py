"""Font roles and fallback chains from ``fonts/fonts.yaml``.

Styles name a role (宋 song, 黑 hei, 楷 kai, 仿宋 fangsong, latin) and a
weight; the registry finds the first available source for it and builds the
fallback chain tried for characters the face lacks. A character no face in
the chain has is reported, never drawn as silent tofu (ARCHITECTURE.md,
"Nothing silent").

fonts.yaml is read with the shared YAML loader (layout.model.yamlnodes:
alias budget, nesting limit, standard tags, no NaN) from a regular file of
bounded size, and its shape is checked before use, so a broken file is a
``file:line:column`` message, never a traceback. A ``file:`` source must
stay inside the configuration's folder or one of the folders listed under
``font_dirs:`` (a ``package:`` file inside its package), symlinks resolved;
a ``path:`` source is an absolute path the administrator names explicitly
(a system font), trusted for its place but not its content: every source
must be a regular file with a TrueType/OpenType signature (face.check_font_file),
else the error names the role, weight and source.
"""
from __future__ import annotations

import importlib.util
import json
import os
from dataclasses import field
from pathlib import Path
from typing import Dict, List, NamedTuple, Optional, Tuple

from ..records import record
from .face import Face, FontError, _atomic_write, cache_dir, load_face

DEFAULT_CONFIG = Path(__file__).resolve().parents[2] / "fonts" / "fonts.yaml"


@record(frozen=True)
class Source:
    """One place a role's font may be found."""

    path: str  # resolved file path ("" for a role reference)
    index: int = 0
    wght: Optional[float] = None
    role: str = ""  # "use whatever this other role uses"
    described: str = ""


class WeightFallback(NamedTuple):
    """A role+weight the configuration lacks, and the face set instead (e.g. hei black -> hei regular)."""

    role: str
    weight: str
    used: str  # "hei regular (Noto Sans SC, NotoSansSC-Regular.otf)"


HAN_COVERAGE_MIN = 10  # distinct Han characters a face must have been asked for before it is judged


class RoleFallback(NamedTuple):
    """A role none of whose own faces is installed, set in another role's face (e.g. kai -> Noto Serif SC)."""

    role: str
    used: str  # "Noto Serif SC (NotoSerifSC-Regular.otf)"
    tried: Tuple[str, ...]  # the role's own sources, none of them found
    why: str = ""  # set when the role's face is installed but cannot set the text ("has no Chinese characters")
    weight: str = ""  # the weight whose face it is, when not the regular one

    def __str__(self) -> str:
        if self.why:
            named = f"{self.role} {self.weight}".strip()
            return (f"font: the {named} face ({', '.join(self.tried)}) {self.why}, so text styled {named} "
                    f"is set in {self.used}")
        return (f"font: no {self.role} face is installed, so text styled {self.role} is set in {self.used}; "
                f"tried {', '.join(self.tried)}")


@record
class FontSet:
    """Loaded faces by key, with a fallback chain per key."""

    config_path: str
    roles: Dict[str, Dict[str, List[Source]]]
    fallback: List[str]
    install_hint: str = ""
    faces: Dict[str, Face] = field(default_factory=dict)
    _chains: Dict[str, List[Face]] = field(default_factory=dict)
    _resolved: Dict[Tuple[str, str], Tuple[Optional[Face], int]] = field(default_factory=dict)
    weight_fallbacks: List[WeightFallback] = field(default_factory=list)  # one per role+weight set in regular
    # values computed from these faces by later stages (glyph metrics per role, weight and writing mode):
    # owned by the font set, so a long-lived process that drops a FontSet drops them too
    derived: Dict[tuple, object] = field(default_factory=dict, repr=False, compare=False)
    role_fallbacks: List["RoleFallback"] = field(default_factory=list)  # one per role set in another role's face
    languages: Dict[str, Dict[str, str]] = field(default_factory=dict)  # zh-Hant -> {song: song_hant, ...}
    _views: Dict[str, "LanguageFonts"] = field(default_factory=dict, repr=False, compare=False)
    # face key -> [distinct Han characters asked for, how many came from another face, that face]: a role whose
    # face has no Chinese at all (DejaVu Sans named as song) is a substitution, not a few fallback glyphs
    _han: Dict[str, list] = field(default_factory=dict, repr=False, compare=False)

    def coverage_fallbacks(self) -> List["RoleFallback"]:
        """A RoleFallback per face key whose own face gave none of the (at least HAN_COVERAGE_MIN) Han
        characters asked of it: all of them came from the fallback chain."""
        out = []
        for key, (asked, fell, used) in sorted(self._han.items()):
            if asked >= HAN_COVERAGE_MIN and fell == asked and used is not None:
                own, (role, _, weight) = self.faces[key], key.partition("-")
                out.append(RoleFallback(role, f"{used.family} ({os.path.basename(used.path)})",
                                        (f"{own.family}, {os.path.basename(own.path)}",), "has no Chinese characters",
                                        weight))
        return out

    def for_language(self, language: str):
        """This font set as a page in ``language`` sees it: roles mapped by ``languages:`` (itself when no map)."""
        mapping = {k: v for k, v in self.languages.get(language, {}).items() if v in self.roles}
        if not mapping:
            return self
        if language not in self._views:
            self._views[language] = LanguageFonts(self, language, mapping)
        return self._views[language]

    def face(self, role: str, weight: str = "regular") -> Face:
        """The primary face of a role and weight, loading it on first use.

        A weight the configuration does not list is set in the role's regular
        face and recorded once in ``weight_fallbacks`` (callers report it).
        """
        key = face_key(role, weight)
        if key not in self.faces:
            fell: List[str] = []
            self.faces[key] = self._load(role, weight, seen=(), fell=fell)
            self.faces[key].key = key
            self._note_role_fallback(role, weight, self.faces[key])
            if fell:
                f = self.faces[key]
                used = f"{fell[-1]} regular ({f.family}, {os.path.basename(f.path)})"
                self.weight_fallbacks.append(WeightFallback(role, weight, used))
        return self.faces[key]

    def _note_role_fallback(self, role: str, weight: str, face: Face) -> None:
        """Record once when a role's own faces are all missing and another role's face stands in (kai set in song)."""
        own = [s for s in (self.roles.get(role, {}).get(weight) or self.roles.get(role, {}).get("regular") or [])
               if not s.role]
        if any(s.path and os.path.isfile(s.path) for s in own) or not own:
            return
        if any(fb.role == role for fb in self.role_fallbacks):
            return
        used = f"{face.family} ({os.path.basename(face.path)})"
        self.role_fallbacks.append(RoleFallback(role, used, tuple(s.described for s in own)))

    def chain(self, role: str, weight: str = "regular") -> List[Face]:
        """The role's face followed by the fallback roles' faces (those that exist)."""
        key = face_key(role, weight)
        if key not in self._chains:
            faces = [self.face(role, weight)]
            for other in self.fallback:
                try:
                    f = self.face(other, weight if weight in self.roles.get(other, {}) else "regular")
                except FontError:
                    continue
                if all(f.path != g.path or f.index != g.index or f.wght != g.wght for g in faces):
                    faces.append(f)
            self._chains[key] = faces
        return self._chains[key]

    def resolve(self, char: str, role: str, weight: str = "regular") -> Tuple[Optional[Face], int]:
        """(face, glyph id) of the first face in the chain with the character; (None, 0) if none."""
        key = face_key(role, weight)
        hit = self._resolved.get((char, key))
        if hit is None:
            cp = ord(char)
            primary = self.faces.get(key) or self.face(role, weight)
            gid = primary.cmap.get(cp)
            hit = (primary, gid) if gid else self._fallback(cp, role, weight)  # fallback faces load only when needed
            self._resolved[(char, key)] = hit
            if 0x4E00 <= cp <= 0x9FFF:  # a CJK unified ideograph: count what the role's own face gave
                han = self._han.setdefault(key, [0, 0, None])
                han[0] += 1
                if not gid and hit[0] is not None:
                    han[1] += 1
                    han[2] = han[2] or hit[0]
        return hit

    def _fallback(self, cp: int, role: str, weight: str) -> Tuple[Optional[Face], int]:
        """(face, gid) from the rest of the chain for a code point the primary face lacks; (None, 0) if none."""
        for f in self.chain(role, weight)[1:]:
            gid = f.cmap.get(cp)
            if gid:
                return f, gid
        return None, 0

    def _load(self, role: str, weight: str, seen: tuple, fell: Optional[List[str]] = None) -> Face:
        """The face for role+weight; appends to ``fell`` the role whose regular face stood in for the weight."""
        if role in seen:
            raise FontError(f"font role {role!r}: circular role reference via {' -> '.join(seen)}")
        weights = self.roles.get(role)
        if not weights:
            raise FontError(f"font role {role!r} is not defined in {self.config_path}; "
                            f"known roles: {', '.join(sorted(self.roles))}")
        sources = weights.get(weight)
        in_regular = not sources and weight not in ("", "regular")
        sources = sources or weights.get("regular") or []
        tried = []
        for src in sources:
            if src.role:
                try:
                    return self._load(src.role, weight, seen + (role,), fell)
                except FontError as exc:
                    tried.append(f"role {src.role} ({exc})")
                    continue
            if not src.path or not os.path.exists(src.path):
                tried.append(src.described)
                continue
            if in_regular and fell is not None:
                fell.append(role)
            try:
                return load_face(face_key(role, weight), src.path, src.index, src.wght)
            except FontError as exc:
                raise FontError(f"{self.config_path}: font role {role!r} weight {weight!r}, source "
                                f"{src.described}: {exc}") from None
        raise FontError(
            f"no font found for role {role!r} weight {weight!r} ({self.config_path}). Tried: "
            + "; ".join(tried) + f". To fix: {self.install_hint or 'install a font and name it in fonts.yaml'}"
        )


def face_key(role: str, weight: str = "regular") -> str:
    """The key a face is stored under: "song", "hei-bold"."""
    return role if weight in ("", "regular") else f"{role}-{weight}"


def _package_file(package: str, name: str) -> str:
    for folder in _package_folders(package):
        candidate = os.path.join(folder, name)
        if os.path.isfile(candidate):
            return str(_inside(Path(candidate), Path(folder), f"file: {name} of package {package}"))
    return ""


_FOLDERS: Dict[str, Tuple[str, ...]] = {}  # package -> its folders: one search of sys.path per package and process


def _package_folders(package: str) -> Tuple[str, ...]:
    """The folders of an installed package, found once; () when it is not installed (looked for again next
    time, so a font package installed while watch runs is found)."""
    folders = _FOLDERS.get(package)
    if folders is None:
        spec = importlib.util.find_spec(package)
        folders = tuple(spec.submodule_search_locations or ()) if spec is not None else ()
        if folders:
            _FOLDERS[package] = folders
    return folders


def _source(entry: dict, base: Path, roots: Tuple[Path, ...] = ()) -> Source:
    index = int(entry.get("index", 0))
    wght = entry.get("wght")
    if "role" in entry:
        return Source("", role=str(entry["role"]), described=f"role {entry['role']}")
    if "package" in entry:
        path = _package_file(entry["package"], entry["file"])
        return Source(path, index, wght, described=f"pip package {entry['package']} ({entry['file']})")
    if "path" in entry:
        return Source(str(entry["path"]), index, wght, described=str(entry["path"]))
    if "file" in entry:
        path = str(_inside(base / entry["file"], (base,) + tuple(roots), f"file: {entry['file']}"))
        return Source(path, index, wght, described=path)
    raise FontError(f"fonts config {base}: a source needs package+file, path, file or role: {entry}")


def _inside(path: Path, roots, what: str) -> Path:
    """``path`` resolved when it lies inside one of ``roots`` (a folder or a tuple); FontError otherwise (symlinks followed)."""
    from ..textfile import TextFileError, confine

    roots = (roots,) if isinstance(roots, Path) else tuple(roots)
    problem = ""
    for root in roots:
        try:
            return confine(path, root, what, f"the font configuration's folder {roots[0]}"
                           + (" and its font_dirs:" if len(roots) > 1 else ""))
        except TextFileError as exc:
            problem = problem or exc.message
    raise FontError(f"font configuration: {problem}; or list its folder under font_dirs:")


def load_fontset(config: Optional[str] = None) -> FontSet:
    """Read a fonts.yaml (default: the project's fonts/fonts.yaml) into a FontSet."""
    path = Path(config) if config else DEFAULT_CONFIG
    data = _read_config(path)
    roles: Dict[str, Dict[str, List[Source]]] = {}
    dirs = tuple(path.parent / d for d in data.get("font_dirs") or ())
    for role, weights in (data.get("roles") or {}).items():
        roles[role] = {w: [_source(e, path.parent, dirs) for e in (entries or [])] for w, entries in weights.items()}
    languages = {str(lang): {str(k): str(v) for k, v in (m or {}).items()} for lang, m in (data.get("languages") or {}).items()}
    return FontSet(str(path), roles, list(data.get("fallback") or []), str(data.get("install_hint") or ""),
                   languages=languages)


def _read_config(path: Path) -> dict:
    """The parsed, shape-checked fonts.yaml; a JSON copy in the cache (with the text it came from) spares importing yaml."""
    from ..textfile import MAX_YAML_BYTES, TextFileError, read_text_file

    try:
        source = read_text_file(path, str(path), limit=MAX_YAML_BYTES).text
    except TextFileError as exc:
        raise FontError(f"cannot read font configuration {exc}") from None
    except OSError as exc:
        raise FontError(f"cannot read font configuration {path}: {exc.strerror or exc}") from None
    copy = cache_dir() / "font-config.json"
    try:
        cached = json.loads(copy.read_text(encoding="utf-8")[:MAX_YAML_BYTES * 2])
        if cached.get("source") == source and not config_problems(cached["data"], str(path)):
            return cached["data"]
    except (OSError, ValueError, AttributeError, KeyError, TypeError, RecursionError):
        pass
    data = _parse_yaml(source, path)
    try:
        text = json.dumps({"source": source, "data": data}, ensure_ascii=False)
        if json.loads(text)["data"] == data:  # JSON would turn non-string keys into strings: keep only exact copies
            _atomic_write(copy, text.encode("utf-8"))
    except (TypeError, ValueError):
        pass  # not JSON-representable (dates, say): parse the YAML every time
    return data


def _parse_yaml(source: str, path: Path) -> dict:
    """The configuration as plain data; FontError listing every problem at file:line:column."""
    from ..model.errors import Diagnostics  # only when the text differs from the cached copy
    from ..model.yamlnodes import parse_yaml, plain

    diags = Diagnostics()
    node = parse_yaml(source, str(path), diags)
    problems = [str(d) for d in diags.errors]
    data = plain(node) if node is not None and not problems else None
    if data is None and not problems:
        data = {}
    if data is not None:
        problems = config_problems(data, str(path), _marks(node))
    if problems:
        raise FontError("font configuration is not valid:\n  " + "\n  ".join(problems))
    return data


SOURCE_KEYS = {"package": str, "file": str, "path": str, "role": str, "index": int, "wght": (int, float)}
TOP_KEYS = {"roles": dict, "fallback": list, "install_hint": str, "font_dirs": list, "languages": dict}


def config_problems(data, file: str, marks: Optional[dict] = None) -> List[str]:
    """Every shape problem of a parsed fonts.yaml ('' list when it is usable), at file:line:column when known."""
    marks = marks or {}
    out: List[str] = []

    def bad(where: tuple, message: str) -> None:
        out.append(f"{marks.get(where, file)}: {message}")

    if not isinstance(data, dict):
        return [f"{file}: must be a mapping with roles:, fallback: and install_hint:"]
    for key, value in data.items():
        want = TOP_KEYS.get(key)
        if want is None:
            bad((key,), f"unknown key '{key}' (known: {', '.join(TOP_KEYS)})")
        elif value is not None and not isinstance(value, want):
            bad((key,), f"{key}: expected a {'mapping' if want is dict else 'list' if want is list else 'text'}")
    for key in ("fallback", "font_dirs"):
        for i, item in enumerate(data[key] if isinstance(data.get(key), list) else ()):
            if not isinstance(item, str) or not item:
                bad((key, i), f"{key}[{i}]: expected {'a role name' if key == 'fallback' else 'a folder'}")
    for role, weights in (data.get("roles") or {}).items() if isinstance(data.get("roles"), dict) else ():
        if not isinstance(weights, dict):
            bad(("roles", role), f"roles.{role}: expected weights (regular:, bold:, ...) each with a list of sources")
            continue
        for weight, entries in weights.items():
            where = ("roles", role, weight)
            if entries is not None and not isinstance(entries, list):
                bad(where, f"roles.{role}.{weight}: expected a list of sources")
                continue
            for i, entry in enumerate(entries or []):
                for problem in _source_problems(entry):
                    bad(where + (i,), f"roles.{role}.{weight}[{i}]: {problem}")
    out += _role_name_problems(data, bad)
    return out


def _role_name_problems(data: dict, bad) -> List[str]:
    """Role names used by fallback: and languages: that roles: does not define (reported through ``bad``)."""
    roles = data.get("roles") if isinstance(data.get("roles"), dict) else {}
    known = ", ".join(sorted(roles))
    for i, role in enumerate(data["fallback"] if isinstance(data.get("fallback"), list) else ()):
        if isinstance(role, str) and role and role not in roles:
            bad(("fallback", i), f"fallback[{i}]: '{role}' is not a role defined under roles: (known: {known})")
    languages = data.get("languages") if isinstance(data.get("languages"), dict) else {}
    for lang, mapping in languages.items():
        if not isinstance(mapping, dict):
            bad(("languages", lang), f"languages.{lang}: expected role -> role, e.g. {{song: song_hant}}")
            continue
        for role, used in mapping.items():
            if used not in roles:
                bad(("languages", lang, role), f"languages.{lang}.{role}: '{used}' is not a role defined under roles: "
                                               f"(known: {known})")
    return []


def _source_problems(entry) -> List[str]:
    """What is wrong with one source entry ([] when fine)."""
    if not isinstance(entry, dict):
        return ["expected a mapping such as {path: /usr/share/fonts/x.otf} or {role: song}"]
    out = [f"unknown key '{k}' (known: {', '.join(SOURCE_KEYS)})" for k in entry if k not in SOURCE_KEYS]
    out += [f"{k}: expected {'a number' if k in ('index', 'wght') else 'text'}" for k, v in entry.items()
            if k in SOURCE_KEYS and (not isinstance(v, SOURCE_KEYS[k]) or isinstance(v, bool))]
    if out:
        return out
    if not ({"role", "path", "file"} & set(entry)) or ("package" in entry and "file" not in entry):
        out.append("a source needs package: and file:, path:, file: or role:")
    if "path" in entry and not os.path.isabs(entry["path"]):
        out.append(f"path: {entry['path']} is not absolute; use file: for a path relative to fonts.yaml")
    if not 0 <= entry.get("index", 0) <= 255:
        out.append(f"index: {entry['index']} is not a font-collection member (0 to 255)")
    if "wght" in entry and not 1 <= entry["wght"] <= 1000:
        out.append(f"wght: {entry['wght']} is not a weight (1 to 1000)")
    return out


def _marks(node) -> dict:
    """(key, index, ...) -> Mark for every node of the parsed tree."""
    from ..model.yamlnodes import YMap, YSeq

    out: dict = {}
    stack = [((), node)]
    while stack:
        where, n = stack.pop()
        out[where] = n.mark
        if isinstance(n, YMap):
            stack += [(where + (str(k.value),), v) for k, v in n]
        elif isinstance(n, YSeq):
            stack += [(where + (i,), v) for i, v in enumerate(n.items)]
    return out


def fontset_from_files(files: Dict[str, str], fallback: Optional[List[str]] = None) -> FontSet:
    """A FontSet from explicit files, {"song": path, "hei-bold": path}: used by tests and benchmarks."""
    roles: Dict[str, Dict[str, List[Source]]] = {}
    for key, file in files.items():
        role, _, weight = key.partition("-")
        roles.setdefault(role, {})[weight or "regular"] = [Source(file, described=file)]
    default_fallback = list(dict.fromkeys(k.partition("-")[0] for k in files))
    return FontSet("<explicit>", roles, fallback if fallback is not None else default_fallback)


class LanguageFonts:
    """A FontSet seen through one language's role map (zh-Hant: song -> song_hant).

    Faces are the base set's (loaded once, found by the writer under their
    own keys); derived text metrics are this view's own, so glyphs measured
    for 繁體 never serve a 简体 page.
    """

    def __init__(self, base: FontSet, language: str, mapping: Dict[str, str]):
        self.base, self.language, self.mapping = base, language, dict(mapping)
        self.derived: Dict[tuple, object] = {}
        self.foreign: Dict[str, str] = {}  # character -> family of the other-script face that drew it

    def foreign_summary(self) -> str:
        """'' or one line: how many characters were drawn by a face of another script (责 in Noto Serif SC)."""
        if not self.foreign:
            return ""
        chars = "".join(sorted(self.foreign))
        families = ", ".join(sorted(set(self.foreign.values())))
        shown = chars[:24] + ("…" if len(chars) > 24 else "")
        return (f"font: {len(chars)} character(s) on {self.language} pages are not in its faces and were set in "
                f"{families}: {shown}; write them in the page's script, or add a face that has them")

    def role(self, role: str) -> str:
        """The role this language uses for ``role``."""
        return self.mapping.get(role, role)

    def face(self, role: str, weight: str = "regular") -> Face:
        """The mapped role's face (FontSet.face)."""
        return self.base.face(self.role(role), weight)

    def chain(self, role: str, weight: str = "regular") -> List[Face]:
        """The mapped role's fallback chain (FontSet.chain)."""
        return self.base.chain(self.role(role), weight)

    def resolve(self, char: str, role: str, weight: str = "regular") -> Tuple[Optional[Face], int]:
        """(face, glyph id) for ``char`` in the mapped role (FontSet.resolve); a face outside the mapped
        roles (a Simplified fallback on a zh-Hant page) is remembered in ``foreign``."""
        mapped = self.role(role)
        face, gid = self.base.resolve(char, mapped, weight)
        if face is not None and mapped != role and face is not self.base.face(mapped, weight):
            if char.strip() and ord(char) > 0x2E7F:  # CJK only: Latin and digits from the fallback are expected
                self.foreign.setdefault(char, face.family)
        return face, gid

    def __getattr__(self, name: str):
        return getattr(self.base, name)
