"""A realistic provincial registry at scale, for benchmarks (see generate_scale_data)."""
