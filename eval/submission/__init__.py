"""Submissions: the one model, the one engine that validates and counts them (a file, shards, records in memory; in one process or partitions), and the writer."""
