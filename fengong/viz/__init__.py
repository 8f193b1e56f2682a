"""Maps, atlas pages and slide pictures drawn from the graph."""
