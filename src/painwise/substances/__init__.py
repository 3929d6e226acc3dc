"""Substance safety: the drug list, interaction rules, kratom log summaries, dependence signals, legal status.

The pure modules here (``drugs``, ``interactions``, ``kratom``, ``dependence``, ``withdrawal``, ``legal``)
import no Django; the web layer adapts their dataclasses.
"""
