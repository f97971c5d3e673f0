#!/usr/bin/env python3
"""Render Chinese newspaper pages: `python render.py` renders the bundled sample issue into out/.

See `python render.py --help` for the subcommands (issue, galley, check, schema, preflight).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))

from layout.cli import main  # noqa: E402
from layout.gcpolicy import run_then_exit  # noqa: E402

if __name__ == "__main__":
    # Ends the process without freeing what the command made, after flushing output and running exit
    # handlers (layout.gcpolicy). Files are closed and outputs replaced before main returns.
    run_then_exit(main, __file__)
