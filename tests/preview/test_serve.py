"""``render.py serve``: the page in headless Chromium shows the pictures and the report and refreshes after edits."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from .test_watch import TIMEOUT, Process, save

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium package (.ci/apt-packages.txt)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync"]


def chromium(url: str, profile, *extra: str, **popen) -> subprocess.Popen:
    return subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *extra, url], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, start_new_session=True, **popen)


def dump_dom(url: str, profile) -> str:
    browser = chromium(url, profile, "--dump-dom")
    try:
        out, _ = browser.communicate(timeout=TIMEOUT)
    finally:
        _end(browser)
    return out


def _end(browser: subprocess.Popen) -> None:
    """Stop a browser we started and its helper processes (its own process group)."""
    if browser.poll() is None:
        os.killpg(browser.pid, signal.SIGTERM)
        try:
            browser.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(browser.pid, signal.SIGKILL)
            browser.wait()


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read().decode("utf-8"))


def wait_seen(base: str, test, what: str) -> dict:
    """Poll what the browser reported showing until ``test`` accepts it."""
    end = time.monotonic() + TIMEOUT
    seen = {}
    while time.monotonic() < end:
        seen = get_json(base + "api/seen")
        if seen and test(seen):
            return seen
        time.sleep(0.2)
    pytest.fail(f"the browser never showed {what}; last report: {seen}")


def test_serve_shows_pages_and_report_and_refreshes_after_edits(sample_copy, sample_fonts, tmp_path):
    story = sample_copy.parent / "labour-day.txt"  # made too long: the report has an overset row to show
    save(story, story.read_text(encoding="utf-8") + "加长的段落用来制造超出的文字。" * 40 + "\n")
    server = Process(["serve", str(sample_copy), "--port", "0", "-o", str(tmp_path / "out"), "--fonts", sample_fonts])
    browser = None
    try:
        base = re.search(r"http://127\.0\.0\.1:\d+/", server.expect("serving")).group(0)
        server.expect("written")
        dom = dump_dom(base, tmp_path / "profile-1")
        pictures = re.findall(r'<img class="page" src="(/files/20180428-0[12]\.png\?v=\w+)"', dom)
        assert len(pictures) == 2, dom[:2000]
        assert re.search(r'<img class="guides" src="/files/20180428-01-guides\.png', dom)
        assert re.search(r'<tr class="overset"><td class="num">1</td><td>second</td><td>labour-day</td>'
                         r'<td class="kind">超出 \d+ 字</td>', dom), dom[:3000]
        rows = get_json(base + "api/state")["rows"]
        assert dom.count("<tr class=") == len(rows)
        with urllib.request.urlopen(base + pictures[0].lstrip("/"), timeout=10) as r:
            assert r.read() == (tmp_path / "out" / "20180428-01.png").read_bytes()
        for other in ("files/issue.yaml", "files/..%2F..%2Fsamples%2Fissue-2018-04-28%2Fissue.yaml", "static/..%2Fserve.py"):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(base + other, timeout=10)
            assert refused.value.code == 404  # only the current pages' files and the page's own assets

        browser = chromium(base, tmp_path / "profile-2", "--remote-debugging-port=0")
        wait_seen(base, lambda s: s["version"] == 1 and s["images"] == 2 and s["rows"] >= 1, "render 1")
        note = sample_copy.parent / "editor-note.txt"
        save(note, note.read_text(encoding="utf-8") + "本段是测试时追加的文字。\n")
        assert "pages 2 written" in server.expect("written")
        wait_seen(base, lambda s: s["version"] == 2 and s["images"] == 2 and s["errors"] == 0, "render 2 after the edit")

        base_yaml = sample_copy.parents[2] / "templates" / "base.yaml"
        save(base_yaml, base_yaml.read_text(encoding="utf-8").replace("  columns: 6", "  colums: 6"))
        server.expect("error")
        wait_seen(base, lambda s: s["version"] == 3 and s["errors"] >= 1 and s["images"] == 2, "the error")
        dom = dump_dom(base, tmp_path / "profile-3")
        assert re.search(r"<code>[^<]*base\.yaml:\d+:3</code>: unknown key 'colums' in grid", dom), dom[:3000]
        assert "showing the last good pages" in dom
        assert len(re.findall(r'<img class="page"', dom)) == 2
    finally:
        if browser is not None:
            _end(browser)
        server.stop()
