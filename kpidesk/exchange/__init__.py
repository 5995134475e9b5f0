"""Spreadsheets in and out: the only layer that imports pandas and openpyxl."""
