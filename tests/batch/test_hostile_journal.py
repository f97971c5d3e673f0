"""The batch journal reads an issue's templates: key with the shared bounded loader: no hang on hostile files."""
import os
import time

from layout.batch.journal import templates_folder


def test_alias_bomb_and_fifo_do_not_stall_a_batch(tmp_path):
    (tmp_path / "templates").mkdir()
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    (tmp_path / "bomb.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.yaml")
    started = time.perf_counter()
    assert templates_folder(tmp_path / "bomb.yaml") == tmp_path / "templates"
    assert templates_folder(tmp_path / "pipe.yaml") == tmp_path / "templates"
    assert time.perf_counter() - started < 5


def test_templates_key_is_still_read(tmp_path):
    (tmp_path / "tpl").mkdir()
    (tmp_path / "issue.yaml").write_text("templates: tpl\n", encoding="utf-8")
    assert templates_folder(tmp_path / "issue.yaml") == tmp_path / "tpl"
