"""Readers and writers of outside formats: the interchange JSON (more to come)."""
