"""Reprinting old pages: import extracted text or an old page PDF into an issue.

Stages: a source reader (``textsource`` for text files, ``pdfsource`` for
PDFs) turns the old page into ``Piece``s (paragraph candidates with their
source positions, and sizes/weights when the source is a PDF);
``structure`` recognises the masthead, headline stacks (引题/主题/副题),
bylines, bodies, captions and jump lines and assembles articles;
``repair`` fixes the extraction's artefacts (GB/T 15834-2011 full-width
marks, paragraph joins) logging every change; ``writer`` writes the issue
files and ``changelog`` the IMPORT.md review list. ``cli`` is
``render.py import``.
"""
