"""The data validator: every file of a dataset folder: data against its schema, the manifest, the card,
the changelog, ``croissant.json``, and the layer rules."""
