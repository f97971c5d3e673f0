"""The on-disk cache of variable-font instance subsets is JSON data, never pickle: a crafted entry cannot run code."""
import os
import pickle

import pytest

from layout.fonts import load_face
from layout.pdf import fontembed

from .test_instance import VF, VF_INDEX, needs_vf


class _Evil:
    def __reduce__(self):
        return (os.system, ("touch PWNED",))


@needs_vf
def test_instance_subset_cache_is_json_and_ignores_a_pickle(tmp_path, monkeypatch):
    monkeypatch.setenv("BAOBAN_CACHE", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    face = load_face("hei-bold", str(VF), VF_INDEX, 700.0)
    gids = (0, face.gid("中"), face.gid("国"))
    first = fontembed._instance_subset(face, gids)
    entries = list((tmp_path / "cache" / "subsets").iterdir())
    assert len(entries) == 1 and entries[0].suffix == ".json"
    assert fontembed._instance_subset(face, gids) == first
    entries[0].write_bytes(pickle.dumps(_Evil()))
    assert fontembed._instance_subset(face, gids) == first
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize("content", [b"", b"{", b'{"version": 1, "kind": "exe", "data": "", "cids": []}',
                                     b'{"version": 1, "kind": "cff", "data": "!!", "cids": []}', b"[" * 100000])
def test_bad_subset_entries_are_ignored(tmp_path, content):
    path = tmp_path / "x.json"
    path.write_bytes(content)
    assert fontembed._read_subset(path) is None
