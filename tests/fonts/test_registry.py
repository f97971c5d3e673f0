"""Font roles, fallback chains and the errors a user sees for missing or broken fonts."""
import pytest

from layout.fonts import FontError, load_face, load_fontset
from tests.conftest import SANS, SERIF


def write_config(tmp_path, body):
    path = tmp_path / "fonts.yaml"
    path.write_text(body, encoding="utf-8")
    return str(path)


def test_role_resolves_first_existing_source(tmp_path):
    cfg = write_config(tmp_path, f"""
roles:
  song:
    regular:
      - {{path: {tmp_path}/missing.otf}}
      - {{path: {SERIF}}}
fallback: [song]
""")
    face = load_fontset(cfg).face("song")
    assert face.family == "Noto Serif SC"


def test_missing_font_error_names_role_places_and_fix(tmp_path):
    cfg = write_config(tmp_path, f"""
roles:
  kai:
    regular:
      - {{path: {tmp_path}/nowhere/kai.ttf}}
      - {{package: no_such_font_package, file: Kai.otf}}
install_hint: apt-get install fonts-lxgw-wenkai
""")
    with pytest.raises(FontError) as err:
        load_fontset(cfg).face("kai")
    msg = str(err.value)
    assert "'kai'" in msg and "kai.ttf" in msg and "no_such_font_package" in msg
    assert "apt-get install fonts-lxgw-wenkai" in msg


def test_corrupt_font_is_a_font_error_not_a_traceback(tmp_path):
    bad = tmp_path / "broken.otf"
    bad.write_bytes(b"OTTO" + b"\x00" * 200)
    with pytest.raises(FontError) as err:
        load_face("song", str(bad))
    assert "broken.otf" in str(err.value)


def test_unknown_role_lists_known_roles(tmp_path):
    cfg = write_config(tmp_path, f"roles:\n  song:\n    regular:\n      - {{path: {SERIF}}}\n")
    with pytest.raises(FontError, match="known roles: song"):
        load_fontset(cfg).face("hei")


def test_fallback_chain_finds_character_in_second_face(fontset):
    face, gid = fontset.resolve("中", "hei")
    assert face is not None and face.family == "Noto Sans SC" and gid > 0
    # U+9F98 (龘) is not in the level-1 test subsets: no face has it
    assert fontset.resolve("龘", "song") == (None, 0)
    assert fontset.resolve("\U000E0FFF", "song") == (None, 0)


def test_warm_load_comes_from_cache_with_same_metrics():
    a = load_face("song", str(SERIF))
    b = load_face("song", str(SERIF))
    assert a.sha256 == b.sha256 and a.cmap == b.cmap and list(a.advances) == list(b.advances)
    gid = a.gid("，")
    assert a.vert.get(gid) and a.vert[gid] != gid  # GSUB vert alternate exists
    assert a.halt.get(gid) == (0, -500)  # GPOS halt: half-width comma


def test_a_weight_the_config_lacks_is_set_in_regular_and_recorded_once(tmp_path):
    from layout.fonts.registry import WeightFallback

    cfg = write_config(tmp_path, f"""
roles:
  hei:
    regular:
      - {{path: {SANS}}}
  song:
    regular:
      - {{path: {SERIF}}}
    bold:
      - {{path: {SERIF}}}
  kai:
    regular:
      - {{role: hei}}
fallback: [song]
""")
    fs = load_fontset(cfg)
    assert fs.face("hei", "black").path == str(SANS)
    fs.face("hei", "black")
    fs.chain("hei", "black")
    fs.face("hei")
    fs.face("song", "bold")  # listed: no fallback
    fs.face("kai", "bold")  # a role reference to hei, which has no bold either
    assert fs.weight_fallbacks == [WeightFallback("hei", "black", f"hei regular (Noto Sans SC, {SANS.name})"),
                                   WeightFallback("kai", "bold", f"hei regular (Noto Sans SC, {SANS.name})")]


def test_a_role_reference_that_has_the_weight_is_no_fallback(tmp_path):
    cfg = write_config(tmp_path, f"""
roles:
  song:
    regular:
      - {{path: {SERIF}}}
    bold:
      - {{path: {SANS}}}
  latin:
    regular:
      - {{role: song}}
""")
    fs = load_fontset(cfg)
    assert fs.face("latin", "bold").path == str(SANS) and fs.weight_fallbacks == []


def _run(code, cache):
    import os
    import subprocess
    import sys

    env = dict(os.environ, BAOBAN_CACHE=str(cache))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout


def test_warm_start_reads_the_font_config_without_importing_yaml_or_fonttools(tmp_path):
    cfg = write_config(tmp_path, f"roles:\n  song:\n    regular:\n      - {{path: {SERIF}}}\nfallback: [song]\n")
    code = ("import sys; from layout.fonts import load_fontset; fs = load_fontset(%r); fs.face('song'); "
            "print(sorted(m for m in ('yaml', 'fontTools', 'hashlib') if m in sys.modules))" % cfg)
    assert "yaml" in _run(code, tmp_path / "cache")  # first run: parsed
    assert _run(code, tmp_path / "cache").strip() == "[]"  # warm: cached config and metrics only


def test_an_edited_font_config_is_read_again(tmp_path):
    roles = f"roles:\n  song:\n    regular:\n      - {{path: {SERIF}}}\n  hei:\n    regular:\n      - {{path: {SERIF}}}\n"
    cfg = write_config(tmp_path, roles + "fallback: [song]\n")
    assert load_fontset(cfg).fallback == ["song"]
    write_config(tmp_path, roles + "fallback: [hei ]\n")  # same size
    assert load_fontset(cfg).fallback == ["hei"]
