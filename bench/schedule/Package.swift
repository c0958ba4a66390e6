// swift-tools-version:6.0
// Schedule engine benchmark: its own package, outside the main build. Run ./run.sh.
import PackageDescription

let package = Package(
    name: "ScheduleBench",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Recur", path: "../..")],
    targets: [
        .executableTarget(
            name: "schedule-bench",
            dependencies: [.product(name: "Domain", package: "Recur")],
            path: "Sources/ScheduleBench"
        )
    ]
)
