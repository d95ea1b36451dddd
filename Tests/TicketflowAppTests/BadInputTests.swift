import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowEscalation

/// Every kind of bad input gets its documented 4xx problem and writes nothing.
@Suite struct BadInputTests {
    @Test func malformedBodiesAreRejected() async throws {
        try await withTestClient { client, services in
            try expectProblem(try await client.post("/v1/tickets", #"{"body": "#), .badRequest, "malformed-json")
            try expectProblem(try await client.post("/v1/tickets", ""), .badRequest, "empty-body")
            try expectProblem(
                try await client.post("/v1/tickets", #"{"subject":"x"}"#), .unprocessableContent, "validation-failed")
            try expectProblem(
                try await client.post("/v1/tickets", #"{"body":42}"#), .unprocessableContent, "validation-failed")
            try expectProblem(
                try await client.post("/v1/tickets", #"{"body":"x","tags":"vip"}"#), .unprocessableContent,
                "validation-failed")
            try expectProblem(
                try await client.post("/v1/tickets", #"{"body":"x","channel":"fax"}"#), .unprocessableContent,
                "validation-failed")
            try expectProblem(
                try await client.post("/v1/tickets", #"{"body":"   "}"#), .unprocessableContent, "validation-failed")
            try expectProblem(
                try await client.post("/v1/tickets", #"{"body":"x","customer":{"email":"nope"}}"#),
                .unprocessableContent, "validation-failed")
            try expectProblem(
                try await client.post("/v1/tickets", #"[1,2]"#), .unprocessableContent, "validation-failed")
            try expectProblem(
                try await client.post("/v1/tickets", #"{"body":"x"}"#, headers: [.contentType: "text/plain"]),
                .unsupportedMediaType, "unsupported-media-type")
            var badKey = jsonHeaders
            badKey[HTTPField.Name("Idempotency-Key")!] = String(repeating: "k", count: 300)
            try expectProblem(
                try await client.post("/v1/tickets", #"{"body":"x"}"#, headers: badKey), .badRequest,
                "invalid-idempotency-key")
            #expect(try await services.store.ticketCount() == 0)
        }
    }

    @Test func missingFieldIsNamed() async throws {
        try await withTestClient { client, _ in
            let response = try await client.post("/v1/tickets", #"{"customer":{"name":"A"}}"#)
            #expect((try json(response)["detail"] as? String)?.contains("body is required") == true)
            let typed = try await client.post("/v1/tickets", #"{"body":"x","customer":{"lifetime_value":"lots"}}"#)
            #expect(
                (try json(typed)["detail"] as? String)?.contains("customer.lifetime_value must be a number") == true)
        }
    }

    @Test func invalidUTF8IsRejected() async throws {
        try await withTestClient { client, services in
            var bytes = ByteBuffer(string: #"{"body":""#)
            bytes.writeBytes([0xC3, 0x28, 0xFF])
            bytes.writeString(#""}"#)
            let response = try await client.execute(
                uri: "/v1/tickets", method: .post, headers: jsonHeaders, body: bytes
            ) { $0 }
            try expectProblem(response, .badRequest, "invalid-utf8")
            #expect(try await services.store.ticketCount() == 0)
        }
    }

    /// Customers are matched by email, and the email channel reads senders lower-cased: intake
    /// trims and lower-cases the email too, so the widget's "Ann@Example.com " is the same customer.
    @Test func customerEmailsAreTrimmedAndLowerCased() async throws {
        try await withTestClient { client, _ in
            var ids: [Int] = []
            for email in [" Ann@Example.COM ", "ann@example.com"] {
                let response = try await client.post(
                    "/v1/tickets", #"{"body":"Where is my parcel?","customer":{"email":"\#(email)"}}"#)
                let customer = try #require(try json(response)["customer"] as? [String: Any])
                #expect(customer["email"] as? String == "ann@example.com")
                ids.append(try #require(customer["id"] as? Int))
            }
            #expect(ids[0] == ids[1])
        }
    }

    /// NUL characters are refused at the edge whatever the store (PostgreSQL cannot hold them in text).
    @Test func nulCharactersAreRefused() async throws {
        try await withTestClient { client, services in
            try expectProblem(
                try await client.post("/v1/tickets", #"{"body":"charged\u0000 twice"}"#), .badRequest, "nul-character")
            // An escaped backslash before "u0000" is text, not a NUL.
            let text = try await client.post("/v1/tickets", #"{"body":"the folder C:\\u0000 is gone"}"#)
            #expect(text.status == .created)
            try expectProblem(
                try await client.get("/v1/tickets?category=billing%00", asAgentOf: services), .badRequest,
                "nul-character")
            #expect(try await services.store.ticketCount() == 1)

            let session = try await client.signIn(services)
            let note = try await client.send(
                .post, "/console/tickets/1/note", headers: session.headers(form: true),
                body: "_csrf=\(session.csrf)&note=see%00this")
            #expect(note.status == .unprocessableContent)
            #expect(try await services.desk.events(ticketID: 1).filter { $0.kind == .note }.isEmpty)
        }
    }

    @Test func oversizedBodyGets413() async throws {
        try await withTestClient(maximumBodyBytes: 4096) { client, services in
            let big = #"{"body":""# + String(repeating: "a", count: 5000) + #""}"#
            try expectProblem(try await client.post("/v1/tickets", big), .contentTooLarge, "body-too-large")
            #expect(try await services.store.ticketCount() == 0)
            let fits = #"{"body":""# + String(repeating: "a", count: 3000) + #""}"#
            #expect(try await client.post("/v1/tickets", fits).status == .created)
        }
    }

    @Test func unknownIDsRoutesAndBadQueries() async throws {
        try await withTestClient { client, services in
            try expectProblem(try await client.get("/v1/tickets/424242", asAgentOf: services), .notFound, "not-found")
            try expectProblem(try await client.get("/v1/tickets/abc", asAgentOf: services), .notFound, "not-found")
            try expectProblem(try await client.get("/v1/nothing-here"), .notFound, "not-found")
            try expectProblem(
                try await client.get("/v1/tickets?cursor=garbage!", asAgentOf: services), .badRequest, "invalid-cursor")
            try expectProblem(
                try await client.get("/v1/tickets?limit=0", asAgentOf: services), .badRequest, "invalid-parameter")
            try expectProblem(
                try await client.get("/v1/tickets?limit=ten", asAgentOf: services), .badRequest, "invalid-parameter")
            try expectProblem(
                try await client.get("/v1/tickets?status=lost", asAgentOf: services), .badRequest, "invalid-parameter")
            try expectProblem(
                try await client.get("/v1/tickets?route=robot", asAgentOf: services), .badRequest, "invalid-parameter")
        }
    }
}
