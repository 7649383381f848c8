"""Batch scoring."""
