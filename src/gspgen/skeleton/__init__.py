"""The skeleton stage."""
