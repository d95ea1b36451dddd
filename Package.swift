// swift-tools-version:6.0
// The target list is the architecture: pure domain and engines at the bottom,
// one adapter target per external library, one composition root, a thin CLI.
import PackageDescription

let package = Package(
    name: "Ticketflow",
    // macOS 15 for Synchronization's Mutex; Linux is the platform we ship and test.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ticketflow", targets: ["ticketflow"]),
        .library(name: "TicketflowApp", targets: ["TicketflowApp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // Domain values, the storage port and the pipeline runner. No I/O.
        .target(name: "TicketflowCore"),
        // Reads labeled CSV and JSONL files (training data, FAQ imports). The only
        // target that imports CSV.swift.
        .target(name: "TicketflowDatasets", dependencies: [.product(name: "CSV", package: "CSV.swift")]),
        // Words, stemmers and stop words shared by retrieval, answering and triage.
        // Pure, Foundation only.
        .target(name: "TicketflowText"),
        // Built-in triage: classifier, sentiment and urgency, priority matrix. Pure.
        .target(name: "TicketflowTriage", dependencies: ["TicketflowCore", "TicketflowDatasets", "TicketflowText"]),
        // Knowledge base: ingestion, chunking, BM25, fusion, retrieval evaluation. Pure.
        .target(name: "TicketflowKnowledge", dependencies: ["TicketflowCore", "TicketflowDatasets", "TicketflowText"]),
        // The learning loop: training-data export and retraining with a
        // held-back comparison. Pure.
        .target(
            name: "TicketflowLearning",
            dependencies: ["TicketflowCore", "TicketflowAnswering", "TicketflowTriage", "TicketflowDatasets"]
        ),
        // Answering: PII redaction, extractive composer, judge and gate. Pure.
        .target(name: "TicketflowAnswering", dependencies: ["TicketflowCore", "TicketflowText"]),
        // Escalation packages, the review queue's SLA order and the agent
        // actions (planner and desk use cases over the store ports). Pure.
        .target(name: "TicketflowEscalation", dependencies: ["TicketflowCore"]),
        // Passwords (bcrypt), random tokens and their SHA-256, accounts and
        // sessions, and the chat widget's signed visitor tokens and identities.
        // The only target that imports HummingbirdBcrypt and Crypto.
        .target(
            name: "TicketflowAuth",
            dependencies: [
                "TicketflowCore",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The only target that imports GRDB.
        .target(
            name: "TicketflowSQLite",
            dependencies: ["TicketflowCore", "TicketflowKnowledge", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The PostgreSQL store for many nodes. The only target that imports PostgresNIO.
        .target(
            name: "TicketflowPostgres",
            dependencies: [
                "TicketflowCore", "TicketflowKnowledge",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // OpenAI-compatible chat and embeddings client and the LLM engines built on
        // it. The only target that imports AsyncHTTPClient.
        .target(
            name: "TicketflowLLM",
            dependencies: [
                "TicketflowCore", "TicketflowKnowledge", "TicketflowAnswering", "TicketflowTriage",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Prometheus exposition and the pipeline's metrics, through an injected
        // factory. The only target that imports swift-prometheus.
        .target(
            name: "TicketflowMetrics",
            dependencies: [
                "TicketflowCore",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // The live chat channel's rules: sites, visitor sessions, the conversation
        // as a customer sees it, rate limits and the hub that pushes new messages
        // to connected visitors. Pure apart from the store it polls.
        .target(name: "TicketflowChat", dependencies: ["TicketflowCore", "TicketflowAuth", "TicketflowText"]),
        // The HTTP edge: the JSON API, authentication and role gates. With
        // TicketflowConsole, the only targets that import Hummingbird.
        .target(
            name: "TicketflowHTTP",
            dependencies: [
                "TicketflowCore", "TicketflowKnowledge", "TicketflowTriage", "TicketflowEscalation", "TicketflowAuth",
                "TicketflowChat", "TicketflowText",
                .product(name: "Hummingbird", package: "hummingbird"),
                // The chat widget's live connection; only this target upgrades to WebSocket.
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // Request metrics are made by the factory the composition root injects.
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        // The server-rendered agent console. The only target that imports
        // Mustache; it also imports Hummingbird because its pages are routes
        // on the same router, behind the same AuthMiddleware, as the API.
        .target(
            name: "TicketflowConsole",
            dependencies: [
                "TicketflowCore", "TicketflowKnowledge", "TicketflowEscalation", "TicketflowAuth", "TicketflowHTTP",
                "TicketflowText",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // Outbound webhooks: HMAC-SHA256 signing, delivery over HTTP and the
        // dispatcher that walks each subscription through the event feed. With
        // TicketflowLLM, the only targets that import AsyncHTTPClient.
        .target(
            name: "TicketflowWebhooks",
            dependencies: [
                "TicketflowCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Mail protocols, written by hand because no Swift IMAP, SMTP or MIME
        // library is among the packages this project may use. Each is
        // protocol-only (no tickets, no store) and tested on its own.
        // RFC 5322/2045-2049 messages: parsing, reply stripping, composing. Pure.
        .target(name: "TicketflowMIME"),
        // The email channel's rules over the mail protocols: a parsed mail as
        // an intake or a follow-up, threading, loop safety, and the reply as a
        // MIME message. Pure: no sockets, no store.
        .target(name: "TicketflowEmail", dependencies: ["TicketflowCore", "TicketflowMIME"]),
        // An SMTP submission client (STARTTLS, AUTH PLAIN/LOGIN) on SwiftNIO.
        .target(
            name: "TicketflowSMTP",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // An IMAP4rev1 client (TLS or STARTTLS, LOGIN/PLAIN, UID FETCH, IDLE) on SwiftNIO.
        .target(
            name: "TicketflowIMAP",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // BLAS for the sentence encoder's matrix products, from Debian's
        // libopenblas-dev (scripts/setup.sh installs it): no package this
        // project may use offers one, and Accelerate exists on Apple systems only.
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", providers: [.apt(["libopenblas-dev"])]),
        // A BERT-family sentence encoder: safetensors weights, WordPiece
        // tokenizer, the forward pass and pooling. Pure apart from BLAS.
        .target(name: "TicketflowEncoder", dependencies: ["COpenBLAS", "CEncoderKernels"]),
        // The encoder's AVX-512 product with weights packed at load, which
        // OpenBLAS has no call for (Sources/CEncoderKernels says why). -O3 in
        // debug builds too: the tests embed whole corpora through it.
        .target(name: "CEncoderKernels", cSettings: [.unsafeFlags(["-O3"])]),
        // Composition root: configuration, engines, store and server wired together.
        .target(
            name: "TicketflowApp",
            dependencies: [
                "TicketflowCore", "TicketflowTriage", "TicketflowKnowledge", "TicketflowAnswering",
                "TicketflowDatasets", "TicketflowSQLite", "TicketflowPostgres", "TicketflowHTTP", "TicketflowLLM",
                "TicketflowLearning",
                "TicketflowMetrics", "TicketflowEscalation", "TicketflowAuth", "TicketflowConsole",
                "TicketflowWebhooks", "TicketflowEmail", "TicketflowMIME", "TicketflowSMTP", "TicketflowIMAP",
                "TicketflowEncoder", "TicketflowChat", "TicketflowText",
                // Only to run the application value that TicketflowHTTP builds.
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // The doctor resolves the bind host as the server will.
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // Thin executable: the ArgumentParser command tree.
        .executableTarget(
            name: "ticketflow",
            dependencies: [
                "TicketflowApp", "TicketflowCore", "TicketflowTriage", "TicketflowKnowledge", "TicketflowText",
                "TicketflowDatasets", "TicketflowAnswering", "TicketflowAuth", "TicketflowLearning",
                "TicketflowEscalation", "TicketflowEncoder", "TicketflowLLM",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                // `serve` checks the port before binding; `Application.runService` runs the server.
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // Test support shipped as its own target: temp stores, a running app.
        .target(
            name: "TicketflowTesting",
            dependencies: [
                "TicketflowApp", "TicketflowCore", "TicketflowSQLite", "TicketflowMetrics",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "TicketflowCoreTests", dependencies: ["TicketflowCore"]),
        .testTarget(
            name: "TicketflowLearningTests",
            dependencies: ["TicketflowLearning", "TicketflowCore", "TicketflowTriage", "TicketflowDatasets"]
        ),
        .testTarget(
            name: "TicketflowLLMTests",
            dependencies: [
                "TicketflowLLM", "TicketflowCore", "TicketflowAnswering", "TicketflowKnowledge", "TicketflowTesting",
                "TicketflowTriage",
            ]
        ),
        .testTarget(name: "TicketflowTextTests", dependencies: ["TicketflowText"]),
        .testTarget(name: "TicketflowEncoderTests", dependencies: ["TicketflowEncoder", "TicketflowTesting"]),
        .testTarget(
            name: "TicketflowTriageTests", dependencies: ["TicketflowTriage", "TicketflowCore", "TicketflowText"]),
        .testTarget(name: "TicketflowDatasetsTests", dependencies: ["TicketflowDatasets"]),
        .testTarget(name: "TicketflowChatTests", dependencies: ["TicketflowChat", "TicketflowAuth", "TicketflowCore"]),
        .testTarget(name: "TicketflowEscalationTests", dependencies: ["TicketflowEscalation", "TicketflowCore"]),
        .testTarget(
            name: "TicketflowAnsweringTests",
            dependencies: ["TicketflowAnswering", "TicketflowCore", "TicketflowTesting"]
        ),
        .testTarget(
            name: "TicketflowKnowledgeTests", dependencies: ["TicketflowKnowledge", "TicketflowCore", "TicketflowText"]
        ),
        .testTarget(
            name: "TicketflowEmailTests", dependencies: ["TicketflowEmail", "TicketflowCore", "TicketflowMIME"]),
        // The mail protocol targets against fixtures and real Dovecot and Postfix
        // servers on loopback (scripts/mail-servers.sh).
        .testTarget(
            name: "TicketflowMailTests",
            dependencies: [
                "TicketflowMIME", "TicketflowSMTP", "TicketflowIMAP", "TicketflowTesting", "TicketflowCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // Both stores' conformance suites (a SQLite file, a PostgreSQL server), the
        // work queue and its worker, backups and storage faults.
        .testTarget(
            name: "TicketflowStoreTests",
            dependencies: [
                "TicketflowSQLite", "TicketflowPostgres", "TicketflowCore", "TicketflowTesting", "TicketflowEscalation",
                "TicketflowKnowledge",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "TicketflowAppTests",
            dependencies: [
                "TicketflowApp", "TicketflowCore", "TicketflowTesting", "TicketflowHTTP", "TicketflowEscalation",
                "TicketflowAuth", "TicketflowLearning", "TicketflowMetrics", "TicketflowKnowledge", "TicketflowTriage",
                "TicketflowWebhooks", "TicketflowChat", "TicketflowPostgres", "TicketflowLLM",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                // Raw frames (text that is not UTF-8) for the chat socket tests.
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)

// Settings every target shares: existential types are spelled `any P`, and a
// file sees a module's members only when it imports that module itself.
for target in package.targets where target.type != .system && !target.name.hasPrefix("C") {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("MemberImportVisibility"),
        ]
}
