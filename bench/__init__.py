"""Reproducible benchmarks: `python -m bench` runs them all and prints figures."""
