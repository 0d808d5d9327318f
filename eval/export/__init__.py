"""The gold layers in other tools' formats: CoNLL BIO, brat standoff, spaCy DocBin."""
