"""Questions users bring, answered as DataFrames: one module per topic."""
