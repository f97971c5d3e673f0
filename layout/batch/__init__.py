"""``render.py batch``: render many issues on Dask distributed, resumably, with a manifest.

Modules: ``sources`` turns the command's SOURCES (issue files, folders,
CSV/YAML manifests) into jobs; ``journal`` owns OUTDIR's append-only journal,
lock, input hashes and the batch.json/batch.csv manifest; ``worker`` is the
code that runs inside a Dask worker (a warm :class:`layout.pipeline.Engine`
per process, render into a temporary folder, rename into place); ``run``
schedules the jobs and shows progress; ``cli`` parses the command line.
"""
