"""Pure-Python rules of the product: no framework, no I/O."""
