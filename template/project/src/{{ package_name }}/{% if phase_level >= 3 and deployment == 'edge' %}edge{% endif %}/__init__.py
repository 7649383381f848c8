"""Export to, and runtime on, the device."""
