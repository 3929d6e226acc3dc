"""Evidence cards: honest, graded, sourced information for every therapy in the catalog.

``painwise.evidence.cards`` is pure (no Django): it loads and validates the YAML cards.
"""
