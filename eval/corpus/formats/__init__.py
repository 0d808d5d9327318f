"""One reader per annotation tool's export. Each module has ``NAME``, ``DESCRIPTION`` and
``read(src) -> Iterator[SourceDoc]``, which yields the documents one at a time (so an import streams) and
raises ``InvalidInput`` naming the export's file and record for what it cannot read."""
