"""Foundations every layer may use: errors, YAML and file I/O, the terminal."""
