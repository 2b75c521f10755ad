"""Matching a job posting onto the rubric: pure, offline, explainable (no I/O, no downloads)."""
