#!/bin/sh
# Builds the schedule benchmark in release mode and runs it (one thread).
set -eu
cd "$(dirname "$0")"
swift build -c release --product schedule-bench
exec "$(swift build -c release --show-bin-path)/schedule-bench"
