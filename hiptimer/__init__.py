"""hiptimer: a guided player for hip internal and external rotation routines."""

__version__ = "0.1.0"
