"""Independent validators of fengong's outputs: the tools each format's users would open it with.

``tools/validators/install.sh`` fetches them into a cache folder outside the repository (Maven
Central: Apache Jena's ``riot`` and ``shacl``, JGraphT's copies of the GraphML and GEXF XML
Schemas; npm: the W3C Nu HTML checker, graphology's GEXF and GraphML readers, the PROV-O, ORG,
FOAF and SKOS vocabularies). HermiT, the OWL 2 reasoner, comes with owlready2 from PyPI.

:class:`Validators` runs each of them and returns what it found, as plain Python values::

    v = Validators.install()
    v.xsd_errors("out/graph.gexf")          # [] when valid
    v.riot_errors(["out/graph.ttl"])        # Jena riot --validate
    v.shacl_results("out/graph.nt", "out/ontology/shapes.ttl")
    v.graphology(["out/graph.gexf"])        # [{"nodes": 929, "edges": 3496, ...}]
    v.vnu_errors(["atlas/index.html"])      # W3C Nu HTML checker
    v.hermit_consistent([*v.vocabularies(), "out/ontology/fengong.ttl", "out/graph.nt"])

``python -m fengong.testing.validators FOLDER`` runs every check over a ``fengong build
--output`` folder (and the HTML pages below it) and prints one line per check.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fengong.errors import FengongError
from fengong.ontology.generate import OWL2_DATATYPES

__all__ = [
    "Validators",
    "ValidatorsUnavailable",
    "OWL2_DATATYPES",
    "merge_rdf",
    "literal_datatypes",
    "non_xml_literals",
    "check_folder",
    "main",
]

#: The install script (in a source checkout).
INSTALL_SCRIPT = Path(__file__).resolve().parents[2] / "tools" / "validators" / "install.sh"

_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#: The vocabularies fengong's ontology builds on, as the npm packages ship them.
VOCABULARIES = ("prov", "org", "foaf", "skos")


class ValidatorsUnavailable(FengongError):
    """A validator could not be installed or run here (no java, mvn, npm or network for them)."""


@dataclass
class Validators:
    """The validators installed in ``home`` (see :meth:`install`)."""

    home: Path

    @classmethod
    def install(cls) -> Validators:
        """Install the validators (once; later calls reuse the cache) and return them."""
        home = os.environ.get("FENGONG_VALIDATORS_HOME")
        if home and Path(home, ".fengong-installed").is_file() and not INSTALL_SCRIPT.is_file():
            return cls(Path(home))
        if not INSTALL_SCRIPT.is_file():
            raise ValidatorsUnavailable(f"{INSTALL_SCRIPT} not found: the validators install from a source checkout")
        done = subprocess.run(["bash", str(INSTALL_SCRIPT)], capture_output=True, text=True)
        if done.returncode != 0:
            raise ValidatorsUnavailable(
                f"tools/validators/install.sh failed ({done.returncode}):\n{done.stderr.strip()}"
            )
        return cls(Path(done.stdout.strip()))

    # ------------------------------------------------------------ XML Schemas (lxml)

    def xsd_errors(self, path: str | Path, schema: str | None = None) -> list[str]:
        """XML Schema errors of a GEXF (``.gexf``: GEXF 1.2draft) or GraphML (``.graphml``) file."""
        from lxml import etree

        schema = schema or {".gexf": "gexf.xsd", ".graphml": "graphml.xsd"}[Path(path).suffix]
        xsd = etree.XMLSchema(etree.parse(str(self.home / "xsd" / schema)))
        xsd.validate(etree.parse(str(path)))
        return [f"{e.line}: {e.message}" for e in xsd.error_log]

    # ------------------------------------------------------------ Apache Jena

    def _java(self, main: str, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
        classpath = str(self.home / "lib" / "*")
        return subprocess.run(
            ["java", "-Xmx2g", "-cp", classpath, main, *args], capture_output=True, text=True, timeout=timeout
        )

    def riot_errors(self, paths: Sequence[str | Path]) -> list[str]:
        """What ``riot --validate`` reports (errors and warnings) on RDF files (.ttl, .nt, .jsonld)."""
        done = self._java("riotcmd.riot", "--validate", *map(str, paths))
        problems = [
            line for line in (done.stdout + done.stderr).splitlines() if re.search(r"\b(ERROR|WARN|Exception)\b", line)
        ]
        if done.returncode != 0 and not problems:
            problems = [f"riot exited with {done.returncode}: {done.stderr.strip()[-2000:]}"]
        return problems

    def shacl_results(self, data: str | Path, shapes: str | Path) -> list[dict]:
        """The results (violations) Jena SHACL reports for ``data`` against ``shapes``: one dict
        per result with ``focus``, ``path``, ``shape`` and ``message``."""
        import rdflib

        done = self._java("shacl.shacl", "validate", "--shapes", str(shapes), "--data", str(data))
        if done.returncode != 0:
            raise ValidatorsUnavailable(f"Jena shacl failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
        sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
        report = rdflib.Graph().parse(data=done.stdout, format="turtle")
        return sorted(
            (
                {
                    "focus": str(report.value(r, sh.focusNode)),
                    "path": str(report.value(r, sh.resultPath)),
                    "shape": str(report.value(r, sh.sourceShape)),
                    "message": str(report.value(r, sh.resultMessage)),
                }
                for r in report.subjects(rdflib.RDF.type, sh.ValidationResult)
            ),
            key=lambda d: sorted(d.items()),
        )

    # ------------------------------------------------------------ graphology (npm)

    def graphology(self, paths: Sequence[str | Path]) -> list[dict]:
        """Each GEXF or GraphML file as graphology's readers load it: ``nodes``, ``edges``,
        ``type``, ``multi``, ``nodeAttributes``, ``edgeAttributes`` — or ``error``."""
        done = subprocess.run(
            ["node", str(self.home / "graphology-load.js"), *map(str, paths)],
            capture_output=True,
            text=True,
            timeout=600,
        )
        try:
            return [json.loads(line) for line in done.stdout.splitlines()]
        except json.JSONDecodeError as exc:
            raise ValidatorsUnavailable(f"graphology-load.js: {exc}: {done.stderr.strip()[-2000:]}") from None

    # ------------------------------------------------------------ the Nu HTML checker

    def vnu_errors(self, paths: Sequence[str | Path]) -> list[dict]:
        """The errors the W3C Nu HTML checker finds in HTML pages (``url``, ``line``, ``message``)."""
        jar = self.home / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
        done = subprocess.run(
            ["java", "-Xss8m", "-jar", str(jar), "--errors-only", "--format", "json", *map(str, paths)],
            capture_output=True,
            text=True,
            timeout=1800,
        )
        try:
            messages = json.loads(done.stderr or done.stdout)["messages"]
        except (json.JSONDecodeError, KeyError):
            raise ValidatorsUnavailable(f"vnu: {done.stderr.strip()[-2000:]}") from None
        return [
            {"url": m.get("url", ""), "line": m.get("lastLine"), "message": m.get("message", "")}
            for m in messages
            if m.get("type") in ("error", "non-document-error")
        ]

    # ------------------------------------------------------------ HermiT (OWL 2 DL)

    def vocabularies(self) -> list[Path]:
        """The PROV-O, ORG, FOAF and SKOS files (N-Quads) the ontology is checked with."""
        return [self.home / "node_modules" / "@vocabulary" / v / f"{v}.nq" for v in VOCABULARIES]

    def hermit_consistent(
        self,
        paths: Sequence[str | Path],
        ignore_unsupported_datatypes: bool = False,
        skip_non_xml_literals: bool = False,
    ) -> bool:
        """Whether HermiT finds the union of RDF files (Turtle, N-Triples, N-Quads) consistent.

        The files are merged into one (blank nodes kept apart per file, ``owl:imports`` dropped:
        the imported vocabularies are among the files, and nothing is fetched). Raises
        :class:`ValidatorsUnavailable` when HermiT refuses the input (e.g. a datatype outside the
        OWL 2 datatype map, unless ``ignore_unsupported_datatypes``; a literal holding a control
        character, which OWL's strings cannot, unless ``skip_non_xml_literals`` leaves such triples out).
        """
        import owlready2

        hermit = Path(owlready2.__file__).parent / "hermit"
        with tempfile.TemporaryDirectory() as tmp:
            merged = Path(tmp) / "merged.nt"
            merge_rdf(paths, merged, skip_non_xml_literals)
            args = [
                "java",
                "-Xmx2g",
                "-cp",
                f"{hermit}{os.pathsep}{hermit / 'HermiT.jar'}",
                "org.semanticweb.HermiT.cli.CommandLine",
                "-k",
            ]
            if ignore_unsupported_datatypes:
                args.append("--ignoreUnsupportedDatatypes")
            done = subprocess.run([*args, merged.as_uri()], capture_output=True, text=True, timeout=1800)
        out = done.stdout + done.stderr
        if "owl#Thing is satisfiable" in out:
            return True
        if "owl#Thing is not satisfiable" in out or "InconsistentOntologyException" in out:
            return False
        raise ValidatorsUnavailable(
            f"HermiT refused the input ({done.returncode}): "
            + "\n".join(line for line in out.splitlines() if not line.startswith("\tat "))[:2000]
        )


def merge_rdf(paths: Sequence[str | Path], output: Path, skip_non_xml_literals: bool = False) -> int:
    """Merge RDF files into one N-Triples file for a reasoner: blank nodes renamed per file,
    ``owl:imports`` dropped, triples sorted (and, if asked, those whose literal holds a character
    XML forbids left out). Returns the number of triples written."""
    import pyoxigraph as ox

    formats = {".nq": ox.RdfFormat.N_QUADS, ".nt": ox.RdfFormat.N_TRIPLES, ".ttl": ox.RdfFormat.TURTLE}
    imports = "http://www.w3.org/2002/07/owl#imports"
    merged: set = set()
    for i, path in enumerate(paths):

        def own(term, i=i):
            return ox.BlankNode(f"f{i}x{term.value}") if isinstance(term, ox.BlankNode) else term

        for q in ox.parse(path=str(path), format=formats[Path(path).suffix]):
            if q.predicate.value == imports:
                continue
            if skip_non_xml_literals and isinstance(q.object, ox.Literal) and _NOT_XML.search(q.object.value):
                continue
            merged.add(ox.Triple(own(q.subject), q.predicate, own(q.object)))
    with output.open("wb") as fh:
        ox.serialize(sorted(merged, key=str), fh, format=ox.RdfFormat.N_TRIPLES)
    return len(merged)


# characters XML 1.0 (and so OWL's strings) cannot hold
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def non_xml_literals(path: str | Path) -> set[str]:
    """The literal values of an N-Triples file that hold a character XML forbids (a control character)."""
    import pyoxigraph as ox

    return {
        t.object.value
        for t in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)
        if isinstance(t.object, ox.Literal) and _NOT_XML.search(t.object.value)
    }


def literal_datatypes(path: str | Path) -> set[str]:
    """The datatypes of the typed literals in an N-Triples file."""
    import pyoxigraph as ox

    return {
        t.object.datatype.value
        for t in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)
        if isinstance(t.object, ox.Literal)
    }


def check_folder(folder: str | Path, v: Validators | None = None) -> list[tuple[str, bool, str]]:
    """Every check over a ``fengong build --output`` folder (and any HTML pages below it):
    (check, passed, detail) rows."""
    v = v or Validators.install()
    folder = Path(folder)
    rows: list[tuple[str, bool, str]] = []
    for name in ("graph.gexf", "graph.graphml"):
        errors = v.xsd_errors(folder / name)
        rows.append(
            (f"{name}: XML Schema", not errors, f"{len(errors)} errors" + (f"; first: {errors[0]}" if errors else ""))
        )
    for r in v.graphology([folder / "graph.gexf", folder / "graph.graphml"]):
        rows.append(
            (
                f"{Path(r['file']).name}: graphology",
                "error" not in r,
                r.get("error") or f"{r['nodes']} nodes, {r['edges']} edges",
            )
        )
    rdf = [folder / n for n in ("graph.ttl", "graph.nt", "graph.jsonld", "ontology/fengong.ttl", "ontology/shapes.ttl")]
    problems = v.riot_errors(rdf)
    rows.append(
        (
            "RDF: Jena riot --validate",
            not problems,
            f"{len(problems)} problems" + (f"; first: {problems[0]}" if problems else ""),
        )
    )
    results = v.shacl_results(folder / "graph.nt", folder / "ontology" / "shapes.ttl")
    rows.append(("graph.nt: Jena SHACL", not results, f"{len(results)} violations"))
    onto = folder / "ontology" / "fengong.ttl"
    try:
        ok = v.hermit_consistent([*v.vocabularies(), onto])
        rows.append(("ontology + PROV-O, ORG, FOAF, SKOS: HermiT", ok, "consistent" if ok else "inconsistent"))
    except ValidatorsUnavailable as exc:
        rows.append(("ontology + PROV-O, ORG, FOAF, SKOS: HermiT", False, str(exc).splitlines()[0]))
    outside = sorted(literal_datatypes(folder / "graph.nt") - OWL2_DATATYPES)
    controls = non_xml_literals(folder / "graph.nt")
    ok = v.hermit_consistent(
        [*v.vocabularies(), onto, folder / "graph.nt"], ignore_unsupported_datatypes=True, skip_non_xml_literals=True
    )
    rows.append(
        (
            "+ graph.nt: HermiT",
            ok,
            ("consistent" if ok else "inconsistent")
            + (f" (literals outside OWL 2's datatypes: {', '.join(outside)})" if outside else "")
            + (f" ({len(controls)} literals with control characters left out)" if controls else ""),
        )
    )
    pages = sorted(folder.rglob("*.html"))
    if pages:
        page_errors = v.vnu_errors(pages)
        rows.append(
            (
                f"{len(pages)} HTML pages: Nu HTML checker",
                not page_errors,
                f"{len(page_errors)} errors"
                + (
                    f"; first: {page_errors[0]['url'].rsplit('/', 1)[-1]}:{page_errors[0]['line']}: "
                    f"{page_errors[0]['message']}"
                    if page_errors
                    else ""
                ),
            )
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    """``python -m fengong.testing.validators FOLDER``: print each check; exit 1 if any failed."""
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print(
            "usage: python -m fengong.testing.validators FOLDER   (a `fengong build --output` folder)", file=sys.stderr
        )
        return 2
    try:
        rows = check_folder(argv[0])
    except ValidatorsUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    width = max(len(r[0]) for r in rows)
    for check, ok, detail in rows:
        print(f"{'ok  ' if ok else 'FAIL'}  {check:<{width}}  {detail}")
    return 0 if all(ok for _, ok, _ in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
