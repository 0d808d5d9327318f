"""Your own annotated corpus as a NewsPrep dataset folder: ``newsprep init`` and ``newsprep import``.

- ``source``: what every format's reader gives (``SourceDoc``, ``SourceSpan``), and the label map;
- ``formats/``: one reader per annotation tool's export (brat, CoNLL, doccano, Label Studio, spaCy DocBin);
- ``segments``: the rule that derives segments from a text and its boilerplate;
- ``build``: a source document's layer records, every problem named in the export's own coordinates;
- ``write``: the folder (card, manifest, changelog, Croissant, guidelines template), written whole or not at all.
"""
