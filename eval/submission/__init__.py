"""Submissions: the one model, its readers (files and records in memory, validated first) and its writer."""
