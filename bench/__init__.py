"""Benchmarks of concierto's computations; run them all with ``python -m bench``."""
