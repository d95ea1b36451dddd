import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowTesting

/// Repeat deliveries: an honest retry returns the first ticket, whatever its
/// JSON formatting; new text for a known ticket is never dropped.
@Suite struct IntakeReplayTests {
    @Test func theSameRequestFormattedDifferentlyIsAReplayNotAConflict() async throws {
        try await withTestClient(.live) { client, services in
            var headers = jsonHeaders
            headers[HTTPField.Name("Idempotency-Key")!] = "order-1042"
            let first = try await client.post(
                "/v1/tickets",
                #"{"subject":"Charged twice","body":"I was charged twice","customer":{"name":"Ann","email":"ann@example.com"}}"#,
                headers: headers)
            #expect(first.status == .created)
            let reformatted = """
                {
                  "customer" : { "email" : "ann@example.com", "name" : "Ann" },
                  "body" : "I was charged twice",
                  "subject" : "Charged twice"
                }
                """
            let again = try await client.post("/v1/tickets", reformatted, headers: headers)
            #expect(again.status == .ok)
            #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            // A different request under the same key is still a conflict.
            try expectProblem(
                try await client.post("/v1/tickets", #"{"body":"Something else"}"#, headers: headers),
                .conflict, "conflict")
            #expect(try await services.store.ticketCount() == 1)
        }
    }

    @Test func aKnownExternalIDWithNewTextContinuesTheTicket() async throws {
        try await withTestClient(.live) { client, services in
            let first = try await client.post("/v1/tickets", #"{"body":"My order is late","external_id":"zd-77"}"#)
            #expect(first.status == .created)
            let retry = try await client.post("/v1/tickets", #"{"body":"My order is late","external_id":"zd-77"}"#)
            #expect(retry.status == .ok)
            #expect(retry.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            let update = try await client.post(
                "/v1/tickets", #"{"body":"It has now been two weeks, please refund me","external_id":"zd-77"}"#)
            #expect(update.status == .ok)
            #expect(update.headers[HTTPField.Name("Ticketflow-Message-Appended")!] == "true")
            #expect(update.headers[.location] == first.headers[.location])
            // Delivered twice, the new text is still added once.
            _ = try await client.post(
                "/v1/tickets", #"{"body":"It has now been two weeks, please refund me","external_id":"zd-77"}"#)
            #expect(try await services.store.ticketCount() == 1)
            let id = try #require((try json(first)["ticket"] as? [String: Any])?["id"] as? Int)
            let detail = try #require(try await services.store.ticketDetail(id: Int64(id)))
            let customer = detail.messages.filter { $0.author == .customer }.map(\.body)
            #expect(customer == ["My order is late", "It has now been two weeks, please refund me"])
        }
    }

    @Test func replaysDoNotCountAsPipelineRunsAgain() async throws {
        try await withTemporaryDirectory { dir in
            let services = try await TestApp.services(dataDirectory: dir)
            let runs = Mutex(0)
            let service = TicketService(
                store: services.store, pipeline: Pipeline(stages: []), observer: { _, _ in runs.withLock { $0 += 1 } })
            let request = IntakeRequest(body: "Where is my refund?", externalID: "ext-1")
            let first = try await service.intake(request, idempotencyKey: "k1", fingerprint: request.fingerprint)
            #expect(first.created)
            let replay = try await service.intake(request, idempotencyKey: "k1", fingerprint: request.fingerprint)
            #expect(!replay.created && !replay.appended)
            #expect(runs.withLock { $0 } == 1)
        }
    }

    @Test func theFingerprintIgnoresFormattingButNotContent() throws {
        let a = try JSONDecoder().decode(
            IntakeRequest.self, from: Data(#"{"body":"hi","tags":["a"],"subject":"S"}"#.utf8))
        let b = try JSONDecoder().decode(
            IntakeRequest.self, from: Data("{\n \"subject\": \"S\",\n \"tags\": [ \"a\" ],\n \"body\": \"hi\"\n}".utf8))
        let c = try JSONDecoder().decode(
            IntakeRequest.self, from: Data(#"{"body":"hi!","tags":["a"],"subject":"S"}"#.utf8))
        #expect(a.fingerprint == b.fingerprint)
        #expect(a.fingerprint != c.fingerprint)
    }
}
