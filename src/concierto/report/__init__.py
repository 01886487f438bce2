"""The report: one self-contained offline HTML page per language, following the study.

``build`` runs the measures (the only place that does), ``compose`` turns the results into the
report ``model`` in one language through ``sections``, ``render`` writes the page with its
tables as CSV/JSON, and ``demo`` does all of it for the bundled Peru example.
"""
