"""Placeholder while the sign-in lockout moves to limits (rewritten below)."""
