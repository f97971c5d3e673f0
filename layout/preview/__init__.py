"""The designer's loop: page previews (PNG) with guides, a watch mode and a local browser preview.

ARCHITECTURE.md, "Around the engine": preview rasterises the PDFs the
pipeline wrote (pypdfium2) and draws guides from the model's geometry
(guides.py); watch keeps one warm :class:`~layout.pipeline.Engine` and
re-writes only the pages whose display list changed (session.py, watch.py);
serve shows the pages in a browser and refreshes them by server-sent events
(serve.py). Nothing here composes or writes PDF itself: it calls the pipeline.
"""
