"""``python -m layout``: the same commands as render.py and the ``baoban`` script (``layout.cli.main``)."""
import sys

from .cli import main

if __name__ == "__main__":  # imported (a tool walking the package), it does nothing
    sys.exit(main())
