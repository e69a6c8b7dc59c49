"""Reliability tests (load, faults, fuzzed input, security); a package so its conftest keeps its own name."""
