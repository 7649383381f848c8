"""The Git hooks mlstart installs into a project, and what they check."""
