"""Reporters: each turns a ScanResult into one output format, and never reads a file."""
