"""render.py batch on a LocalCluster of 2 worker processes: outputs, isolation, journal, manifest, resume, retries.

The outputs of a batch are compared byte for byte with ``render.py issue``
of each issue; the manifest's SHA-256 sums with the files on disk (hashlib);
the PDFs are read back with pypdf for their page counts.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from layout.batch.journal import Journal
from layout.batch.run import BatchError, BatchOptions, run_batch
from layout.batch.sources import collect
from layout.batch.worker import render_task

from .conftest import make_sources, reference_render

GOOD = ["v1", "v2", "v3", "v4"]


def options(out: Path, fonts: str, **kw) -> BatchOptions:
    """Batch options of these tests: preflight off, the pinned fonts."""
    render = {"preflight": False, "marks": True, "icc_profile": "", "tac_limit": None, "min_ppi": None}
    return BatchOptions(outdir=out, fonts=fonts, render=render, dashboard=":0", **kw)


@pytest.fixture(scope="module")
def first_batch(tmp_path_factory, client, batch_fonts):
    """Four good and two broken issues batched once: (src, out, result, printed progress)."""
    root = tmp_path_factory.mktemp("batch")
    src = make_sources(root)
    out = root / "out"
    stream = io.StringIO()
    result = run_batch(collect([str(src)], skip=out), options(out, batch_fonts), client=client, stream=stream)
    return src, out, result, stream.getvalue()


def test_outputs_are_byte_identical_to_render_issue(first_batch, batch_fonts, tmp_path):
    src, out, result, _ = first_batch
    for name in GOOD:
        expected = reference_render(src / name / "issue.yaml", tmp_path / name, batch_fonts)
        got = {p.name: p.read_bytes() for p in sorted((out / name).glob("*.pdf"))}
        assert sorted(got) == sorted(expected) and len(got) == 3, name
        for file, data in expected.items():
            assert got[file] == data, f"{name}/{file} differs from render.py issue"


def test_broken_issues_are_reported_and_the_rest_done(first_batch):
    _, out, result, printed = first_batch
    status = {r["id"]: r["status"] for r in result.records}
    assert status == {**{n: "done" for n in GOOD}, "bad-yaml": "failed", "no-article": "failed"}
    assert result.exit_code == 1
    by_id = {r["id"]: r for r in result.records}
    assert any("bad-yaml/issue.yaml:" in e and "YAML" in e for e in by_id["bad-yaml"]["errors"])
    assert any("labour-day.txt" in e for e in by_id["no-article"]["errors"])
    assert not (out / "bad-yaml").exists() and not (out / "no-article").exists()
    assert "failed bad-yaml:" in printed and "failed no-article:" in printed and "pages/s" in printed
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temp folder left


def test_manifest_lists_every_issue_with_file_hashes(first_batch, batch_fonts, tmp_path):
    from layout.pipeline import Engine, RenderOptions

    src, out, result, _ = first_batch
    manifest = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    assert manifest["batch"]["done"] == 4 and manifest["batch"]["failed"] == 2 and manifest["batch"]["exit_code"] == 1
    issues = {r["id"]: r for r in manifest["issues"]}
    engine = Engine(batch_fonts)
    for name in GOOD:
        entry = issues[name]
        report = engine.render_issue(src / name / "issue.yaml", RenderOptions(out=str(tmp_path / name), preflight=False)).report
        counts = {"overset": len(report.overset), "overset_chars": sum(o.chars for o in report.overset),
                  "underset": len(report.underset), "missing_glyphs": len(report.missing_glyphs),
                  "missing_images": len(report.missing_images), "overfull": len(report.overfull)}
        assert {k: entry[k] for k in counts} == counts, name  # the manifest says what the render reported
        assert entry["pages"] == 2
        assert [f["name"] for f in entry["files"]] == [f"{name}/{p}" for p in
                                                       ("20180428-01.pdf", "20180428-02.pdf", "20180428.pdf")]
        for f in entry["files"]:
            data = (out / f["name"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == f["sha256"] and len(data) == f["bytes"]
        assert len(PdfReader(str(out / entry["files"][-1]["name"])).pages) == 2
        assert any("preflight skipped" in w for w in entry["warnings"]) and entry["seconds"] > 0
    rows = {r["id"]: r for r in csv.DictReader((out / "batch.csv").open(encoding="utf-8"))}
    assert set(rows) == set(issues)
    assert rows["v1"]["status"] == "done" and rows["v1"]["pages"] == "2"
    assert rows["v1"]["overset"] == str(issues["v1"]["overset"]) and rows["v1"]["underset"] == str(issues["v1"]["underset"])
    assert issues["v1"]["files"][0]["sha256"] in rows["v1"]["files"]
    assert rows["bad-yaml"]["status"] == "failed" and "YAML" in rows["bad-yaml"]["errors"]


def test_journal_records_each_issue_once_with_its_input_hash(first_batch):
    _, out, result, _ = first_batch
    records, bad = Journal(out).read()
    assert bad == 0 and records[0]["event"] == "start" and records[0]["issues"] == 6
    issues = [r for r in records if r.get("id")]
    assert sorted(r["id"] for r in issues) == sorted(GOOD + ["bad-yaml", "no-article"])
    assert all(len(r["hash"]) == 64 for r in issues)
    assert len({r["hash"] for r in issues}) == 6  # every issue's inputs differ


def test_a_second_batch_needs_resume(first_batch, client, batch_fonts):
    src, out, _, _ = first_batch
    with pytest.raises(BatchError, match="--resume"):
        run_batch(collect([str(src)], skip=out), options(out, batch_fonts), client=client, stream=io.StringIO())


def test_resume_skips_done_and_redoes_failed_and_changed(tmp_path, client, batch_fonts):
    src = make_sources(tmp_path, good=4)
    out = tmp_path / "out"
    jobs = collect([str(src)], skip=out)
    run_batch(jobs, options(out, batch_fonts), client=client, stream=io.StringIO())
    before = {n: (out / n / "20180428.pdf").stat().st_ino for n in ("v1",)}
    with (src / "v2" / "commentary.txt").open("a", encoding="utf-8") as f:
        f.write("\n又及：本版文字有改动。\n")
    (src / "no-article" / "labour-day.txt").write_text((src / "v1" / "labour-day.txt").read_text(encoding="utf-8"),
                                                       encoding="utf-8")
    (src / "v4" / "lead.txt").unlink()  # done before, broken now: its old output stays, flagged
    result = run_batch(collect([str(src)], skip=out), options(out, batch_fonts, resume=True), client=client,
                       stream=io.StringIO())
    action = {r["id"]: (r["status"], r["action"]) for r in result.records}
    assert action == {"v1": ("done", "skipped"), "v3": ("done", "skipped"), "v2": ("done", "rendered"),
                      "no-article": ("done", "rendered"), "bad-yaml": ("failed", "attempted"),
                      "v4": ("failed", "attempted")}
    v4 = next(r for r in result.records if r["id"] == "v4")
    assert any("lead.txt" in e for e in v4["errors"]) and v4["files"] == []
    assert "v4/ still holds an earlier render of this issue; it does not show the current inputs" in v4["warnings"]
    assert (out / "v1" / "20180428.pdf").stat().st_ino == before["v1"]  # not rewritten
    latest = Journal(out).latest()
    assert latest["v2"]["hash"] != [r for r in Journal(out).read()[0] if r.get("id") == "v2"][0]["hash"]
    assert result.summary["skipped"] == 2 and result.exit_code == 1


def crashing(job: dict) -> dict:
    """A task that kills its worker process: always for issue v3, the first time only for v2; else it renders."""
    marker = Path(job["outdir"]).parent / f"crashed-{job['id']}"
    deaths = int(marker.read_text(encoding="utf-8")) if marker.exists() else 0
    if job["id"] == "v3" or job["id"] == "v2" and not deaths:
        marker.write_text(str(deaths + 1), encoding="utf-8")
        os._exit(1)
    return render_task(job)


def test_a_dead_worker_is_replaced_and_its_issue_retried_once(tmp_path, client, batch_fonts):
    src = make_sources(tmp_path, good=3, broken=False)
    out = tmp_path / "out"
    stream = io.StringIO()
    result = run_batch(collect([str(src)], skip=out), options(out, batch_fonts), client=client, task=crashing,
                       stream=stream)
    assert (tmp_path / "crashed-v2").read_text(encoding="utf-8") == "1"
    assert (tmp_path / "crashed-v3").read_text(encoding="utf-8") == "2"  # tried twice, not more
    assert {r["id"]: r["status"] for r in result.records} == {"v1": "done", "v2": "done", "v3": "failed"}
    v3 = next(r for r in result.records if r["id"] == "v3")
    assert "KilledWorker: a worker died twice while rendering it" in v3["errors"][0]
    assert "failed v3: KilledWorker" in stream.getvalue()
    assert result.exit_code == 1 and len(list((out / "v2").glob("*.pdf"))) == 3
    client.wait_for_workers(2, timeout=60)  # both workers were replaced


def test_import_runs_old_pages_through_render_py_import_first(tmp_path, client, batch_fonts):
    from layout.batch.sources import import_jobs

    seed = Path(__file__).resolve().parents[2] / "samples" / "issue-2018-04-28" / "seed" / "front-page-extracted.txt"
    old = tmp_path / "old"
    old.mkdir()
    (old / "p0428.txt").write_bytes(seed.read_bytes())
    (old / "unreadable.pdf").write_bytes(b"not a pdf at all")
    (old / "doubt.txt").write_text(DOUBTFUL_PAGES, encoding="utf-8")  # 本期1版 on two pages: render.py import exits 1
    out = tmp_path / "out"
    stream = io.StringIO()
    result = run_batch(import_jobs([str(old / n) for n in ("p0428.txt", "unreadable.pdf", "doubt.txt")]),
                       options(out, batch_fonts), client=client, stream=stream)
    by_id = {r["id"]: r for r in result.records}
    doubt = by_id["doubt"]
    assert doubt["status"] == "doubtful" and doubt["action"] == "rendered" and doubt["pages"] >= 2
    assert "the masthead says 本期1版 but the source has 2 pages" in doubt["doubts"][0]
    assert len(PdfReader(str(out / doubt["files"][-1]["name"])).pages) == doubt["pages"]
    assert "DOUBTFUL: the masthead says 本期1版" in (out / "imported" / "doubt" / "IMPORT.md").read_text(encoding="utf-8")
    assert "doubtful doubt: the masthead says 本期1版" in stream.getvalue()
    manifest = json.loads((out / "batch.json").read_text(encoding="utf-8"))["batch"]
    assert (manifest["doubtful"], manifest["doubtful_ids"], manifest["done"]) == (1, ["doubt"], 1)
    assert by_id["p0428"]["status"] == "done" and by_id["p0428"]["pages"] >= 1
    assert (out / "imported" / "p0428" / "IMPORT.md").is_file()
    assert by_id["p0428"]["issue"] == str(out / "imported" / "p0428" / "issue.yaml")
    assert len(PdfReader(str(out / by_id["p0428"]["files"][-1]["name"])).pages) == by_id["p0428"]["pages"]
    assert by_id["unreadable"]["status"] == "failed" and "unreadable.pdf" in by_id["unreadable"]["errors"][0]


DOUBTFUL_PAGES = """晨光日报
2026年3月2日 星期一 第45期 本期1版

老街换新颜
本报讯（记者王一鸣）3月1日，城南老街改造工程完工，街面铺上了青石板。
\f大桥合龙
本报讯（记者刘洋）2日上午，跨江大桥顺利合龙。
"""


def hanging(job: dict) -> dict:
    """A task that hangs on issue v2 midway (a temp folder begun); the others finish at once (a real render could
    pass the tests' short time limit on a loaded machine: render_task itself is tested above)."""
    if job["id"] == "v2":
        from layout.batch.journal import make_temp_folder

        (make_temp_folder(Path(job["outdir"])) / "20180428-01.pdf").write_bytes(b"%PDF-1.4 half")
        time.sleep(3600)
    return {"id": job["id"], "issue": job["path"], "status": "done", "action": "rendered", "pages": 0, "files": [],
            "errors": [], "warnings": [], "seconds": 0.0}


def test_an_issue_past_its_timeout_fails_and_its_worker_is_restarted(tmp_path, client, batch_fonts):
    src = make_sources(tmp_path, good=3, broken=False)
    out = tmp_path / "out"
    pids = set(client.run(os.getpid).values())
    stream = io.StringIO()
    started = time.monotonic()
    result = run_batch(collect([str(src)], skip=out), options(out, batch_fonts, timeout=5), client=client,
                       task=hanging, stream=stream)
    assert time.monotonic() - started < 120
    assert {r["id"]: r["status"] for r in result.records} == {"v1": "done", "v2": "failed", "v3": "done"}
    v2 = next(r for r in result.records if r["id"] == "v2")
    assert v2["errors"][0].startswith("timed out after 5 s: the render did not finish (its worker was restarted)")
    assert "failed v2: timed out after 5 s" in stream.getvalue() and result.exit_code == 1
    assert Journal(out).latest()["v2"]["status"] == "failed" and not (out / "v2").exists()
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # its half-done temp folder is removed
    assert "removed .tmp-" in stream.getvalue()
    client.wait_for_workers(2, timeout=60)
    assert len(pids - set(client.run(os.getpid).values())) == 1  # the hung worker's process was replaced


def test_strict_exit_code_follows_render_issue_strict_and_the_manifest_can_turn_it_off(tmp_path, client, batch_fonts):
    from layout.cli import main

    src = make_sources(tmp_path, good=2, broken=False)
    lossy = main(["issue", str(src / "v2" / "issue.yaml"), "-o", str(tmp_path / "ref"), "--fonts", batch_fonts,
                  "--no-preflight", "--strict"]) == 1
    manifest = tmp_path / "list.csv"
    manifest.write_text("issue,strict\nsrc/v1,false\nsrc/v2,\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_batch(collect([str(manifest)], skip=out), options(out, batch_fonts, strict=True), client=client,
                       stream=io.StringIO())
    assert all(r["status"] == "done" for r in result.records)
    assert result.summary["lost_strict"] == (["v2"] if lossy else [])
    assert result.exit_code == (1 if lossy else 0)
    v2 = next(r for r in result.records if r["id"] == "v2")
    assert v2["lost"] == lossy and v2["strict"] and (not lossy or v2["losses"])
