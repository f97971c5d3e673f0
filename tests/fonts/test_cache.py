"""The font metric cache holds data only (no pickle), is rebuilt from any bad entry, and dies with its FontSet."""
import dataclasses
import gc
import json
import os
import pickle
import shutil
import weakref

import pytest

from layout.fonts import face as face_mod
from layout.fonts import fontset_from_files, load_face
from layout.fonts.face import face_from_json, face_to_json, file_hash, parse_face
from tests.conftest import SERIF


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("BAOBAN_CACHE", str(tmp_path / "cache"))
    font = tmp_path / "font.otf"
    shutil.copy(SERIF, font)
    return tmp_path / "cache", str(font)


def reference(path):
    face = parse_face("song", path)
    face.sha256 = file_hash(path)
    return dataclasses.asdict(face)


def entry_of(cache_dir):
    files = list((cache_dir / "faces").iterdir())
    assert len(files) == 1 and files[0].suffix == ".json"
    return files[0]


def test_cache_round_trip_is_exact_and_json(cache):
    cache_dir, font = cache
    first = load_face("song", font)
    entry = entry_of(cache_dir)
    assert json.loads(entry.read_text())["format"] == "baoban-face"
    again = load_face("song", font)
    assert dataclasses.asdict(again) == dataclasses.asdict(first) == reference(font)


class _Evil:
    def __reduce__(self):
        return (os.system, ("touch PWNED",))


@pytest.mark.parametrize("content", [pickle.dumps(_Evil()), b"{", b"[]", b'{"format": "baoban-face", "version": 999}',
                                     b"\xff\xfe garbage", b"[" * 100000 + b"]" * 100000])
def test_any_bad_entry_is_rebuilt_and_never_runs_code(cache, content, monkeypatch, tmp_path):
    cache_dir, font = cache
    monkeypatch.chdir(tmp_path)
    load_face("song", font)
    entry = entry_of(cache_dir)
    entry.write_bytes(content)
    face = load_face("song", font)
    assert dataclasses.asdict(face) == reference(font)
    assert not (tmp_path / "PWNED").exists()
    assert face_from_json(entry.read_text(), "song", font).num_glyphs == face.num_glyphs  # rewritten


def test_entry_with_wrong_shapes_is_rebuilt(cache):
    cache_dir, font = cache
    load_face("song", font)
    entry = entry_of(cache_dir)
    data = json.loads(entry.read_text())
    for field, bad in (("upem", "1000"), ("advances", "not base64!"), ("cmap", [1, 2, 3]), ("num_glyphs", 7)):
        broken = dict(data, **{field: bad})
        entry.write_text(json.dumps(broken))
        assert dataclasses.asdict(load_face("song", font)) == reference(font), field


def test_hash_index_cannot_steer_the_cache_path(cache):
    cache_dir, font = cache
    load_face("song", font)
    index = cache_dir / "hash-index.json"
    data = json.loads(index.read_text())
    data = {k: "../../../../etc/x" for k in data}
    index.write_text(json.dumps(data))
    assert file_hash(font) == reference(font)["sha256"]
    index.write_text("[" * 50000)
    assert file_hash(font) == reference(font)["sha256"]


def test_serialised_face_is_plain_json():
    face = parse_face("song", str(SERIF))
    text = face_to_json(face)
    assert "pickle" not in text and isinstance(json.loads(text), dict)


def test_metrics_cache_is_owned_by_the_font_set():
    from layout.text.metrics import metrics_for

    fs = fontset_from_files({"song": str(SERIF)})
    m = metrics_for(fs, "song")
    assert metrics_for(fs, "song") is m and m in fs.derived.values()
    ref = weakref.ref(fs)
    del fs, m
    gc.collect()
    assert ref() is None, "a dropped FontSet (and its faces) must be freed"


def test_many_font_sets_do_not_accumulate():
    from layout.text.metrics import metrics_for

    refs = []
    for _ in range(20):
        fs = fontset_from_files({"song": str(SERIF)})
        metrics_for(fs, "song")
        refs.append(weakref.ref(fs))
        del fs
    gc.collect()
    assert all(r() is None for r in refs)
    assert face_mod.CACHE_VERSION >= 5
