"""Widgets and helpers every view uses: spreadsheet keys, number delegates, flow layout, type sized for a projector."""
