"""layout/batch/journal.py: the append-only journal, the OUTDIR lock, temp clean-up and the input hash."""
from __future__ import annotations

import json
import os
import shutil

import pytest

from layout.batch.journal import BatchLock, BatchLocked, Journal, clean_temp, input_files, input_hash, place, write_manifest

from .conftest import make_sources


def test_a_line_cut_short_by_a_kill_is_skipped_and_the_next_record_starts_afresh(tmp_path):
    journal = Journal(tmp_path)
    journal.append({"id": "a", "status": "done"})
    journal.close()
    with open(journal.path, "ab") as f:
        f.write(b'{"id": "b", "stat')  # SIGKILL mid-write
    journal = Journal(tmp_path)
    journal.append({"id": "c", "status": "failed"})
    journal.close()
    records, bad = journal.read()
    assert [r["id"] for r in records] == ["a", "c"] and bad == 1
    assert journal.latest() == {"a": {"id": "a", "status": "done"}, "c": {"id": "c", "status": "failed"}}


def test_two_batches_cannot_hold_one_folder(tmp_path):
    with BatchLock(tmp_path):
        with pytest.raises(BatchLocked, match=f"pid {os.getpid()}"):
            with BatchLock(tmp_path):
                pass
    with BatchLock(tmp_path):  # released when the holder closes (or dies)
        pass


def test_clean_temp_removes_temp_folders_and_restores_an_output_cut_off_mid_swap(tmp_path):
    (tmp_path / ".tmp-abc").mkdir()
    (tmp_path / ".tmp-abc" / "x.pdf").write_bytes(b"%PDF")
    (tmp_path / ".old-0123abcd-v1").mkdir()  # killed between the two renames of place()
    (tmp_path / ".old-0123abcd-v1" / "v1.pdf").write_bytes(b"old")
    (tmp_path / "v2").mkdir()
    (tmp_path / ".old-89abcdef-v2").mkdir()  # killed after both renames
    done = clean_temp(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v1", "v2"]
    assert (tmp_path / "v1" / "v1.pdf").read_bytes() == b"old"
    assert "restored v1" in done and "removed .tmp-abc" in done


def test_place_replaces_an_older_output_whole(tmp_path):
    (tmp_path / "v1").mkdir()
    (tmp_path / "v1" / "stale.pdf").write_bytes(b"old")
    new = tmp_path / ".tmp-new"
    new.mkdir()
    (new / "fresh.pdf").write_bytes(b"new")
    place(new, tmp_path / "v1")
    assert [p.name for p in tmp_path.iterdir()] == ["v1"] and [p.name for p in (tmp_path / "v1").iterdir()] == ["fresh.pdf"]


def test_input_hash_follows_articles_templates_fonts_and_options_only(tmp_path):
    src = make_sources(tmp_path, good=2, broken=False)
    issue = src / "v1" / "issue.yaml"
    fonts = tmp_path / "fonts.yaml"
    fonts.write_text("roles: {}\n", encoding="utf-8")
    opts = {"preflight": False}
    base = input_hash(issue, str(fonts), opts)
    names = {p.name for p in input_files(issue)}
    assert {"issue.yaml", "lead.txt", "photo-labour-day.png", "front.yaml", "base.yaml"} <= names
    assert input_hash(issue, str(fonts), opts) == base
    (src / "v2" / "lead.txt").write_text("another issue's change", encoding="utf-8")
    (src / "v1" / ".hidden").write_text("editor backup", encoding="utf-8")
    assert input_hash(issue, str(fonts), opts) == base
    assert input_hash(issue, str(fonts), {"preflight": True}) != base
    for change in (src / "v1" / "lead.txt", src / "templates" / "inner.yaml", fonts):
        keep = change.read_bytes()
        change.write_bytes(keep + b"\n#")
        assert input_hash(issue, str(fonts), opts) != base, change
        change.write_bytes(keep)
    assert input_hash(issue, str(fonts), opts) == base
    shutil.copytree(src, tmp_path / "moved")  # a moved batch keeps its hashes (names relative to the issue)
    moved = input_hash(tmp_path / "moved" / "v1" / "issue.yaml", str(fonts), opts)
    assert moved == base


def test_manifest_files_are_written_whole(tmp_path):
    record = {"id": "v1", "status": "done", "pages": 2, "files": [{"name": "v1/a.pdf", "sha256": "ab" * 32, "bytes": 3}],
              "warnings": ["w"], "errors": [], "underset": None}
    write_manifest(tmp_path, {"done": 1}, [record])
    assert json.loads((tmp_path / "batch.json").read_text(encoding="utf-8"))["issues"][0]["id"] == "v1"
    rows = (tmp_path / "batch.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("id,status,action,issue,pages,files,overset")
    assert f"v1/a.pdf {'ab' * 32}" in rows[1] and ",1," in rows[1]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["batch.csv", "batch.json"]


def test_long_messages_are_cut_in_the_journal_and_both_manifests(tmp_path):
    huge = "root:x:0:0:root:/root:/bin/bash\n" * 2000
    record = {"id": "a", "status": "failed", "action": "failed", "errors": [huge], "warnings": [huge], "files": []}
    journal = Journal(tmp_path)
    journal.append(record)
    journal.close()
    json_path, csv_path = write_manifest(tmp_path, {"issues": 1}, [record])
    for path in (journal.path, json_path, csv_path):
        text = path.read_text(encoding="utf-8")
        assert text.count("root:x:0:0") <= 2 * 10 and len(text) < 2000, path.name
        assert f"cut: {len(huge)} characters)" in text
    assert record["errors"] == [huge]  # the caller's record is left whole
