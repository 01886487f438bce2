"""Interoperability: reading and writing the formats other tools use (graphs, QDA projects …)."""
