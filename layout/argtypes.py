"""Command-line value types shared by the subcommands: finite, in range, or a clear usage error.

argparse calls these with the option's text; an ``ArgumentTypeError``
becomes "render.py X: error: argument --opt: ..." and exit 2. NaN and
infinity are refused everywhere: NaN passes a ``> 0`` test and would switch
a check off.
"""
from __future__ import annotations

import argparse
import math


def positive(text: str) -> float:
    """A finite number greater than 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text}: must be a finite number")
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text}: must be greater than 0")
    return value


def ink_percent(text: str) -> float:
    """A total-ink limit in %: greater than 0 and at most 400 (four inks at 100 %)."""
    value = positive(text)
    if value > 400:
        raise argparse.ArgumentTypeError(f"{text}: total ink is at most 400 %")
    return value
