"""``render.py batch SOURCES... -o OUTDIR``: parse the command line, hand the jobs to run.run_batch.

Exit codes as the other commands: 0 every issue done (or, without
``--strict``, doubtful: an --import the importer doubts); 1 an issue failed
(or timed out), was not finished, or (``--strict``) lost something (overset,
missing glyph or image) or was doubtful; 2 usage problems (bad SOURCES or manifest, OUTDIR locked or
holding another batch, no cluster); 3 Dask distributed or the importer not
installed; 130 interrupted (the journal keeps what finished: ``--resume``).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_USAGE, EXIT_UNAVAILABLE, EXIT_INTERRUPTED = 0, 2, 3, 130


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``render.py batch``."""
    from ..argtypes import ink_percent, positive

    parser.add_argument("sources", nargs="+", metavar="SOURCE",
                        help="issue.yaml files, folders holding them (searched recursively), or a manifest "
                             "(.csv or .yaml: one issue a row, columns issue, id, strict, preflight, marks, "
                             "icc_profile, tac_limit, min_ppi)")
    parser.add_argument("-o", "--out", required=True, metavar="OUTDIR",
                        help="batch folder: OUTDIR/<issue id>/ per issue, batch.json, batch.csv, the journal")
    parser.add_argument("--workers", type=_count, metavar="N",
                        help="worker processes of the local Dask cluster (default: one per core)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="use a running Dask scheduler (tcp://host:port) and its workers instead of a local cluster")
    parser.add_argument("--resume", action="store_true",
                        help="continue the batch in OUTDIR: skip issues done with the same inputs, redo failed or changed ones")
    parser.add_argument("--strict", action="store_true",
                        help="exit non-zero when any issue lost something (overset, missing glyphs or images) "
                             "or, with --import, was doubtful")
    parser.add_argument("--timeout", type=_seconds, default=None, metavar="SECONDS",
                        help="an issue still rendering after this long is stopped (its worker restarted) and "
                             "recorded as failed (default 600; 0: no limit)")
    parser.add_argument("--import", dest="do_import", action="store_true",
                        help="SOURCES are old pages or extracted texts: run `render.py import` on each first")
    parser.add_argument("--fonts", metavar="FONTS_YAML", help="font configuration (default: fonts/fonts.yaml)")
    parser.add_argument("--no-preflight", action="store_true", help="skip the print-readiness checks (quick proofs)")
    parser.add_argument("--no-marks", action="store_true", help="no crop/registration marks or slug line")
    parser.add_argument("--tac-limit", type=ink_percent, metavar="PCT", help="preflight total ink limit (default 240)")
    parser.add_argument("--min-ppi", type=positive, metavar="PPI", help="preflight image resolution floor (default 200)")
    parser.add_argument("--dashboard", default=":8787", metavar="[HOST]:PORT",
                        help="where the local cluster serves the Dask dashboard (default :8787; :0 picks a free port)")


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text}: at least 1 worker")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text}: seconds must be 0 (no limit) or more")
    return value


def run(args: argparse.Namespace) -> int:
    """Collect the jobs, run the batch, print where the manifest is; the exit code as the module docstring says."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        print("error: render.py batch needs Dask distributed: pip install 'dask[distributed]'", file=sys.stderr)
        return EXIT_UNAVAILABLE
    from .journal import BatchLocked
    from .progress import RATE_LABEL
    from .run import BatchError, run_batch
    from .sources import SourceError, collect, import_jobs

    outdir = Path(args.out)
    if outdir.exists() and not outdir.is_dir():
        print(f"error: -o {outdir}: an existing file, not a folder", file=sys.stderr)
        return EXIT_USAGE
    if args.scheduler and args.workers:
        print(f"note: --workers {args.workers} is ignored with --scheduler: the batch uses that cluster's workers",
              file=sys.stderr)
    try:
        if args.do_import:
            import_available()
        jobs = import_jobs(args.sources) if args.do_import else collect(args.sources, skip=outdir)
        result = run_batch(jobs, options_from(args))
    except ImportUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    except (SourceError, BatchError, BatchLocked) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    s = result.summary
    print(f"{s['done']} done ({s['skipped']} skipped as unchanged), {s['doubtful']} doubtful, {s['failed']} failed, "
          f"{s['pending']} not finished; "
          f"{s['pages_rendered']} pages in {s['seconds']:.1f} s ({s['pages_per_second']} {RATE_LABEL}); "
          f"manifest: {outdir / 'batch.json'}, {outdir / 'batch.csv'}")
    if s["lost_strict"]:
        print(f"--strict: {len(s['lost_strict'])} issue(s) lost text, glyphs or images, or were doubtful imports: "
              + ", ".join(s["lost_strict"][:20]), file=sys.stderr)
    return result.exit_code


def options_from(args: argparse.Namespace):
    """BatchOptions from the parsed arguments."""
    from .run import DEFAULT_TIMEOUT, RENDER_DEFAULTS, BatchOptions

    render = dict(RENDER_DEFAULTS, preflight=not args.no_preflight, marks=not args.no_marks)
    render.update({k: v for k, v in (("tac_limit", args.tac_limit), ("min_ppi", args.min_ppi)) if v is not None})
    return BatchOptions(outdir=Path(args.out), workers=args.workers, scheduler=args.scheduler, resume=args.resume,
                        strict=args.strict, fonts=str(Path(args.fonts).resolve()) if args.fonts else None,
                        render=render, dashboard=args.dashboard,
                        timeout=DEFAULT_TIMEOUT if args.timeout is None else args.timeout)


class ImportUnavailable(Exception):
    """--import asked for, but the importer (layout.reprint) is not part of this installation."""


def import_available() -> None:
    """Raise ImportUnavailable unless the importer (layout.reprint, `render.py import`) is installed."""
    import importlib.util

    for module in ("layout.reprint.importer", "layout.reprint.writer"):
        try:
            found = importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:
            found = False
        if not found:
            raise ImportUnavailable("import is not available: --import needs `render.py import` (layout.reprint), "
                                    "which this installation lacks; import the pages first, then batch the issue folders")
