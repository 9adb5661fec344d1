"""Commands: one module per `pathways` command (and `python -m pathways.commands.catalog`); each raises, the
entry point (`pathways.cli`) maps errors to exit codes."""
