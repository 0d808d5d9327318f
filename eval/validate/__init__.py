"""The data validator: every file of a dataset folder against its schema, the manifest and the layer rules."""
