"""Tests of the lifecycle tracker: catalogue, store, evidence, gates, commands."""
