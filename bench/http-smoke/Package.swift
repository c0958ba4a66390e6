// swift-tools-version:6.0
import PackageDescription

// A tiny server for throughput smoke tests (wrk) of the HTTPServer module.
let package = Package(
    name: "http-smoke",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Recur", path: "../..")],
    targets: [
        .executableTarget(name: "http-smoke", dependencies: [.product(name: "HTTPServer", package: "Recur")]),
    ]
)
