"""baoban: print layout and PDF regeneration for Chinese newspapers (see README.md)."""
from .compiled import use_source_if_stale

use_source_if_stale()  # an edited source runs as itself, never shadowed by an older compiled build
