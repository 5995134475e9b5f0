"""Printed documents: the only layer that imports reportlab."""
