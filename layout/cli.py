"""Command line: ``render.py`` subcommands.

Thin by design: each subcommand lives in the module that owns the work and
exposes ``add_arguments(parser)`` and ``run(args) -> exit code``; this file
only wires them up and turns user errors into messages, never tracebacks.
It imports only argparse (not even typing), so ``render.py --help`` starts fast.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from contextlib import nullcontext

from .gcpolicy import fewer_collections, long_lived

# name -> (module, add-arguments function, run function, help)
SUBCOMMANDS = {
    "issue": ("layout.issue", "add_issue_arguments", "run_issue",
             "render an issue (issue.yaml + templates) into page PDFs and an issue PDF"),
    "galley": ("layout.galley", "add_arguments", "run",
              "flow a plain text file into columns: a quick proof of an article"),
    "fit": ("layout.fit", "add_arguments", "run",
           "copyfit numbers per page and text block (还差/超出 N 字), from a compose only"),
    "check": ("layout.issue", "add_check_arguments", "run_check",
             "validate templates or an issue without rendering"),
    "schema": ("layout.model.schema", "add_arguments", "run",
              "print the JSON Schema of the template format"),
    "preflight": ("layout.preflight.cli", "add_arguments", "run",
                 "check a PDF for print readiness (PDF/X-1a or PDF/X-4, ink, fonts, boxes)"),
    "preview": ("layout.preview.cli", "add_preview_arguments", "run_preview",
               "page pictures (PNG) of an issue or a template, with guides"),
    "watch": ("layout.preview.cli", "add_watch_arguments", "run_watch",
             "re-render the changed pages (PDF + PNG) whenever an input file changes"),
    "serve": ("layout.preview.cli", "add_serve_arguments", "run_serve",
             "live preview in the browser: pages, guides, report, refreshed on every change"),
    "batch": ("layout.batch.cli", "add_arguments", "run",
             "render many issues on Dask distributed: resumable, with progress and a manifest"),
    "import": ("layout.reprint.cli", "add_arguments", "run",
              "import old pages (a page PDF or its extracted text) into an issue, with a change log"),
}

# Commands that render or check once and exit run with fewer garbage collections (layout.gcpolicy);
# watch, serve and batch are long-lived and keep Python's default.
ONE_SHOT = frozenset(SUBCOMMANDS) - {"watch", "serve", "batch"}


def build_parser(only: str | None = None, help_only: bool = False) -> argparse.ArgumentParser:
    """The argument parser with every subcommand (just ``only`` when given: a faster start).

    ``help_only``: the subcommands are listed with their help but their modules are not
    imported (``render.py --help`` then starts without the PDF, preflight and batch stacks).
    """
    parser = argparse.ArgumentParser(
        prog="render.py",
        description="Chinese newspaper layout: templates + articles -> print-ready PDF. "
        "With no subcommand, renders the bundled sample issue into out/.",
    )
    parser.add_argument("--version", action=_Version, help="show the version and whether the text modules run "
                        "compiled (see README: a C compiler at install makes them about 1.4 times as fast)")
    subs = parser.add_subparsers(dest="command")
    for name, (module, add_name, run_name, help_text) in SUBCOMMANDS.items():
        if only and name != only:
            continue
        sub = subs.add_parser(name, help=help_text, description=help_text)
        if help_only:
            continue
        mod = importlib.import_module(module)  # a broken module is a bug: show it, never hide the command
        getattr(mod, add_name)(sub)
        sub.set_defaults(_run=getattr(mod, run_name))
    return parser


class _Version(argparse.Action):
    """--version: the package version and ``layout.compiled.state``, printed when asked (no metadata read
    on other runs)."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        from importlib.metadata import PackageNotFoundError, version

        from . import compiled
        try:
            number = version("baoban")
        except PackageNotFoundError:
            number = "(not installed)"
        how = {"compiled": "compiled (mypyc)", "pure": "pure Python: no compiled build for this interpreter",
               "stale": "running from source: edited since the compiled build; install again to compile"}
        print(f"baoban {number}; text modules {how.get(compiled.state, compiled.state)}")
        parser.exit()


def os_error_message(exc: OSError) -> str:
    """The message for an OSError that ended a run, claiming only what is known about the output.

    An OutputSetError (layout.pdf.atomic) already says what was and was not replaced and is shown as
    it is; a plain OutputError is raised before anything is written, which is said. Any other OSError
    is shown with the file it names and no claim about the output (it may come from reading an input,
    or from a writer that writes file by file).
    """
    from .pdf.atomic import OutputError, OutputSetError  # plain module: no reportlab

    text = str(exc)
    if isinstance(exc, OutputSetError):
        return text
    if isinstance(exc, OutputError):
        return f"{text}; nothing was written"
    return f"{text}; the run stopped there"


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run the subcommand, return its exit code (the sample issue when none is given)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version"):
        argv = ["issue"] + argv  # no subcommand: render (the bundled sample by default)
    only = argv[0] if argv[0] in SUBCOMMANDS else None
    if only not in ONE_SHOT:
        long_lived()
    with fewer_collections() if only in ONE_SHOT else nullcontext():  # from the subcommand's imports on
        return _parse_and_run(only, argv)


def _parse_and_run(only: str | None, argv: list[str]) -> int:
    """Build the parser (just ``only``'s subcommand when given), parse ``argv``, run it; user errors as messages."""
    parser = build_parser(only, help_only=only is None)  # no subcommand: only -h/--help gets here
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    problem = source_date_epoch_problem()
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    commits = _commits()
    previous = _stop_on_sigterm()
    try:
        return int(args._run(args) or 0)
    except OSError as exc:  # output folder unwritable, disk full, a folder where a file should go
        print(f"error: {os_error_message(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:
        return _interrupted(exc, commits)
    except Exception as exc:
        if not is_font_error(exc):
            raise  # a bug: shown with its traceback
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        _restore_sigterm(previous)


def _interrupted(exc: KeyboardInterrupt, commits: tuple) -> int:
    """Say what a Ctrl-C or SIGTERM left (whether the run had replaced its output already); the exit status."""
    word, code = ("terminated", 143) if isinstance(exc, Terminated) else ("interrupted", 130)
    count, folders = _commits()
    written = folders[-min(count - commits[0], len(folders)):] if count > commits[0] else []
    if written:
        print(f"{word} after the new output was written into {', '.join(written)} (what runs after that, "
              "such as the preflight and the report, did not finish)", file=sys.stderr)
    else:
        print(f"{word}; no output was replaced", file=sys.stderr)
    return code


class Terminated(KeyboardInterrupt):
    """SIGTERM as an exception, so a killed render cleans up (staging folders, temporary files, tool
    processes) and reports what it left, as on Ctrl-C."""


def _on_sigterm(signum, frame) -> None:
    raise Terminated()


def _stop_on_sigterm():
    """Turn SIGTERM into ``Terminated`` for the run (main thread only; a caller that set its own handler keeps
    it); returns what ``_restore_sigterm`` puts back (None: nothing was changed).

    The C module ``_signal`` the standard ``signal`` wraps: the wrapper's enums cost 0.4 ms of start-up, and
    the main-thread test is the ValueError ``signal`` raises anywhere else (no ``threading`` import either)."""
    import _signal

    if _signal.getsignal(_signal.SIGTERM) != _signal.SIG_DFL:
        return None
    try:
        _signal.signal(_signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread of the main interpreter
        return None
    return _signal.SIG_DFL


def _restore_sigterm(previous) -> None:
    """Put back the SIGTERM handler the run replaced, so a program that ran the CLI in-process is left as it was."""
    if previous is not None:
        import _signal

        _signal.signal(_signal.SIGTERM, previous)


def _commits() -> tuple:
    """(how many output sets this process has committed, the last few folders); (0, []) before the writer loaded."""
    atomic = sys.modules.get(__package__ + ".pdf.atomic")
    return (atomic.COMMITS[0], list(atomic.COMMITTED)) if atomic is not None else (0, [])


MAX_SOURCE_DATE_EPOCH = 253402300799  # 9999-12-31T23:59:59Z: the last second a PDF date can write


def source_date_epoch_problem() -> str:
    """Why SOURCE_DATE_EPOCH cannot be used ('' when it is unset, empty or a whole number of seconds)."""
    import os

    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value or (value.isdigit() and value.isascii() and int(value) <= MAX_SOURCE_DATE_EPOCH):
        return ""
    return (f"SOURCE_DATE_EPOCH is {value[:40]!r}: it must be a whole number of seconds since 1970-01-01 UTC "
            "(reproducible-builds.org), at most 253402300799; fix it or unset it")


def is_font_error(exc: BaseException) -> bool:
    """True for the font layer's FontError (checked without importing that layer: unloaded, it raised nothing)."""
    face = sys.modules.get(__package__ + ".fonts.face")
    return face is not None and isinstance(exc, face.FontError)


if __name__ == "__main__":  # python -m layout.cli (python -m layout is the same)
    sys.exit(main())
