"""Output stage: pages planned and rendered, the MkDocs shell and search index, booklets (PDF), the download
copy and the offline pack."""
