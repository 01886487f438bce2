"""Running batch work: executors (serial, process pool, Dask)."""
