"""Adapters: systems' native outputs (tags, Hugging Face and spaCy entities, extracted text, similarity scores) as submission records."""
