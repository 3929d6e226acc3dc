"""Readers for other apps' exports (no Django): each takes a binary stream and returns plain records.

``apple_health``, ``fitbit`` and ``health_connect`` return ``SleepNight`` records (one per day, the
night that ends on it); ``bearable`` returns the rows of a Bearable CSV, which
``painwise.exchange.foreign.mapping`` turns into a Painwise ``ParsedDiary`` once the person has
said how each unknown label maps. Every problem is a ``painwise.exchange.formats.Problem`` naming
the line or record, raised together in a ``FormatError``. docs/import.md describes each format.
"""
