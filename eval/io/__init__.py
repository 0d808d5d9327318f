"""Input and output: JSON Lines read defensively, files and folders written whole or not at all."""
