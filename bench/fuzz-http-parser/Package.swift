// swift-tools-version:5.4
// 5.4 on purpose: from 5.5 SwiftPM renames an executable's entry point to `<module>_main`, which breaks
// linking against libFuzzer's own `main`.
import PackageDescription

// libFuzzer target for HTTPRequestParser (and the JSON parser on decoded bodies).
// Built apart from the main package because `-sanitize=fuzzer` needs its own build: see run.sh.
let package = Package(
    name: "fuzz-http-parser",
    dependencies: [.package(name: "Recur", path: "../..")],
    targets: [
        .executableTarget(name: "fuzz-http-parser", dependencies: [.product(name: "HTTPServer", package: "Recur")]),
    ]
)
