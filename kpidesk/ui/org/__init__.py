"""The organisation tree and the value tree (model and diagram)."""
