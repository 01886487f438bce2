"""Text intelligence: folding, actor mentions, rule auto-coding, embeddings, overlap."""
