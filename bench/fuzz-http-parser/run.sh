#!/usr/bin/env bash
# Fuzzes HTTPRequestParser with libFuzzer + AddressSanitizer for a bounded time.
# Usage: bench/fuzz-http-parser/run.sh [seconds=60]
# Output (corpus, crash-*/timeout-* artefacts, log) goes to bench/fuzz-http-parser/results/ (git-ignored).
set -euo pipefail
seconds="${1:-60}"
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
export PATH="/opt/swift/usr/bin:$PATH"

swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
binary="$(swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --show-bin-path)/fuzz-http-parser"

results="$here/results"
corpus="$results/corpus"
mkdir -p "$corpus" "$results/artifacts"

# Seed corpus: byte 0 = fragment-size selector, then a raw request stream.
seed() { printf '%b' "$2" > "$corpus/seed-$1"; }
seed get          '\x00GET / HTTP/1.1\r\nHost: a\r\n\r\n'
seed pipelined    '\x03GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b?x=1 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n'
seed post-cl      '\x05POST /v1/invoices HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 27\r\n\r\n{"a":[1,2.50,"x"],"b":null}'
seed chunked      '\x01POST /u HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n0\r\nT: v\r\n\r\n'
seed expect       '\x02PUT /x HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok'
seed http10       '\x07GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n'
seed absolute     '\x04GET http://h/p?q HTTP/1.1\r\nHost: h\r\n\r\n'
seed options      '\x06OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n'
seed cl-te        '\x00POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'
seed dup-cl       '\x00POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab'
seed obs-fold     '\x00GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n'
seed space-colon  '\x00GET / HTTP/1.1\r\nHost : a\r\n\r\n'
seed bare-lf      '\x00GET / HTTP/1.1\nHost: a\n\n'
seed te-identity  '\x00POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, identity\r\n\r\n'
seed version      '\x00GET / HTTP/2.0\r\nHost: a\r\n\r\n'
seed json-deep    '\x08POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 40\r\n\r\n[[[[{"k":"\\u00e9\\ud83d\\ude00","n":-0.5e+3}]]]]   '

echo "fuzzing for ${seconds}s: $binary"
"$binary" "$corpus" \
    -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len=4096 \
    -artifact_prefix="$results/artifacts/" -print_final_stats=1 2>&1 | tee "$results/fuzz.log" | grep -E "^#[0-9]+.*(pulse|DONE)|stat::|ERROR|SUMMARY|Done" || true
if ls "$results/artifacts/" | grep -q .; then
    echo "FAILED: artefacts in $results/artifacts/"
    exit 1
fi
echo "no crash, no timeout"
