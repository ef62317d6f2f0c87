"""The describe stage."""
