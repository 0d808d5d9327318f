"""Showing a ``Report``: text (terminal table, JSON, Markdown), a self-contained HTML page, PNG plots."""
