// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "pdf-bench",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Recur", path: "../../..")],
    targets: [
        .executableTarget(
            name: "PDFBench",
            dependencies: [.product(name: "Documents", package: "Recur"), .product(name: "Domain", package: "Recur")])
    ]
)
