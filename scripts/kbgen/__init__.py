"""Generator of the CI troubleshooting knowledge base: load, validate, render."""
