// swift-tools-version:6.0
// Tenant provisioning and control-schema benchmark: its own package, outside the main build. Run ./run.sh.
import PackageDescription

let package = Package(
    name: "TenantBench",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Recur", path: "../..")],
    targets: [
        .executableTarget(
            name: "tenant-bench",
            dependencies: [
                .product(name: "Store", package: "Recur"),
                .product(name: "Postgres", package: "Recur"),
            ],
            path: "Sources/TenantBench"
        )
    ]
)
