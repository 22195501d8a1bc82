// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "openem",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "openem", targets: ["openem"]),
        .library(name: "Geo", targets: ["Geo"]),
        .library(name: "OpenEMCore", targets: ["OpenEMCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    ],
    targets: [
        .target(name: "Geo", swiftSettings: strict),
        .target(
            name: "OpenEMCore",
            dependencies: [
                "Geo",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "OpenEMSQLite",
            dependencies: [
                "OpenEMCore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "OpenEMPostgres",
            dependencies: [
                "OpenEMCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "OpenEMServer",
            dependencies: [
                "OpenEMCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            exclude: ["Portal/Resources", "Portal/README.md"],
            swiftSettings: strict,
            plugins: ["PortalResourcesPlugin"]
        ),
        // The portal's templates, scripts and stylesheet are files in Portal/Resources, compiled into the binary.
        .executableTarget(name: "PortalResourceEmbedder", swiftSettings: strict),
        .plugin(name: "PortalResourcesPlugin", capability: .buildTool(), dependencies: ["PortalResourceEmbedder"]),
        .target(
            name: "OpenEMSimulator",
            dependencies: ["OpenEMCore"],
            swiftSettings: strict
        ),
        // `openem bench`: the benchmarks, their baselines and their loopback client, apart from what runs in production.
        .target(
            name: "OpenEMBench",
            dependencies: [
                "Geo", "OpenEMCore", "OpenEMSQLite", "OpenEMPostgres", "OpenEMServer", "OpenEMSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "openem",
            dependencies: [
                "OpenEMCore", "OpenEMSQLite", "OpenEMPostgres", "OpenEMServer", "OpenEMSimulator", "OpenEMBench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "OpenEMSimulatorTests", dependencies: ["OpenEMSimulator", "OpenEMCore"], swiftSettings: strict),
        .testTarget(name: "GeoTests", dependencies: ["Geo"], resources: [.copy("Vectors")], swiftSettings: strict),
        .testTarget(name: "OpenEMCoreTests", dependencies: ["OpenEMCore"], swiftSettings: strict),
        .testTarget(
            name: "OpenEMSQLiteTests",
            dependencies: ["OpenEMSQLite", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OpenEMStoreContractTests",
            dependencies: [
                "OpenEMSQLite", "OpenEMPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OpenEMServerTests",
            dependencies: [
                "OpenEMServer", "OpenEMSQLite", "OpenEMPostgres", "OpenEMSimulator",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: strict
        ),
    ]
)
