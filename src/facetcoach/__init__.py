"""facetcoach: a home exercise coach in the terminal for facet joint pain and low back pain."""

__version__ = "0.1.0"
