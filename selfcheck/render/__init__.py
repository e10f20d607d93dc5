"""Renderers: every function returns a string (result, explain, review, diagram, findings)."""
