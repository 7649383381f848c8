"""mlstart: start ML projects the way production teams do, and keep track of where they stand."""

# A literal, not importlib.metadata: `mlstart status` must start fast, and hatch reads it from here.
__version__ = "0.1.0"
