"""The registers of secrecy work through the API (/api/v1/): read only, scoped as the pages are; one module per register."""
