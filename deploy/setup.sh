#!/usr/bin/env bash
# Installs what Recur needs to build and test on a Debian machine, if it is missing:
# the Swift toolchain must already be there (/opt/swift or PATH); libpq-dev, pkg-config and the
# PostgreSQL server come from apt. Safe to run again: it installs nothing that is present.
set -euo pipefail

if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi
command -v swift >/dev/null 2>&1 || { echo "setup: the Swift 6 toolchain is not installed (swift not on PATH)" >&2; exit 1; }

missing=()
pkg-config --exists libpq 2>/dev/null || missing+=(libpq-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
# Documents (issue 22): zlib for PDF Flate streams, DejaVu fonts and the sRGB ICC profile PDFs embed.
pkg-config --exists zlib 2>/dev/null || missing+=(zlib1g-dev)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
[ -f /usr/share/color/icc/sRGB.icc ] || missing+=(icc-profiles-free)
# Documents benchmark (bench/documents/run.sh): WeasyPrint, the reference renderer, imported by Debian's python3;
# poppler-utils (pdfinfo, pdftotext) for its page checks.
/usr/bin/python3 -c 'import weasyprint' >/dev/null 2>&1 || missing+=(weasyprint)
command -v pdfinfo >/dev/null 2>&1 || missing+=(poppler-utils)
# Delivery (issue 23): libcurl for SMTP and HTTPS webhooks (OpenSSL flavour).
pkg-config --exists libcurl 2>/dev/null || missing+=(libcurl4-openssl-dev)
# The quick start's local SMTP server (aiosmtpd, run by Debian's python3).
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || missing+=(python3-aiosmtpd)
# People (issue 26): libsodium for Argon2id password hashes.
pkg-config --exists libsodium 2>/dev/null || missing+=(libsodium-dev)

if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]} with apt-get" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -q >&2
    $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

