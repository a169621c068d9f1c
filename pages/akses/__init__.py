"""The data-access layer behind :mod:`pages`, split by concern (see pages/__init__.py for the public names)."""
