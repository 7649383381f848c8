"""Tests of the bundled Copier template: parity with the question bank, the rendering matrix."""
