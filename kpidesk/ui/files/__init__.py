"""Printing, previewing, importing and exporting: what reaches paper or a spreadsheet."""
