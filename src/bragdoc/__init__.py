"""bragdoc: a local-first record of an engineer's quantified impact."""

__version__ = "0.1.0"
