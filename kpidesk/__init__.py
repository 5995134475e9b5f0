"""kpidesk: design KPIs and performance contracts, run the review meetings that score them."""

__version__ = "0.1.0"
