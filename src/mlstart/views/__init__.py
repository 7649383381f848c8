"""Rendering lifecycle state for people: text and JSON (no I/O)."""
