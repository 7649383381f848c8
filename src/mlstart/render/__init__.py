"""Rendering templates: Copier for the bundled template, cookiecutter for others."""
