"""compliance: infrastructure-as-code compliance checks for API security."""

__version__ = "0.1.0"
