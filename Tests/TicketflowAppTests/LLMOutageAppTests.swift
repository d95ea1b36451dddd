import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowKnowledge
import TicketflowTesting

extension LLMPipelineTests {
    /// Start-up and shutdown over real HTTP on loopback while the LLM endpoint
    /// is down (nothing listens) or hung (accepts and never answers). Nested in
    /// `LLMPipelineTests` so it runs in the timing-sensitive second test pass.
    @Suite struct Outage {
        enum Endpoint: String, CaseIterable, Sendable { case refused, hung }

        static func configure(_ url: String, embeddings: Bool = true) -> (inout AppConfiguration) -> Void {
            { configuration in
                configuration.llmBaseURL = url
                configuration.llmModel = "stub-model"
                configuration.llmEmbeddingsModel = embeddings ? "stub-embed" : nil
                // Longer than the shutdown grace period: a hung call is still waiting when it ends.
                configuration.llmTimeout = 30
                configuration.llmMaxRetries = 0
            }
        }

        static let article = Article(
            id: "refunds", title: "Refund policy", category: "billing",
            body: "Annual plans are refunded within 14 days of purchase.", source: "test")
        /// Answers `AnswerQueueTests.question`, so answering calls the LLM.
        static let duplicateCharges = Article(
            id: "duplicate-charges", title: "Duplicate charges", category: "billing",
            body: "Seeing a duplicate charge on your invoices? Open Settings > Billing > Invoices and choose "
                + "Request refund next to the duplicate charge; duplicate charges are refunded within 5 days.",
            source: "test")

        @Test(arguments: Endpoint.allCases)
        func serverAnswersAtOnceAndStopsAtOnceWhileTheLLMIsDown(_ endpoint: Endpoint) async throws {
            let stub = try await OpenAIStubServer.start(fallback: .hang)
            defer { stub.stop() }
            let url = endpoint == .hung ? stub.baseURL : "http://127.0.0.1:\(try await UnusedPort.loopback())/v1"
            let clock = ContinuousClock()
            let started = clock.now
            try await withTemporaryDirectory { dir in
                let services = try await TestApp.services(dataDirectory: dir, configure: Self.configure(url))
                let stopping = try await TestApp.application(services).test(.live) { client in
                    #expect(try await client.get("/healthz").status == .ok)
                    let elapsed = clock.now - started
                    // Far below the 30 s LLM timeout a start that waited for the endpoint would take; loose
                    // enough for a loaded machine (it took 2.6 s beside the encoder suites on 2 cores).
                    #expect(elapsed < .seconds(10), "\(endpoint): /healthz answered \(elapsed) after start")
                    // Retrieval is lexical meanwhile, as it is whenever embedding fails.
                    _ = try await services.engines.knowledge.importArticles([Self.article], prune: false)
                    #expect(services.engines.knowledge.index.embeddings == nil)
                    let passages = await services.engines.knowledge.index.retrieve(
                        RetrievalRequest(query: "refund annual plan", minScore: 0))
                    #expect(passages.first?.articleID == "refunds" && passages.first?.signals == ["bm25"])
                    if endpoint == .hung {
                        for _ in 0..<200 where stub.requests.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
                        #expect(stub.requests.first?.path == "/v1/embeddings", "the probe runs in the background")
                    }
                    return clock.now
                }
                let shutdown = clock.now - stopping
                #expect(shutdown < .seconds(2), "\(endpoint): graceful shutdown took \(shutdown)")
            }
        }

        @Test func retrievalTurnsHybridOnceTheEmbeddingsEndpointAnswers() async throws {
            let stub = try await OpenAIStubServer.start()
            defer { stub.stop() }
            try await withTemporaryDirectory { dir in
                let services = try await TestApp.services(dataDirectory: dir, configure: Self.configure(stub.baseURL))
                _ = try await services.engines.knowledge.importArticles([Self.article], prune: false)
                #expect(stub.requests.isEmpty, "building the services calls no LLM")
                try await TestApp.application(services).test(.live) { client in
                    #expect(try await client.get("/healthz").status == .ok)
                    let index = services.engines.knowledge.index
                    for _ in 0..<500 where index.statistics.vectors == 0 {
                        try await Task.sleep(for: .milliseconds(10))
                    }
                    #expect(index.embeddings?.dimension == 64)
                    #expect(index.statistics.vectors == index.statistics.chunks)
                    let passages = await index.retrieve(RetrievalRequest(query: "refund annual plan", minScore: 0))
                    #expect(passages.first?.signals.contains("dense") == true)
                }
            }
        }

        @Test func shutdownReleasesAnAnswerWaitingOnAHungLLMAfterTheGracePeriod() async throws {
            let stub = try await OpenAIStubServer.start(fallback: .hang)
            defer { stub.stop() }
            let clock = ContinuousClock()
            try await withTemporaryDirectory { dir in
                let services = try await TestApp.services(
                    dataDirectory: dir, configure: Self.configure(stub.baseURL, embeddings: false))
                _ = try await services.engines.knowledge.importArticles([Self.duplicateCharges], prune: false)
                let stopping = try await TestApp.application(services).test(.live) { client in
                    #expect(try await client.post("/v1/tickets", AnswerQueueTests.question).status == .created)
                    // The node's worker claims the answer job and its LLM call hangs.
                    for _ in 0..<500 where stub.requests.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
                    #expect(try await services.store.jobStats()[.leased] == 1)
                    return clock.now
                }
                let shutdown = clock.now - stopping
                #expect(shutdown >= .seconds(4.5), "the call in flight had its grace period: \(shutdown)")
                #expect(shutdown < .seconds(7), "grace period + 2 s at most: \(shutdown)")
                // Released, not failed and not left leased: another node claims it at once, attempt intact.
                let job = try #require(try await services.store.job(id: 1))
                #expect(job.state == .pending && job.attempts == 0 && job.leaseToken == nil, "\(job)")
                let taken = try await services.store.claimJobs(
                    worker: "other-node", kinds: [AnswerJobs.kind], leaseSeconds: 60, limit: 1, at: Date())
                #expect(taken.map(\.id) == [job.id])
                // The cut-short run wrote nothing: the ticket still waits for its answer.
                #expect(try await services.store.ticketDetail(id: 1)?.ticket.status == .triaged)
            }
        }

        @Test func idleServerStopsAtOnce() async throws {
            let clock = ContinuousClock()
            try await withTemporaryDirectory { dir in
                let services = try await TestApp.services(dataDirectory: dir)
                let stopping = try await TestApp.application(services).test(.live) { client in
                    #expect(try await client.get("/healthz").status == .ok)
                    // Let every background loop reach its sleep.
                    try await Task.sleep(for: .milliseconds(300))
                    return clock.now
                }
                let shutdown = clock.now - stopping
                #expect(shutdown < .seconds(2), "an idle server took \(shutdown) to stop")
            }
        }
    }
}
