import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore

/// Changing the knowledge base and operating the work queue need the right role.
@Suite struct OperatorRouteGateTests {
    static let upload = #"{"articles":[{"id":"a","title":"Shipping","body":"Parcels ship within 2 days."}]}"#

    @Test func knowledgeWritesNeedAnAdminOrAKnowledgeToken() async throws {
        try await withTestClient { client, services in
            try expectProblem(try await client.post("/v1/kb/articles", Self.upload), .unauthorized, "unauthorized")
            try expectProblem(
                try await client.post("/v1/kb/articles", Self.upload, headers: try await services.bearer(.agent)),
                .forbidden, "forbidden")
            // An intake credential cannot rewrite what the bot answers from.
            try expectProblem(
                try await client.post("/v1/kb/articles", Self.upload, headers: try await services.bearer(.api)),
                .forbidden, "forbidden")
            #expect(
                try await client.post("/v1/kb/articles", Self.upload, headers: try await services.bearer(.knowledge))
                    .status == .ok)
            try expectProblem(
                try await client.send(.get, "/v1/tickets", headers: try await services.bearer(.knowledge)),
                .forbidden, "forbidden")
            try expectProblem(try await client.send(.delete, "/v1/kb/articles/a"), .unauthorized, "unauthorized")
            #expect(
                try await client.send(.delete, "/v1/kb/articles/a", headers: try await services.bearer(.admin)).status
                    == .noContent)
            // Reading and searching stay open: help-center content is public.
            #expect(try await client.get("/v1/kb/articles").status == .ok)
            #expect(try await client.post("/v1/kb/search", #"{"query":"shipping"}"#).status == .ok)
        }
    }

    @Test func theWorkQueueIsForAgentsAndRequeueForAdmins() async throws {
        try await withTestClient { client, services in
            try expectProblem(try await client.get("/v1/jobs"), .unauthorized, "unauthorized")
            try expectProblem(try await client.get("/v1/jobs/dead"), .unauthorized, "unauthorized")
            try expectProblem(
                try await client.send(.get, "/v1/jobs", headers: try await services.bearer(.api)), .forbidden,
                "forbidden")
            #expect(try await client.send(.get, "/v1/jobs", headers: try await services.bearer(.agent)).status == .ok)
            try expectProblem(
                try await client.send(
                    .post, "/v1/jobs/1/requeue", headers: try await services.bearer(.agent), body: ""),
                .forbidden, "forbidden")
            try expectProblem(
                try await client.send(
                    .post, "/v1/jobs/1/requeue", headers: try await services.bearer(.admin), body: ""),
                .notFound, "not-found")
        }
    }
}
