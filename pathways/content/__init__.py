"""Content stage: read partner files (YAML, Markdown, PO) with their positions, merge the layers of a
community, validate them into the models of one `Guide`, and the checks that keep the content true."""
