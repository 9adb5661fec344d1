"""Present stage: a checked guide and its verdicts → typed views in one language, for web pages and booklets alike."""
