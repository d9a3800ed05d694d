"""The printed registers of secrecy work of a unit, one module per register; each builds a Ledger of rows."""
