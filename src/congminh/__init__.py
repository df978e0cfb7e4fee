"""Công Minh: one system to lead, direct and supervise a province's judicial activities."""

__version__ = "0.1.0"
