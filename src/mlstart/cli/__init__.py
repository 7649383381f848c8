"""The Click layer: commands parse options, call one use case, print; errors become exits."""
