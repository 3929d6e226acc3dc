"""Synthetic patients: realistic pain diaries with known truth, for the demo, validation and benchmarks.

Pure numpy, no Django. ``simulate_arrays`` gives arrays per calendar day; ``simulate`` gives the same data
as day records; ``demo_patient_spec`` is the demo account's patient. See docs/simulator.md.
"""

from __future__ import annotations

from painwise.simulation.demo_patient import demo_patient_spec
from painwise.simulation.diary import SimDay, SyntheticDiary, simulate
from painwise.simulation.engine import SeriesArrays, simulate_arrays
from painwise.simulation.spec import CHECKIN_FIELDS, FactorSpec, PatientSpec
from painwise.simulation.truth import SIMULATOR_VERSION

__all__ = [
    "CHECKIN_FIELDS",
    "SIMULATOR_VERSION",
    "FactorSpec",
    "PatientSpec",
    "SeriesArrays",
    "SimDay",
    "SyntheticDiary",
    "demo_patient_spec",
    "simulate",
    "simulate_arrays",
]
