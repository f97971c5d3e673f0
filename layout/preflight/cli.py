"""`render.py preflight FILE.pdf`: print-readiness report, exit 1 on any MUST failure.

Exit codes: 0 all MUST checks pass (warnings allowed), 1 a MUST check
failed, 2 the file does not exist.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..argtypes import ink_percent, positive
from ..pdf.profiles import PROFILES
from . import Limits, preflight


def _ink_dpi(text: str) -> float:
    """The ink render's resolution: a finite number from 10 to 600 dpi (a page at more would take gigabytes)."""
    value = positive(text)
    if not 10 <= value <= 600:
        raise argparse.ArgumentTypeError(f"{text}: choose a resolution between 10 and 600 dpi")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register the preflight options on ``parser``."""
    d = Limits()
    parser.add_argument("files", nargs="+", metavar="FILE.pdf", help="PDF file(s) to check")
    parser.add_argument("--tac-limit", type=ink_percent, default=d.tac_limit,
                        help=f"maximum total ink in %% (default {d.tac_limit:g})")
    parser.add_argument("--min-rule", type=positive, default=d.min_rule_pt,
                        help=f"thinnest rule in pt (default {d.min_rule_pt:g})")
    parser.add_argument("--min-ppi", type=positive, default=d.min_ppi,
                        help=f"minimum image resolution (default {d.min_ppi:g})")
    parser.add_argument("--dpi", type=_ink_dpi, default=d.dpi,
                        help=f"Ghostscript resolution for the ink check (default {d.dpi:g}, 10 to 600)")
    parser.add_argument("--output-profile", choices=sorted(PROFILES), default=None,
                        help="check against this output profile (default: the one the file names in GTS_PDFXVersion)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def run(args: argparse.Namespace) -> int:
    """Preflight every file; print a report (or JSON); return 0, 1 (MUST failure) or 2 (missing file)."""
    limits = Limits(tac_limit=args.tac_limit, min_rule_pt=args.min_rule, min_ppi=args.min_ppi, dpi=args.dpi)
    missing = [f for f in args.files if not Path(f).is_file()]
    if missing:
        print(f"error: no such file: {', '.join(missing)} (give the path of a PDF)", file=sys.stderr)
        return 2
    results = [preflight(f, limits, output_profile=getattr(args, "output_profile", None)) for f in args.files]
    if args.json:
        payload = [r.to_dict() for r in results]
        print(json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=1))
    else:
        print("\n".join(r.format() for r in results))
    return 0 if all(r.ok for r in results) else 1
