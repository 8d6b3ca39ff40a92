"""Pipeline stages, one module each; every module exposes a ``Stage`` class.

A new stage is one file here and one line in ``pipeline.DEFAULT_ORDER``.
"""
