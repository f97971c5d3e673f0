"""layout.textfile: UTF-8 text files, the place of the first byte that is not UTF-8, GB18030 by choice."""
import pytest

from layout.textfile import TextFileError, byte_position, decode_text, read_text_file

GBK = "第一行\n第二行：编辑部\n".encode("gbk")


def test_utf8_with_and_without_bom():
    assert decode_text("报纸\n".encode("utf-8")).text == "报纸\n"
    decoded = decode_text("\ufeff报纸".encode("utf-8"))
    assert (decoded.text, decoded.encoding, decoded.warning) == ("报纸", "utf-8", "")


def test_first_bad_byte_is_named_by_line_and_column_in_characters():
    data = "第一行\n第二行：".encode("utf-8") + "编辑".encode("gbk")
    with pytest.raises(TextFileError) as info:
        decode_text(data, "a.txt")
    err = info.value
    assert (err.path, err.line, err.column) == ("a.txt", 2, 5)
    assert str(err).startswith("a.txt:2:5: not UTF-8 text") and "byte 0xb1" in str(err)
    assert "save the file as UTF-8" in str(err)


def test_gbk_is_refused_by_default_and_read_with_a_warning_when_allowed():
    with pytest.raises(TextFileError, match=r"^g\.txt:1:1: "):
        decode_text(GBK, "g.txt")
    decoded = decode_text(GBK, "g.txt", allow_gb18030=True)
    assert decoded.text == "第一行\n第二行：编辑部\n" and decoded.encoding == "gb18030"
    assert decoded.warning.startswith("g.txt:1:1: not UTF-8") and "read as GB18030" in decoded.warning


def test_bytes_that_are_neither_encoding_are_refused_even_when_gb18030_is_allowed():
    with pytest.raises(TextFileError, match=r"^b:2:3: not UTF-8 text: byte 0xff") as info:
        decode_text(b"ab\ncd\xff\xff", "b", allow_gb18030=True)
    assert "looks like" not in str(info.value)


def test_callers_may_raise_their_own_error_type():
    class Mine(Exception):
        pass

    with pytest.raises(Mine, match=r"^g\.txt:1:1: not UTF-8"):
        decode_text(GBK, "g.txt", error=Mine)


def test_byte_position_counts_characters_not_bytes():
    data = "甲乙\n丙丁".encode("utf-8")
    assert byte_position(data, 0) == (1, 1)
    assert byte_position(data, 6) == (1, 3)
    assert byte_position(data, 7) == (2, 1) and byte_position(data, 10) == (2, 2)


def test_read_text_file_uses_the_display_name_and_lets_oserror_through(tmp_path):
    (tmp_path / "g.txt").write_bytes(GBK)
    with pytest.raises(TextFileError, match=r"^articles/g\.txt:1:1: "):
        read_text_file(tmp_path / "g.txt", "articles/g.txt")
    with pytest.raises(FileNotFoundError):
        read_text_file(tmp_path / "none.txt")
