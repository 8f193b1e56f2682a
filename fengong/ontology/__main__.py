"""``python -m fengong.ontology``: regenerate the shipped ontology, shapes and JSON-LD context."""

from fengong.ontology.generate import write_all

for path in write_all():
    print(path)
