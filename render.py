#!/usr/bin/env python3
"""Render Chinese newspaper pages: `python render.py` renders the bundled sample issue into out/.

See `python render.py --help` for the subcommands (issue, galley, check, schema, preflight).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from layout.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
