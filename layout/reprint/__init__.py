"""Reprinting old pages: import extracted text or an old page PDF into an issue (``render.py import``).

Stages (``importer.import_source`` runs them): a source reader
(``textsource`` for text files, ``pdfsource`` for PDFs through pdfplumber)
turns each old page into ``model.Piece``s, paragraph candidates that keep
the source position of every character (and sizes and directions from a
PDF); ``structure`` recognises the masthead, boxes, headline stacks
(引题/主题/副题), 电头, bodies, captions and 下转/上接 jump lines with the
line patterns of ``patterns`` and assembles articles; ``repair`` undoes the
extraction's damage to punctuation and spacing (GB/T 15834-2011), logging
every change; ``writer`` writes issue.yaml and the article files,
``templategen`` the templates measured from a PDF (``--template-from-pdf``)
and ``changelog`` IMPORT.md with its "to review" list. ``cli`` is the
subcommand.
"""
