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
from layout.fonts.face import face_from_bytes, face_to_bytes, file_hash, parse_face
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
    assert len(files) == 1 and files[0].suffix == ".face"
    return files[0]


def header(entry):
    """The JSON line that starts a cache entry, parsed."""
    return json.loads(entry.read_bytes().partition(b"\n")[0])


def test_cache_round_trip_is_exact_and_data_only(cache):
    cache_dir, font = cache
    first = load_face("song", font)
    entry = entry_of(cache_dir)
    assert header(entry)["format"] == "baoban-face"
    again = load_face("song", font)
    assert dataclasses.asdict(again) == dataclasses.asdict(first) == reference(font)


class _Evil:
    def __reduce__(self):
        return (os.system, ("touch PWNED",))


@pytest.mark.parametrize("content", [pickle.dumps(_Evil()), b"{", b"[]", b'{"format": "baoban-face", "version": 999}\n',
                                     b"\xff\xfe garbage", b"[" * 100000 + b"]" * 100000, b"[" * 1000 + b"\n"])
def test_any_bad_entry_is_rebuilt_and_never_runs_code(cache, content, monkeypatch, tmp_path):
    cache_dir, font = cache
    monkeypatch.chdir(tmp_path)
    load_face("song", font)
    entry = entry_of(cache_dir)
    entry.write_bytes(content)
    face = load_face("song", font)
    assert dataclasses.asdict(face) == reference(font)
    assert not (tmp_path / "PWNED").exists()
    assert face_from_bytes(entry.read_bytes(), "song", font).num_glyphs == face.num_glyphs  # rewritten


def test_entry_with_wrong_shapes_is_rebuilt(cache):
    cache_dir, font = cache
    load_face("song", font)
    entry = entry_of(cache_dir)
    head, _, body = entry.read_bytes().partition(b"\n")
    data = json.loads(head)
    tables = data["tables"]
    cmap_at = tables["cmap.k"]
    for field, bad in (("upem", "1000"), ("num_glyphs", 7), ("tables", {}), ("tables", dict(tables, advances=[0, 10**9])),
                       ("tables", dict(tables, advances=[-2, 5])), ("tables", dict(tables, **{"cmap.v": cmap_at[:1]})),
                       ("tables", dict(tables, **{"cmap.k": [cmap_at[0], cmap_at[1] + 1]})),
                       ("tables", dict(tables, **{"evil": [0, 1]})), ("byteorder", "middle"),
                       ("tables", dict(tables, **{"cmap.bmp": [tables["cmap.bmp"][0], 100]})),  # not 65,536
                       ("wght", float("nan")), ("wght", float("inf")), ("wght", "400"), ("wght", True)):
        broken = dict(data, **{field: bad})
        entry.write_bytes(json.dumps(broken).encode() + b"\n" + body)
        assert dataclasses.asdict(load_face("song", font)) == reference(font), (field, bad)
    entry.write_bytes(head + b"\n" + body[: len(body) // 2])  # cut short
    assert dataclasses.asdict(load_face("song", font)) == reference(font)


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


def test_serialised_face_is_a_json_line_and_packed_numbers():
    face = parse_face("song", str(SERIF))
    face.sha256 = "0" * 64
    raw = face_to_bytes(face)
    head = json.loads(raw.partition(b"\n")[0])
    assert head["format"] == "baoban-face" and head["num_glyphs"] == face.num_glyphs
    assert dataclasses.asdict(face_from_bytes(raw, "song", face.path)) == dataclasses.asdict(face)


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
    assert face_mod.CACHE_VERSION >= 6


def test_codepoint_map_looks_up_the_bmp_table_and_the_planes_above():
    from array import array

    from layout.fonts.face import CodepointMap

    cmap = CodepointMap.of({0x4E00: 5, 0x20000: 7, 0x41: 0, 0xFFFF: 9, 0x4E01: 10, 0x20001: 12}, 10)
    assert cmap.get(0x4E00) == 5 and cmap.get(0x20000) == 7 and cmap.get(0xFFFF) == 9
    assert cmap.get(0x41) is None and 0x41 not in cmap and cmap.get(0x42, 0) == 0  # glyph 0 is not mapped
    assert 0x4E01 not in cmap and 0x20001 not in cmap  # nor is a glyph id past the face's glyphs
    assert 0x4E00 in cmap and 0x20001 not in cmap and len(cmap) == 3
    assert list(cmap.items()) == [(0x4E00, 5), (0xFFFF, 9), (0x20000, 7)]
    assert cmap == CodepointMap.of({0xFFFF: 9, 0x20000: 7, 0x4E00: 5}, 10) and cmap != CodepointMap.of({0x4E00: 5}, 10)
    assert pickle.loads(pickle.dumps(cmap)) == cmap
    with pytest.raises(ValueError):
        CodepointMap(array("H", [0] * 10), {}, 10)


def test_a_parsed_face_maps_what_the_font_maps():
    face = parse_face("song", str(SERIF))
    from fontTools.ttLib import TTFont

    best = TTFont(str(SERIF), lazy=True).getBestCmap()
    order = TTFont(str(SERIF), lazy=True).getGlyphOrder()
    gid_of = {name: i for i, name in enumerate(order)}
    for cp in (0x4E00, 0x3002, 0xFF0C, 0x41, 0x2014, 0x10FFFF, 0xE000):
        want = gid_of.get(best[cp]) if cp in best else None
        assert face.cmap.get(cp) == (want or None), hex(cp)
    assert len(face.cmap) == sum(1 for name in best.values() if gid_of.get(name))


def test_a_cache_entry_mapping_past_the_glyphs_reads_as_unmapped(cache):
    from array import array

    cache_dir, font = cache
    face = load_face("song", font)
    gid = face.gid("中")
    assert gid and face.has("中")
    entry = entry_of(cache_dir)
    head, _, body = entry.read_bytes().partition(b"\n")
    offset = json.loads(head)["tables"]["cmap.bmp"][0]
    bmp = array("H")
    bmp.frombytes(body[offset:offset + 2 * 0x10000])
    bmp[ord("中")] = 65535  # a glyph id the face does not have
    body = body[:offset] + bmp.tobytes() + body[offset + 2 * 0x10000:]
    damaged = face_from_bytes(head + b"\n" + body, "song", font)
    assert not damaged.has("中") and damaged.gid("中") == 0 and damaged.gid("国") == face.gid("国")
