"""The evidence corpus in the store: import, units, codebook, codings, memos, search."""
