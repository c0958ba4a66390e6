// swift-tools-version:6.0
// Postgres layer benchmark (issue 2): its own package, outside the main build. Run ./run.sh.
import PackageDescription

let package = Package(
    name: "PostgresBench",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Recur", path: "../..")],
    targets: [
        // libpq directly, for the `raw-pipeline` probe only (a floor to compare the wrapper with).
        .systemLibrary(name: "CLibPQBench", path: "Sources/CLibPQBench", pkgConfig: "libpq"),
        .executableTarget(
            name: "PostgresBench",
            dependencies: [.product(name: "Postgres", package: "Recur"), "CLibPQBench"],
            path: "Sources/PostgresBench"
        ),
    ]
)
