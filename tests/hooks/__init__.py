"""Tests of the Git hooks: the pre-commit logic, the shims and their installation."""
