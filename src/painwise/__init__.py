"""Painwise: private, local-first chronic pain self-management."""

__version__ = "0.1.0"
