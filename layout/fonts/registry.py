"""Font roles and fallback chains from ``fonts/fonts.yaml``.

Styles name a role (宋 song, 黑 hei, 楷 kai, 仿宋 fangsong, latin) and a
weight; the registry finds the first available source for it and builds the
fallback chain tried for characters the face lacks. A character no face in
the chain has is reported, never drawn as silent tofu (ARCHITECTURE.md,
"Nothing silent").
"""
from __future__ import annotations

import importlib.util
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, NamedTuple, Optional, Tuple

from .face import Face, FontError, _atomic_write, cache_dir, load_face

DEFAULT_CONFIG = Path(__file__).resolve().parents[2] / "fonts" / "fonts.yaml"


@dataclass(frozen=True)
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


class RoleFallback(NamedTuple):
    """A role none of whose own faces is installed, set in another role's face (e.g. kai -> Noto Serif SC)."""

    role: str
    used: str  # "Noto Serif SC (NotoSerifSC-Regular.otf)"
    tried: Tuple[str, ...]  # the role's own sources, none of them found

    def __str__(self) -> str:
        return (f"font: no {self.role} face is installed, so text styled {self.role} is set in {self.used}; "
                f"tried {', '.join(self.tried)}")


@dataclass
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
    role_fallbacks: List["RoleFallback"] = field(default_factory=list)  # one per role set in another role's face

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
        k = (char, face_key(role, weight))
        hit = self._resolved.get(k)
        if hit is None:
            cp = ord(char)
            primary = self.face(role, weight)
            gid = primary.cmap.get(cp)
            hit = (primary, gid) if gid else self._fallback(cp, role, weight)  # fallback faces load only when needed
            self._resolved[k] = hit
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
            raise FontError(f"font role {role!r} is not defined in {self.config_path}; known roles: {', '.join(sorted(self.roles))}")
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
            if not src.path or not os.path.isfile(src.path):
                tried.append(src.described)
                continue
            if in_regular and fell is not None:
                fell.append(role)
            return load_face(face_key(role, weight), src.path, src.index, src.wght)
        raise FontError(
            f"no font found for role {role!r} weight {weight!r} ({self.config_path}). Tried: "
            + "; ".join(tried) + f". To fix: {self.install_hint or 'install a font and name it in fonts.yaml'}"
        )


def face_key(role: str, weight: str = "regular") -> str:
    """The key a face is stored under: "song", "hei-bold"."""
    return role if weight in ("", "regular") else f"{role}-{weight}"


def _package_file(package: str, name: str) -> str:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return ""
    for folder in spec.submodule_search_locations:
        candidate = os.path.join(folder, name)
        if os.path.isfile(candidate):
            return candidate
    return ""


def _source(entry: dict, base: Path) -> Source:
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
        path = str((base / entry["file"]).resolve())
        return Source(path, index, wght, described=path)
    raise FontError(f"fonts config {base}: a source needs package+file, path, file or role: {entry}")


def load_fontset(config: Optional[str] = None) -> FontSet:
    """Read a fonts.yaml (default: the project's fonts/fonts.yaml) into a FontSet."""
    path = Path(config) if config else DEFAULT_CONFIG
    data = _read_config(path)
    roles: Dict[str, Dict[str, List[Source]]] = {}
    for role, weights in (data.get("roles") or {}).items():
        roles[role] = {w: [_source(e, path.parent) for e in (entries or [])] for w, entries in weights.items()}
    return FontSet(str(path), roles, list(data.get("fallback") or []), str(data.get("install_hint") or ""))


def _read_config(path: Path) -> dict:
    """The parsed fonts.yaml; a JSON copy in the cache (with the text it came from) spares importing yaml."""
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FontError(f"cannot read font configuration {path}: {exc}") from exc
    copy = cache_dir() / "font-config.json"
    try:
        cached = json.loads(copy.read_text(encoding="utf-8"))
        if cached.get("source") == source:
            return cached["data"]
    except (OSError, ValueError, AttributeError, KeyError):
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
    import yaml  # only when the configuration's text differs from the cached copy

    try:
        data = yaml.safe_load(source) or {}
    except yaml.YAMLError as exc:
        raise FontError(f"font configuration {path} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise FontError(f"font configuration {path} must be a mapping with roles: and fallback:")
    return data


def fontset_from_files(files: Dict[str, str], fallback: Optional[List[str]] = None) -> FontSet:
    """A FontSet from explicit files, {"song": path, "hei-bold": path}: used by tests and benchmarks."""
    roles: Dict[str, Dict[str, List[Source]]] = {}
    for key, file in files.items():
        role, _, weight = key.partition("-")
        roles.setdefault(role, {})[weight or "regular"] = [Source(file, described=file)]
    return FontSet("<explicit>", roles, fallback if fallback is not None else list(dict.fromkeys(k.partition("-")[0] for k in files)))
