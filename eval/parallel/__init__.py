"""Work spread over Dask workers: the cluster a command runs on (``cluster``)."""
