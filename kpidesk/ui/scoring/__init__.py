"""Scoring a contract: the scoring panel and its model, the year grid, charts."""
