"""Property: any text and any combination of galley options ends in an exit code, never a traceback or a hang."""
import contextlib
import io
import os
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layout import galley
from layout.cli import build_parser

EXAMPLES = max(20, int(os.environ.get("HOSTILE_EXAMPLES", "150")) // 5)  # each case sets type: fewer than the model's
OPTIONS = ["--vertical", "--balance", "--columns=1", "--columns=40", "--columns=0", "--page=A5", "--page=1x1mm",
           "--font-size=144pt", "--font-size=0", "--leading=144pt", "--leading=-1pt", "--indent=10em", "--indent=-1em",
           "--punct=banjiao", "--kinsoku=none", "--gutter=0", "--margin=0", "--margin=-5mm", "--font-size=4pt",
           "--leading=4pt", "--font-size=nan", "--page=nanxnanmm", "--font-size=1e999pt", "--gutter=99999mm"]
CHARS = list("中国人，。、；：？！“”‘’（）《》—…·　 abcXYZ0123456789-/\t「」『』【】ー～%&") + ["\u200b", "\U0001F600", "\u0301",
                                                                              "\ufeff", "\u202e", "\x00", "\r"]
PARSER = build_parser("galley")


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(st.sampled_from(CHARS), max_size=300), st.text(max_size=100)),
       opts=st.lists(st.sampled_from(OPTIONS), max_size=4, unique=True))
def test_any_galley_job_ends_in_an_exit_code(tmp_path_factory, fonts_config, text, opts):
    folder = tmp_path_factory.mktemp("g", numbered=True)
    source = folder / "a.txt"
    source.write_bytes(text.encode("utf-8", "surrogatepass"))
    out = folder / "o.pdf"
    args = PARSER.parse_args(["galley", str(source), "-o", str(out), "--fonts", fonts_config, *opts])
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        code = galley.run(args)
    assert time.perf_counter() - started < 30
    assert code in (0, 1, 2, 3), err.getvalue()
    assert code == 2 or not err.getvalue().startswith("Traceback")
    if out.exists():
        assert out.read_bytes().startswith(b"%PDF-")
    assert sorted(os.listdir(folder)) in (["a.txt"], ["a.txt", "o.pdf"])  # no temporary file left
