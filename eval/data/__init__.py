"""Access to a dataset folder (the embedded one by default): configs, records, gold layers, manifest, tokens."""
