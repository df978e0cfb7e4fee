"""Pure-Python domain core. Nothing under this package may import Django."""
