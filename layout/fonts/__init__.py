"""Font layer: faces with cached metrics, roles and fallback chains."""
from .face import Face, FontError, load_face
from .registry import FontSet, face_key, fontset_from_files, load_fontset

__all__ = ["Face", "FontError", "FontSet", "face_key", "fontset_from_files", "load_face", "load_fontset"]
