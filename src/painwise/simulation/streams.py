"""Named random streams: every part of the simulation draws from its own numpy Generator.

Each stream is derived from the seed and a fixed name, so the same seed always gives the same data, and
changing one part of a spec (say, adding a factor) leaves the other parts' draws unchanged.
"""

from __future__ import annotations

import zlib

import numpy as np


class Streams:
    """Independent numpy Generators for one simulation run, one per name, all derived from ``seed``."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def get(self, name: str) -> np.random.Generator:
        """A fresh Generator for ``name``; asking twice for the same name replays the same draws."""
        key = zlib.crc32(name.encode("utf-8"))
        return np.random.Generator(np.random.PCG64(np.random.SeedSequence(self.seed, spawn_key=(key,))))
