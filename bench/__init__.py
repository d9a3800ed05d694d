"""Benchmarks of the registry at the size of a provincial archive (`make bench`, docs/performance.md)."""
