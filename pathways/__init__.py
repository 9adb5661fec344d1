"""pathways: bilingual settlement guides (guides d'enracinement) for Canadian communities."""

__version__ = "0.1.0"
