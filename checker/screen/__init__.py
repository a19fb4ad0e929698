"""`copylint screen`: the lint engine over a whole corpus on a Dask cluster.

The check is a pure function of (text, settings) -> findings, so screening maps onto
an existing distributed engine: the client plans partitions (small descriptions of
where documents lie), workers read and check them with an engine built once per
worker process, and each partition becomes one Parquet part file written atomically,
so an interrupted job resumes by skipping the parts it already has. Modules:

- corpus: which partitions a source has (folder tree, JSON Lines, CSV, Parquet) and
  reading one partition's documents
- rows: one document -> one report row, built from the JSON report's record
- deadline: a per-document time limit inside a worker thread
- parts: naming, writing and merging part files into the report
- worker: the functions Dask runs on workers, and the per-worker engine cache
- job: the client side: cluster, submission, progress, resume, summary
"""
