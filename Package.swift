// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "receptionist",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "receptionist", targets: ["receptionist"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3" ..< "5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
    ],
    targets: [
        // Layers, each depending only on the ones above it:
        //   Domain (pure rules) ← Support (general tools) ← Storage (SQL) ← use cases (Bookings, RetellFunctions,
        //   Workers = the outbox, Notifications, CalendarSync) ← HTTP, one module per audience (TenantAPI: owners;
        //   PlatformAPI: the operator; RetellWebhooks: everything Retell signs) ← App (wiring) ← Tools ← receptionist.

        // Pure rules: time, hours, phones, validation, key formats. No I/O.
        .target(
            name: "Domain",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto")
            ],
            swiftSettings: swiftSettings
        ),
        // General tools no layer owns: deadlines that answer even when the work ignores cancellation, on shared alarms.
        .target(
            name: "Support",
            swiftSettings: swiftSettings
        ),
        // SQL: the PostgreSQL client, migrations, one store per table family, and the outbox's write side (enqueue).
        .target(
            name: "Storage",
            dependencies: [
                "Domain", "Support",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // Shared HTTP plumbing: request context, error shape, request ids, auth, JSON bodies, the contract.
        .target(
            name: "HTTPCore",
            dependencies: [
                "Domain", "Support", "Storage",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // Booking use cases: availability and atomic create / modify / cancel with audit, outbox and idempotency.
        .target(
            name: "Bookings",
            dependencies: [
                "Domain", "Storage", "Workers", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The agent's functions: the catalog (parameters, tool definitions), typed arguments, handlers and answers.
        .target(
            name: "RetellFunctions",
            dependencies: ["Domain", "Storage", "Bookings", "HTTPCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // Console accounts: sign-up, log-in with throttling, sessions, password changes and emailed links (bcrypt).
        .target(
            name: "Accounts",
            dependencies: [
                "Domain", "Storage", .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The outbox's run side: the job queue (claim, lease, back-off, dead), the worker pool, job handlers, and the
        // one failure type providers' errors map to.
        .target(
            name: "Workers",
            dependencies: [
                "Domain", "Storage", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // libcurl (SMTP with STARTTLS and AUTH): a maintained mail client instead of a hand-written one.
        .systemLibrary(
            name: "CCurl",
            path: "Sources/CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // What the outbox sends to people: SMS (Twilio), email (SMTP), templates, reminders, owner notices.
        .target(
            name: "Notifications",
            dependencies: [
                "Domain", "Storage", "Workers", "Accounts", "CCurl", .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Google Calendar: OAuth connect, the sync jobs, the owner's busy times. Depends on the outbox, not on Twilio or libcurl.
        .target(
            name: "CalendarSync",
            dependencies: [
                "Domain", "Storage", "Workers", "Bookings", .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // HTTP for business owners (their key): the business, hours, bookings, calls, messages, settings, Retell setup.
        .target(
            name: "TenantAPI",
            dependencies: [
                "Domain", "Storage", "HTTPCore", "CalendarSync", "Bookings", "RetellFunctions", "RetellProvisioning",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // HTTP for the platform operator (the platform key): onboarding businesses, the outbox's jobs.
        .target(
            name: "PlatformAPI",
            dependencies: ["Domain", "Storage", "HTTPCore", "TenantAPI", "Workers", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: swiftSettings
        ),
        // HTTP for people in a browser: the owner console's pages (Mustache templates, sessions, CSRF, a strict CSP).
        .target(
            name: "OwnerConsole",
            dependencies: [
                "Domain", "Storage", "HTTPCore", "Accounts", "Bookings", "CalendarSync", "RetellProvisioning",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings
        ),
        // Retell provisioning: the typed client of Retell's API, the agent's configuration, connect / sync / disconnect.
        .target(
            name: "RetellProvisioning",
            dependencies: [
                "Domain", "Storage", "Workers", "RetellFunctions", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // HTTP for Retell (its signature): the agent's function calls, call events, the inbound-call webhook.
        .target(
            name: "RetellWebhooks",
            dependencies: [
                "Domain", "Storage", "Support", "HTTPCore", "Bookings", "RetellFunctions",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        // The application factory: configuration, wiring, health, metrics. Tests build the app through it.
        .target(
            name: "App",
            dependencies: [
                "Domain", "Storage", "Support", "HTTPCore", "TenantAPI", "PlatformAPI", "Bookings", "RetellFunctions", "RetellWebhooks",
                "CalendarSync", "Workers", "Notifications", "Accounts", "OwnerConsole", "RetellProvisioning",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Operators' and developers' tools the server never runs: the demo seeder, the jobs benchmark, the load generator.
        .target(
            name: "Tools",
            dependencies: [
                "App", "Accounts", "Domain", "Storage", "Workers",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "receptionist",
            dependencies: [
                "App", "Tools", "Storage", "Support", "Domain", "Workers",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReceptionistTests",
            dependencies: [
                "App", "Tools", "Accounts", "OwnerConsole", "Domain", "Support", "Storage", "HTTPCore", "TenantAPI", "PlatformAPI", "Bookings",
                "RetellFunctions",
                "RetellWebhooks", "Workers", "Notifications", "CalendarSync",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
