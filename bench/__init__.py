"""Benchmarks: every figure is a ratio to the raw cost of the same work, measured in the same run."""
