"""The knowledge graph built from fengong's records (entity resolution, RDF, property graph)."""
