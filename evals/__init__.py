"""Evaluation harness: gold files, scoring and the regression gate."""
