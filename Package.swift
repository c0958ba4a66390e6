// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Recur",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Postgres", targets: ["Postgres"]),
        .library(name: "Domain", targets: ["Domain"]),
        .library(name: "HTTPServer", targets: ["HTTPServer"]),
        .library(name: "Store", targets: ["Store"]),
        .library(name: "EOD", targets: ["EOD"]),
        .library(name: "Documents", targets: ["Documents"]),
        .library(name: "API", targets: ["API"]),
        .library(name: "Delivery", targets: ["Delivery"]),
        .executable(name: "recur-server", targets: ["RecurServer"]),
        .executable(name: "recur-admin", targets: ["RecurAdmin"]),
        .executable(name: "recur-worker", targets: ["RecurWorker"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // libpq, found through pkg-config (Debian: libpq-dev).
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // zlib, for Flate streams in PDFs (Debian: zlib1g-dev).
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // libcurl, for SMTP and HTTPS deliveries (Debian: libcurl4-openssl-dev). `shim.h` wraps the variadic
        // `curl_easy_setopt` / `curl_easy_getinfo` in typed inline functions Swift can call.
        .systemLibrary(
            name: "CLibCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // libsodium, for Argon2id password hashes (Debian: libsodium-dev).
        .systemLibrary(
            name: "CLibSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        // Waiting between threads: ConditionLock (state + condition variable), Latch. Exclusion alone: Mutex.
        .target(name: "Threading"),
        // The only door to PostgreSQL: connections, pool, typed rows, errors, locks, bulk paths.
        .target(name: "Postgres", dependencies: ["CLibPQ", "Threading"]),
        // Pure domain rules: schedules, money. No I/O.
        .target(name: "Domain"),
        // Tenancy and persistence: migrations, control schema, tenants, API keys, per-tenant transactions; what one
        // EOD batch posts (RecurringSources) and the notifications it writes (Notifications).
        .target(name: "Store", dependencies: ["Postgres", "Domain", "Threading", "CLibSodium", .product(name: "Crypto", package: "swift-crypto")]),
        // The EOD's orchestration: which tenants, when, under which advisory locks and database slots, on how many
        // threads, with which retries; the run log. What one batch of postings is, Store knows.
        .target(name: "EOD", dependencies: ["Store", "Domain", "Postgres", "Threading"]),
        // Invoice documents from an `InvoiceDocument`: HTML through Mustache templates, PDF/A-3 through a native writer
        // (TrueType subsetting, Flate, XMP, embedded Factur-X XML). No database, no I/O beyond reading font files.
        .target(
            name: "Documents",
            dependencies: ["Domain", "CZlib", .product(name: "Mustache", package: "swift-mustache")]
        ),
        // An invoice's documents rendered and, once issued, kept byte for byte (Store's invoice_documents).
        .target(name: "DocumentArchive", dependencies: ["Documents", "Store", "Domain", "Postgres"]),
        // Transports for notifications (issue 23): MIME messages sent over SMTP, signed webhooks POSTed over HTTPS, both
        // through libcurl, each send classified as sent / transient / permanent / unknown. No database.
        .target(
            name: "Delivery",
            dependencies: ["CLibCurl", "Domain", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Notifications delivered: claims due ones from the tenant outboxes, writes their e-mails from the tenant's
        // templates (the invoice's kept PDF attached) and records each outcome under the retry policy.
        .target(
            name: "NotificationDelivery", dependencies: ["Delivery", "DocumentArchive", "Documents", "Store", "Domain", "Postgres", "Threading"]),
        // HTTP/1.1 on POSIX sockets: parser, connections, router, problem+json. No database.
        .target(name: "HTTPServer", dependencies: ["Threading"]),

        // The HTTP API: auth, tenant scoping, resources, OpenAPI document.
        .target(name: "API", dependencies: ["HTTPServer", "Store", "EOD", "Domain", "DocumentArchive", "Documents", "Postgres", "Threading"]),
        // The server executable: configuration from the environment, migrations at start-up, signals.
        .executableTarget(name: "RecurServer", dependencies: ["API"]),
        // The operators' command line: tenants, keys, migrations, schedules.
        .executableTarget(
            name: "RecurAdmin",
            dependencies: [
                "Store", "EOD", "Domain", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // The EOD worker: posts what fell due, under advisory locks, once-only across workers and hosts.
        .executableTarget(
            name: "RecurWorker",
            dependencies: [
                "Store", "EOD", "Domain", "Threading", "DocumentArchive", "NotificationDelivery",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Shared helpers for the integration tests (database URL, unique schemas, cluster control, spawning the
        // built executables, collecting from threads).
        .target(name: "TestSupport", dependencies: ["Postgres"], path: "Tests/TestSupport", exclude: ["Store"]),
        // Shared helpers over Store and EOD (a migrated private control schema, tenants with recurring setups and
        // the EOD's invariants), for the Store, EOD and process tests.
        .target(
            name: "StoreTestSupport", dependencies: ["Store", "EOD", "Domain", "Postgres", "TestSupport"],
            path: "Tests/TestSupport/Store"),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "Threading", "TestSupport"]),
        .testTarget(name: "DomainTests", dependencies: ["Domain", "TestSupport"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer"]),
        // Deliveries against real peers the tests start: aiosmtpd (STARTTLS, AUTH) and an HTTPS webhook receiver, in
        // Python (`servers/`, Debian's python3-aiosmtpd), with a self-signed certificate made by openssl; and the real
        // recur-worker delivering tenants' notifications to that relay.
        .testTarget(
            name: "DeliveryTests",
            dependencies: [
                "Delivery", "Domain", "Store", "Postgres", "TestSupport", "StoreTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["servers"]),
        // Documents read back by independent tools: pdftotext, pdfinfo, qpdf, the Factur-X XSD and schematron.
        .testTarget(name: "DocumentsTests", dependencies: ["Documents", "Domain", "TestSupport"]),
        .testTarget(
            name: "StoreTests", dependencies: ["Store", "EOD", "Domain", "Postgres", "TestSupport", "StoreTestSupport"]),
        // The EOD runner: locks, database slots, passes over tenants, retries, the run log.
        .testTarget(
            name: "EODTests",
            dependencies: ["EOD", "Store", "Domain", "Postgres", "Threading", "TestSupport", "StoreTestSupport"]),
        // The built executables (recur-worker, recur-server, recur-admin) as separate processes: exit codes, output,
        // signals, crashes (`swift build --build-tests` builds them first).
        .testTarget(
            name: "ProcessTests", dependencies: ["EOD", "Store", "Domain", "Postgres", "TestSupport", "StoreTestSupport"]),
        .testTarget(
            name: "APITests",
            dependencies: ["API", "HTTPServer", "Store", "EOD", "Domain", "DocumentArchive", "Postgres", "TestSupport"]),
        // The dashboard in a real browser: a real recur-server and PostgreSQL, driven by a Python Selenium script
        // (`browser/`) with Debian's headless Chromium (chromium, chromium-driver, python3-selenium).
        .testTarget(name: "BrowserTests", dependencies: ["Postgres", "TestSupport"], exclude: ["browser"]),
        // The OpenAPI document against the real recur-server, by schemathesis (pip-installed by deploy/setup.sh).
        .testTarget(
            name: "ContractTests", dependencies: ["Postgres", "TestSupport"],
            exclude: ["schemathesis"]),
    ]
)
