"""Measures: pure functions over plain inputs that return figures together with their evidence."""
