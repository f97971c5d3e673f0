"""layout.pdf.atomic: one file or a whole set replaced at once; never a half-replaced issue or a stray *.pdf."""
import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from layout.pdf import atomic
from layout.pdf.atomic import OutputSet, OutputSetError, clean_leftovers, write_atomic

ROOT = Path(__file__).resolve().parents[2]
NAMES = ["x-01.pdf", "x-02.pdf", "x.pdf"]


def old_set(out: Path):
    out.mkdir(exist_ok=True)
    for name in NAMES:
        (out / name).write_bytes(b"old " + name.encode())


def contents(out: Path):
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def test_write_atomic_temp_file_is_not_a_pdf_and_is_gone_after(tmp_path):
    seen = []

    def write(f):
        seen.extend(os.listdir(tmp_path))
        f.write(b"%PDF-1.3 new")

    write_atomic(str(tmp_path / "a.pdf"), write)
    assert len(seen) == 1 and seen[0].startswith(".partial-") and not seen[0].endswith(".pdf")
    assert os.listdir(tmp_path) == ["a.pdf"]


def test_write_atomic_failure_keeps_the_old_file(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"old")

    def write(f):
        f.write(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError):
        write_atomic(str(tmp_path / "a.pdf"), write)
    assert contents(tmp_path) == {"a.pdf": b"old"}


def test_output_set_replaces_the_whole_set_and_leaves_nothing_else(tmp_path):
    out = tmp_path / "out"
    old_set(out)
    (out / "keep.txt").write_bytes(b"mine")
    with OutputSet(str(out)) as staged:
        for name in NAMES:
            path = staged.stage(name)
            assert not path.endswith(".pdf")
            Path(path).write_bytes(b"new " + name.encode())
        assert contents(out)["x.pdf"] == b"old x.pdf"  # nothing visible before commit
        result = staged.commit()
    assert result.paths == [str(out / n) for n in NAMES]
    assert len(result.replaced) == 3 and result.created == []
    assert contents(out) == {**{n: b"new " + n.encode() for n in NAMES}, "keep.txt": b"mine"}
    assert sorted(os.listdir(out)) == sorted(NAMES + ["keep.txt"])


def test_failure_while_staging_leaves_the_old_set_and_no_temp_files(tmp_path):
    out = tmp_path / "out"
    old_set(out)
    with pytest.raises(OSError):
        with OutputSet(str(out)) as staged:
            Path(staged.stage(NAMES[0])).write_bytes(b"new")
            raise OSError(errno.ENOSPC, "No space left on device")
    assert contents(out) == {n: b"old " + n.encode() for n in NAMES}


def test_failure_part_way_through_the_swap_rolls_back(tmp_path, monkeypatch):
    out = tmp_path / "out"
    old_set(out)
    real = os.replace
    calls = []

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst)

    staged = OutputSet(str(out))
    for name in NAMES:
        Path(staged.stage(name)).write_bytes(b"new")
    monkeypatch.setattr(atomic.os, "replace", flaky)
    with pytest.raises(OutputSetError, match="nothing was replaced, the old files are intact"):
        staged.commit()
    monkeypatch.setattr(atomic.os, "replace", real)
    assert contents(out) == {n: b"old " + n.encode() for n in NAMES}


def test_new_files_are_removed_again_on_rollback(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    real = os.replace
    calls = []

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(errno.EIO, "I/O error")
        return real(src, dst)

    staged = OutputSet(str(out))
    for name in NAMES:
        Path(staged.stage(name)).write_bytes(b"new")
    monkeypatch.setattr(atomic.os, "replace", flaky)
    with pytest.raises(OutputSetError, match="nothing was replaced"):
        staged.commit()
    assert contents(out) == {}


def test_folder_in_the_way_is_a_clear_error_and_nothing_changes(tmp_path):
    out = tmp_path / "out"
    old_set(out)
    os.unlink(out / "x.pdf")
    (out / "x.pdf").mkdir()
    with OutputSet(str(out)) as staged:
        for name in NAMES:
            Path(staged.stage(name)).write_bytes(b"new")
        with pytest.raises(OutputSetError, match="nothing was replaced"):
            staged.commit()
    assert (out / "x-01.pdf").read_bytes() == b"old x-01.pdf" and (out / "x.pdf").is_dir()
    assert sorted(os.listdir(out)) == sorted(NAMES)


def test_stage_refuses_names_with_folders(tmp_path):
    with OutputSet(str(tmp_path)) as staged:
        for bad in ("../x.pdf", "a/b.pdf", "..", ""):
            with pytest.raises(ValueError):
                staged.stage(bad)


KILLED_DURING_SWAP = """
import os, sys
from pathlib import Path
from layout.pdf import atomic
out = sys.argv[1]
staged = atomic.OutputSet(out)
for name in {names!r}:
    Path(staged.stage(name)).write_bytes(b"new " + name.encode())
real = os.replace
count = []
def dying(src, dst):
    count.append(dst)
    if len(count) == 2:
        os._exit(9)  # like SIGKILL: no cleanup runs
    return real(src, dst)
atomic.os.replace = dying
staged.commit()
"""

KILLED_WHILE_STAGING = """
import os, sys
from pathlib import Path
from layout.pdf import atomic
staged = atomic.OutputSet(sys.argv[1])
Path(staged.stage("x-01.pdf")).write_bytes(b"half")
os._exit(9)
"""


def _run_child(code: str, out: Path):
    proc = subprocess.run([sys.executable, "-c", code, str(out)], cwd=ROOT, timeout=60)
    assert proc.returncode == 9


def test_killed_during_the_swap_is_finished_by_the_next_run(tmp_path):
    out = tmp_path / "out"
    old_set(out)
    _run_child(KILLED_DURING_SWAP.format(names=NAMES), out)
    mixed = contents(out)
    assert any(k.startswith(".baoban-commit-") for k in mixed)  # the marker of an unfinished set
    done = clean_leftovers(str(out))
    assert done and "finished an interrupted output" in done[0]
    assert contents(out) == {n: b"new " + n.encode() for n in NAMES}
    assert sorted(os.listdir(out)) == sorted(NAMES)


def test_killed_while_staging_leaves_the_old_set_and_is_cleaned(tmp_path):
    out = tmp_path / "out"
    old_set(out)
    _run_child(KILLED_WHILE_STAGING, out)
    assert not any(name.endswith(".pdf") and name not in NAMES for name in os.listdir(out))
    OutputSet(str(out)).abort()  # a new run cleans up on start
    assert contents(out) == {n: b"old " + n.encode() for n in NAMES}
    assert sorted(os.listdir(out)) == sorted(NAMES)


def test_an_input_is_never_replaced_even_through_a_link(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "ad.pdf").write_bytes(b"%PDF-1.3 the advertiser's file")
    os.link(tmp_path / "ad.pdf", out / "x.pdf")
    with OutputSet(str(out), inputs=[str(tmp_path / "ad.pdf")]) as staged:
        for name in NAMES:
            Path(staged.stage(name)).write_bytes(b"new")
        with pytest.raises(OutputSetError, match="is an input of this render.*nothing was replaced"):
            staged.commit()
    assert (tmp_path / "ad.pdf").read_bytes() == b"%PDF-1.3 the advertiser's file"
    assert sorted(os.listdir(out)) == ["x.pdf"]


def test_write_atomic_cleans_a_dead_runs_partial_file(tmp_path):
    (tmp_path / ".partial-999999999-abc.tmp").write_bytes(b"half of an old proof")
    (tmp_path / ".partial-old.pdf").write_bytes(b"from an older version")
    write_atomic(str(tmp_path / "a.pdf"), lambda f: f.write(b"%PDF-1.3"))
    assert os.listdir(tmp_path) == ["a.pdf"]


FAMILY = r"x-\d{2,}\.pdf"


def test_files_of_the_set_not_in_the_new_set_are_removed_and_reported(tmp_path):
    out = tmp_path / "out"
    old_set(out)
    for name in ("x-03.pdf", "x-04.pdf", "y-03.pdf", "x-03.pdf.txt"):
        (out / name).write_bytes(b"old")
    with OutputSet(str(out), family=FAMILY) as staged:
        for name in NAMES:
            Path(staged.stage(name)).write_bytes(b"new")
        result = staged.commit()
    assert result.removed == [str(out / "x-03.pdf"), str(out / "x-04.pdf")]
    assert "removed the old" in result.summary()
    assert sorted(os.listdir(out)) == sorted(NAMES + ["y-03.pdf", "x-03.pdf.txt"])


def test_a_failed_swap_puts_the_removed_files_back(tmp_path, monkeypatch):
    out = tmp_path / "out"
    old_set(out)
    for name in ("x-03.pdf", "x-04.pdf"):
        (out / name).write_bytes(b"old " + name.encode())
    before = contents(out)
    real = os.replace
    calls = []

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) == len(NAMES) + 2:  # every new file in place, one old page moved aside, then the disk fails
            raise OSError(errno.EIO, "I/O error")
        return real(src, dst)

    staged = OutputSet(str(out), family=FAMILY)
    for name in NAMES:
        Path(staged.stage(name)).write_bytes(b"new")
    monkeypatch.setattr(atomic.os, "replace", flaky)
    with pytest.raises(OutputSetError, match="nothing was replaced, the old files are intact"):
        staged.commit()
    monkeypatch.setattr(atomic.os, "replace", real)
    assert contents(out) == before


def test_roll_forward_removes_the_files_the_journal_names(tmp_path):
    out = tmp_path / "out"
    old_set(out)
    (out / "x-03.pdf").write_bytes(b"old")
    staging = out / (atomic.STAGING_PREFIX + "999999999-dead")
    staging.mkdir()
    (staging / ("x.pdf" + atomic.STAGED_SUFFIX)).write_bytes(b"new")
    atomic._write_journal(str(out / (atomic.JOURNAL_PREFIX + "999999999-dead.json")), staging.name, ["x.pdf"], ["x-03.pdf"])
    clean_leftovers(str(out))
    assert contents(out) == {"x-01.pdf": b"old x-01.pdf", "x-02.pdf": b"old x-02.pdf", "x.pdf": b"new"}


@pytest.mark.parametrize("staging, files, remove", [
    ("..", [], []), (".", [], []), ("../elsewhere", [], []), ("/tmp", [], []), ("not-ours", [], []),
    (atomic.STAGING_PREFIX + "999999999-dead", [".."], []), (atomic.STAGING_PREFIX + "999999999-dead", [], ["../keep.txt"]),
])
def test_a_crafted_journal_never_reaches_outside_the_output_folder(tmp_path, staging, files, remove):
    # the output folder may be writable by others: a journal naming "..", ".", a path or a folder not of
    # ours is dropped as unreadable, and nothing outside the folder (or in it) is touched
    out = tmp_path / "out"
    old_set(out)
    before = contents(out)
    (tmp_path / "keep.txt").write_text("keep")
    journal = out / (atomic.JOURNAL_PREFIX + "999999998-x.json")
    atomic._write_journal(str(journal), staging, files, remove)
    done = clean_leftovers(str(out))
    assert (tmp_path / "keep.txt").read_text() == "keep"
    assert contents(out) == before
    assert done == [f"removed the unreadable journal {journal.name}"]


def test_a_full_disk_names_the_file_and_leaves_no_temporary_file(tmp_path):
    def full(f):
        raise OSError(errno.ENOSPC, "No space left on device")  # what a write to a full disk raises: no file name

    target = tmp_path / "x.pdf"
    with pytest.raises(OSError) as caught:
        write_atomic(str(target), full)
    assert caught.value.errno == errno.ENOSPC and caught.value.filename == str(target)
    assert list(tmp_path.iterdir()) == []


def test_a_staging_folder_that_is_a_link_is_never_followed(tmp_path):
    # a link named like our staging folder, pointing elsewhere, with a journal naming a file "in" it: nothing
    # is moved out of the link's target, and the link itself (only its name is ours) is removed
    out = tmp_path / "out"
    old_set(out)
    before = contents(out)
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / ("passwd" + atomic.STAGED_SUFFIX)).write_text("secret")
    link = out / (atomic.STAGING_PREFIX + "999999999-x")
    link.symlink_to(victim)
    atomic._write_journal(str(out / (atomic.JOURNAL_PREFIX + "999999999-x.json")), link.name, ["passwd"])
    clean_leftovers(str(out))
    assert (victim / ("passwd" + atomic.STAGED_SUFFIX)).read_text() == "secret"
    assert not link.is_symlink() and contents(out) == before
