"""Metrics: per-unit counts that add up, and pure functions from counts to scores."""
