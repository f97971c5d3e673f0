"""layout/batch/sources.py: SOURCES (issue files, folders, CSV and YAML manifests) into jobs with stable, unique ids."""
from __future__ import annotations

from pathlib import Path

import pytest

from layout.batch.sources import SourceError, collect, import_jobs


def issue(folder: Path) -> Path:
    """A placeholder issue.yaml in ``folder`` (sources only look at names and manifests)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "issue.yaml"
    path.write_text("paper: {name: 报, date: '2018-04-28', number: 1}\npages: []\n", encoding="utf-8")
    return path


def test_folders_are_searched_recursively_in_name_order_skipping_hidden_and_outdir(tmp_path):
    for rel in ("2018/04-28", "2018/04-21", "2019/01-05", ".trash/x", "out/y"):
        issue(tmp_path / rel)
    jobs = collect([str(tmp_path)], skip=tmp_path / "out")
    assert [j.id for j in jobs] == ["04-21", "04-28", "01-05"]
    assert all(j.path.is_absolute() and j.path.name == "issue.yaml" for j in jobs)


def test_clashing_folder_names_take_parent_folders(tmp_path):
    a, b = issue(tmp_path / "2018" / "0428"), issue(tmp_path / "2019" / "0428")
    jobs = collect([str(a), str(b), str(a)])  # listed twice: rendered once
    assert [j.id for j in jobs] == ["2018__0428", "2019__0428"]


def test_csv_manifest_with_per_issue_options(tmp_path):
    issue(tmp_path / "a")
    issue(tmp_path / "b")
    manifest = tmp_path / "batch.csv"
    manifest.write_text("issue,id,strict,preflight,tac_limit\na,first,yes,,\nb/issue.yaml,,,false,220\n", encoding="utf-8")
    jobs = collect([str(manifest)])
    assert [(j.id, j.options) for j in jobs] == [("first", {"strict": True}),
                                                 ("b", {"preflight": False, "tac_limit": 220.0})]
    assert jobs[0].origin == f"{manifest}:2"


def test_yaml_manifest_rows_and_plain_paths(tmp_path):
    issue(tmp_path / "a")
    issue(tmp_path / "b")
    manifest = tmp_path / "list.yaml"
    manifest.write_text("issues:\n  - a\n  - {issue: b, marks: false, id: b-nomarks}\n", encoding="utf-8")
    jobs = collect([str(manifest)])
    assert [(j.id, j.options) for j in jobs] == [("a", {}), ("b-nomarks", {"marks": False})]


def test_every_bad_row_is_reported_with_its_line(tmp_path):
    issue(tmp_path / "a")
    manifest = tmp_path / "batch.csv"
    manifest.write_text("issue,strict,colour\na,maybe,\n,,\n", encoding="utf-8")
    with pytest.raises(SourceError) as err:
        collect([str(manifest), str(tmp_path / "missing")])
    text = str(err.value)
    assert text.count("unknown column 'colour'") == 1  # once, at the header
    assert f"{manifest}:1: unknown column 'colour' in the header" in text
    assert f"{manifest}:2: strict: 'maybe' is not true or false" in text  # the rows' own problems still listed
    assert "missing: no such file or folder" in text
    manifest.write_text("issue,strict\na,maybe\n,\n", encoding="utf-8")
    with pytest.raises(SourceError) as err:
        collect([str(manifest)])
    assert f"{manifest}:2: strict: 'maybe' is not true or false" in str(err.value)
    assert f"{manifest}:3: no 'issue' path in this row" in str(err.value)


def test_duplicate_or_reserved_ids_are_refused(tmp_path):
    for name in "abc":
        issue(tmp_path / name)
    manifest = tmp_path / "m.yaml"
    manifest.write_text("- {issue: a, id: same}\n- {issue: b, id: same}\n- {issue: c, id: imported}\n", encoding="utf-8")
    with pytest.raises(SourceError) as err:
        collect([str(manifest)])
    assert "would both be written to 'same'" in str(err.value)
    assert "id 'imported' cannot name an output folder" in str(err.value)


def test_a_yaml_file_that_is_neither_issue_nor_manifest(tmp_path):
    other = tmp_path / "notes.yaml"
    other.write_text("hello: world\n", encoding="utf-8")
    with pytest.raises(SourceError, match="neither an issue"):
        collect([str(other)])


def test_import_jobs_are_named_after_the_old_pages(tmp_path):
    (tmp_path / "p1.txt").write_text("x", encoding="utf-8")
    (tmp_path / "pages").mkdir()
    jobs = import_jobs([str(tmp_path / "p1.txt"), str(tmp_path / "pages")])
    assert [(j.id, j.imported) for j in jobs] == [("p1", True), ("pages", True)]
    with pytest.raises(SourceError, match="no such file"):
        import_jobs([str(tmp_path / "nope.pdf")])


def test_an_empty_manifest_is_an_error(tmp_path):
    manifest = tmp_path / "empty.csv"
    manifest.write_text("issue,id\n", encoding="utf-8")
    with pytest.raises(SourceError, match="no issue to render"):
        collect([str(manifest)])


def test_a_manifest_row_outside_the_manifest_folder_is_refused(tmp_path):
    secret = tmp_path / "elsewhere" / "secret.yaml"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    issue(tmp_path / "batch" / "a")
    (tmp_path / "batch" / "link").symlink_to(tmp_path / "elsewhere")
    manifest = tmp_path / "batch" / "m.yaml"
    manifest.write_text(f"issues:\n  - {{issue: {secret}}}\n  - {{issue: ../elsewhere/secret.yaml}}\n"
                        "  - {issue: link/secret.yaml}\n  - {issue: a/issue.yaml}\n", encoding="utf-8")
    with pytest.raises(SourceError) as err:
        collect([str(manifest)])
    lines = str(err.value).splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [f"{manifest}:{n}:5" for n in (2, 3, 4)]
    assert all("outside the manifest's folder" in line and "command line" in line for line in lines)


def test_an_issue_outside_the_manifest_folder_is_rendered_when_given_on_the_command_line(tmp_path):
    outside = issue(tmp_path / "shared" / "x")
    manifest = tmp_path / "batch" / "m.csv"
    manifest.parent.mkdir()
    manifest.write_text(f"issue,id\n{outside},ext\n", encoding="utf-8")
    jobs = collect([str(manifest), str(outside)])
    assert [(j.path, j.id) for j in jobs] == [(outside.resolve(), "ext"), (outside.resolve(), "x")]


def test_a_folder_on_the_command_line_admits_only_its_issue_file(tmp_path):
    outside = issue(tmp_path / "shared" / "x")
    (outside.parent / "notes.yaml").write_text("paper: {}\n", encoding="utf-8")
    manifest = tmp_path / "batch" / "m.yaml"
    manifest.parent.mkdir()
    manifest.write_text(f"- {{issue: {outside.parent}, id: a}}\n- {{issue: {outside.parent / 'notes.yaml'}, id: b}}\n",
                        encoding="utf-8")
    with pytest.raises(SourceError) as err:
        collect([str(manifest), str(outside.parent)])
    assert str(err.value).splitlines()[0].startswith(f"{manifest}:2:3: ") and "outside the manifest's folder" in str(err.value)
    assert len(str(err.value).splitlines()) == 1


@pytest.mark.parametrize("cell, fragment", [
    ("tac_limit,inf", "must be a finite number greater than 0"),
    ("tac_limit,nan", "must be a finite number greater than 0"),
    ("icc_profile,/dev/zero", "it is a character device"),
    ("icc_profile,missing.icc", "no such file"),
])
def test_a_manifest_option_out_of_bounds_names_its_row(tmp_path, cell, fragment):
    # a manifest's ICC profile is read whole when the issue is written: it is checked as --icc-profile is
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "issue.yaml").write_text("paper: {}\n", encoding="utf-8")
    key, value = cell.split(",")
    manifest = tmp_path / "m.csv"
    manifest.write_text(f"issue,{key}\na,{value}\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        collect([str(manifest)])
    assert "m.csv:2" in str(caught.value) and fragment in str(caught.value), str(caught.value)


def test_an_output_profile_over_16_mb_is_refused(tmp_path):
    from layout.issue import icc_profile_error

    big = tmp_path / "big.icc"
    with open(big, "wb") as f:
        f.truncate(17 << 20)
    assert "over the 16 MB an output profile takes" in icc_profile_error(str(big))
