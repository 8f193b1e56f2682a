#!/usr/bin/env bash
# Install (or reuse) the jars of a genuine Neo4j Community server for the tests.
#
# Neo4j publishes no unix tarball to Maven Central, only the server's
# artifacts: tools/neo4j/pom.xml lists them and Maven copies them, with every
# transitive dependency, into  <folder>/lib.  The folder is outside the
# repository:
#
#   ${FENGONG_NEO4J_HOME:-${XDG_CACHE_HOME:-~/.cache}/fengong/neo4j-<version>}
#
# Idempotent: a finished install is marked by <folder>/lib/.fengong-installed
# (holding a hash of pom.xml), and is reused as long as pom.xml is unchanged.
# The jars go to a temporary folder first and are moved into place at the end,
# so an interrupted install never looks finished.  Maven's own repository
# (~/.m2/repository by default; MAVEN_OPTS=-Dmaven.repo.local=DIR to move it)
# caches the downloads.
#
# Prints the folder on stdout and nothing else; Maven's output goes to
# <folder>/install.log and is shown only when it fails.
# Exit codes: 0 installed, 1 Maven failed, 3 java or mvn missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pom="$here/pom.xml"

die() {
    echo "tools/neo4j/install.sh: $1" >&2
    exit "${2:-1}"
}

version="$(sed -n 's:.*<neo4j.version>\(.*\)</neo4j.version>.*:\1:p' "$pom" | head -n 1)"
[ -n "$version" ] || die "no <neo4j.version> in $pom"

home="${FENGONG_NEO4J_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/fengong/neo4j-$version}"
lib="$home/lib"
stamp="$lib/.fengong-installed"
want="$version $(sha256sum "$pom" | cut -d' ' -f1)"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    echo "$home"
    exit 0
fi

command -v java >/dev/null 2>&1 ||
    die "java not found: Neo4j $version needs Java 17 or 21 (Debian: apt-get install openjdk-17-jre-headless)" 3
command -v mvn >/dev/null 2>&1 ||
    die "mvn not found: installing Neo4j $version needs Maven 3 (Debian: apt-get install maven)" 3

mkdir -p "$home"
# One install at a time per folder (two test sessions may start together).
if command -v flock >/dev/null 2>&1; then
    exec 9>"$home/.install.lock"
    flock 9
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        echo "$home"
        exit 0
    fi
fi
echo "tools/neo4j/install.sh: fetching the Neo4j $version jars with Maven into $lib (once, about 150 MB)" >&2
tmp="$(mktemp -d "$home/lib.partial.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
log="$home/install.log"

if ! mvn -B -q -f "$pom" dependency:copy-dependencies \
        -DoutputDirectory="$tmp" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    die "Maven could not fetch Neo4j $version (full log: $log)"
fi
ls "$tmp"/neo4j-"$version".jar >/dev/null 2>&1 ||
    die "Maven ran but $tmp/neo4j-$version.jar is missing (log: $log)"

echo "$want" >"$tmp/.fengong-installed"
rm -rf "$lib.old"
if [ -e "$lib" ]; then
    mv "$lib" "$lib.old"
fi
mv "$tmp" "$lib"
rm -rf "$lib.old"
echo "$home"
