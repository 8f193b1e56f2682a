"""fengong's ontology (Turtle), SHACL shapes and namespace."""
