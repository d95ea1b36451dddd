import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowEscalation
import TicketflowTesting
import TicketflowTriage

/// A team's own setup from the config file: categories the model is trained
/// from at start, its matrix, SLA, business hours and dashboard targets, shown
/// on `/console/setup`; every bad value is refused with its exact key.
@Suite struct TeamSetupTests {
    static let shop = #"""
        {
          "categories": [
            {"name": "shipping", "description": "Where a parcel is, late or lost deliveries",
             "examples": ["my package never arrived", "where is my parcel", "the delivery is a week late",
                          "tracking has not updated for days", "the courier lost my order"],
             "queue": "logistics"},
            {"name": "returns", "description": "Sending items back and getting refunds for returns",
             "examples": ["how do I return these shoes", "I want to send the jacket back",
                          "where is the refund for my return", "the return label does not print"]},
            {"name": "payment", "description": "Charges, cards, invoices and failed payments",
             "examples": ["I was charged twice", "my card was declined at checkout",
                          "I need an invoice for my order", "why was I billed again"]}
          ],
          "priority_matrix": {
            "rules": [
              {"name": "lost/any", "categories": ["shipping"], "sentiments": ["negative", "urgent"],
               "route": "human_now"},
              {"name": "calm/any", "max_urgency": 3, "route": "ai_only"}
            ],
            "fallback": "ai_draft_human_review"
          },
          "sla_minutes": {"p1": 30, "p2": 120},
          "business_hours": {"time_zone": "Europe/Berlin", "days": ["mon", "tue", "wed", "thu", "fri"],
                             "opens": "09:00", "closes": "17:00"},
          "dashboard_targets": {"auto_resolution_rate": {"target": 0.5, "alert": 0.3}},
          "assignment": {"mode": "round_robin", "online_minutes": 30,
                         "pools": {"shipping": ["Ann@Example.com", "bob@example.com"]}},
          "reopen_days": 14
        }
        """#

    static func load(_ text: String, in dir: String) throws -> AppConfiguration {
        let file = dir + "/config.json"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return try AppConfiguration.load(environment: [:], configFile: file)
    }

    @Test func theFileSetsEveryPart() async throws {
        try await withTemporaryDirectory { dir in
            let team = try Self.load(Self.shop, in: dir).team
            #expect(team.categories.map(\.name) == ["shipping", "returns", "payment"])
            #expect(team.categories[0].queue == "logistics" && team.categories[1].queue == nil)
            #expect(team.matrix?.rules.map(\.name) == ["lost/any", "calm/any"])
            #expect(team.matrix?.route(category: "shipping", sentiment: .negative, urgency: 3).route == .humanNow)
            #expect(team.sla.targets == [.p1: 1800, .p2: 7200, .p3: 86_400], "p3 keeps its default")
            #expect(team.targets.levels(of: "auto_resolution_rate").target == 0.5)
            #expect(team.targets.levels(of: "csat_ai").target == 4.2, "the rest keep the defaults")
            #expect(team.assignment.mode == .roundRobin && team.assignment.onlineMinutes == 30)
            #expect(team.assignment.pools == ["shipping": ["ann@example.com", "bob@example.com"]])
            #expect(team.reopenDays == 14)
            let hours = try #require(team.sla.businessHours)
            #expect(hours.timeZone.identifier == "Europe/Berlin" && hours.weekdays == [2, 3, 4, 5, 6])
            // Friday 16:00 in Berlin (15:00 UTC) with a 2-hour target: one hour on Friday, one on Monday.
            let friday = try #require(ISO8601DateFormatter().date(from: "2026-12-04T15:00:00Z"))
            let ticket = Ticket(id: 1, channel: .api, subject: "late", sentiment: .negative, createdAt: friday)
            #expect(team.sla.dueAt(ticket) == ISO8601DateFormatter().date(from: "2026-12-07T09:00:00Z"))
        }
    }

    @Test func theShippedExampleLoadsAndRoutesTheShopsTickets() throws {
        let file = CLIRun.repositoryRoot.appendingPathComponent("demo/shop-setup.json").path
        let configuration = try AppConfiguration.load(environment: [:], configFile: file)
        let team = configuration.team
        #expect(team.categories.map(\.name) == ["orders", "shipping", "payment", "account", "feedback"])
        let model = try CategoryDefinition.categoryModel(team.categories)
        #expect(model.predict("where is my package, it is late").bestLabel == "shipping")
        #expect(model.predict("please refund the double charge on my card").bestLabel == "payment")
        #expect(team.matrix?.route(category: "feedback", sentiment: .neutral, urgency: 2).route == .aiDraftHumanReview)
        #expect(team.sla.businessHours?.weekdays.count == 6)
        #expect(team.macros.map(\.name) == ["Refund on its way", "Need the order number"])
    }

    @Test func everyBadValueIsRefusedWithItsKey() async throws {
        let category = #"{"name": "shipping", "description": "parcels", "examples": ["a", "b", "c"]}"#
        let other = #"{"name": "returns", "description": "returns", "examples": ["a", "b", "c"]}"#
        let cases: [(String, String)] = [
            (#""categories": [\#(category)]"#, "categories: needs at least 2 categories, got 1"),
            (
                #""categories": [\#(category), {"name": "Returns!", "description": "x", "examples": ["a","b","c"]}]"#,
                "categories[1].name: 'Returns!' must be 1–64 lower-case letters, digits or underscores"
            ),
            (
                #""categories": [\#(category), {"name": "returns", "description": "x", "examples": ["a", "b"]}]"#,
                "categories[1].examples: needs 3 to 10 messages, got 2"
            ),
            (
                #""categories": [\#(category), {"name": "returns", "description": "x", "examples": ["a", 2, "c"]}]"#,
                "categories[1].examples[1]: must be a string"
            ),
            (#""categories": [\#(category), \#(category)]"#, "categories[1].name: 'shipping' is declared twice"),
            (
                #""categories": [\#(category), {"name": "returns", "description": "x", "example": []}]"#,
                "categories[1].example: unknown key; expected one of description, examples, name, queue"
            ),
            (
                #""categories": [\#(category), {"name": "unknown", "description": "x", "examples": ["a","b","c"]}]"#,
                "categories[1].name: 'unknown' is the label for tickets no category fits; it cannot be declared"
            ),
            (
                #""priority_matrix": {"rules": [{"name": "a", "route": "ai"}]}"#,
                "priority_matrix.rules[0].route: 'ai' is not one of human_now, ai_draft_human_review, ai_only"
            ),
            (
                #""priority_matrix": {"rules": [{"name": "a", "min_urgency": 7, "route": "ai_only"}]}"#,
                "priority_matrix.rules[0].min_urgency: must be an integer from 1 to 5, got 7"
            ),
            (
                #""priority_matrix": {"rules": [{"name": "a", "min_urgency": 4, "max_urgency": 2, "route": "ai_only"}]}"#,
                "priority_matrix.rules[0].min_urgency: 4 is above max_urgency 2"
            ),
            (
                #""priority_matrix": {"rules": [{"name": "a", "sentiments": ["grumpy"], "route": "ai_only"}]}"#,
                "priority_matrix.rules[0].sentiments[0]: 'grumpy' is not one of positive, neutral, negative, urgent"
            ),
            (#""priority_matrix": {"rules": [{"route": "ai_only"}]}"#, "priority_matrix.rules[0].name: is required"),
            (
                #""categories": [\#(category), \#(other)], "priority_matrix": {"rules": [{"name": "a", "categories": ["billing"], "route": "ai_only"}]}"#,
                "priority_matrix.rules[0].categories: 'billing' is not a declared category; categories declares shipping, returns"
            ),
            (#""sla_minutes": {"p4": 10}"#, "sla_minutes.p4: unknown priority; expected p1, p2 or p3"),
            (#""sla_minutes": {"p1": true}"#, "sla_minutes.p1: must be a number"),
            (
                #""sla_minutes": {"p2": 0}"#,
                "sla_minutes.p2: must be more than 0 and at most a year of minutes, got 0.0"
            ),
            (
                #""sla_minutes": {"p1": 300}"#,
                "sla_minutes.p1: 300.0 is longer than p2's 240.0; a more urgent priority needs the shorter target"
            ),
            (
                #""business_hours": {"time_zone": "Mars/Olympus", "opens": "09:00", "closes": "17:00"}"#,
                "business_hours.time_zone: 'Mars/Olympus' is not a time zone name like Europe/Berlin or America/New_York"
            ),
            (
                #""business_hours": {"opens": "9am", "closes": "17:00"}"#,
                "business_hours.opens: '9am' is not a time HH:MM"
            ),
            (
                #""business_hours": {"opens": "09:00", "closes": "08:00"}"#,
                "business_hours.closes: 08:00 is not after opens"
            ),
            (#""business_hours": {"opens": "09:00"}"#, "business_hours.closes: is required"),
            (
                #""business_hours": {"days": ["monday"], "opens": "09:00", "closes": "17:00"}"#,
                "business_hours.days[0]: 'monday' is not one of sun, mon, tue, wed, thu, fri, sat"
            ),
            (
                #""dashboard_targets": {"csat_ai": {"target": 4.2, "alert": 4.5}}"#,
                "dashboard_targets.csat_ai: alert 4.5 must not be above target 4.2: higher is better"
            ),
            (
                #""dashboard_targets": {"auto_resolution_rate": {"target": 65, "alert": 50}}"#,
                "dashboard_targets.auto_resolution_rate: target 65.0 is outside the ratio scale"
            ),
            (
                #""dashboard_targets": {"happiness": {"target": 1, "alert": 0}}"#,
                "dashboard_targets.happiness: unknown indicator"
            ),
            (
                #""macros": [{"name": "Hi", "body": "Hello {{customer}}"}]"#,
                "macros[0].body: unknown placeholder {{customer}}; use {{customer_name}}"
            ),
            (#""macros": [{"name": "", "body": "Hello"}]"#, "macros[0].name: is required, 1 to 60 characters"),
            (#""macros": [{"name": "Hi"}]"#, "macros[0].body: is required, 1 to 5000 characters"),
            (
                #""macros": [{"name": "Hi", "body": "a"}, {"name": "hi", "body": "b"}]"#,
                "macros[1].name: 'hi' is declared twice"
            ),
            (
                #""macros": [{"name": "Hi", "body": "a", "to": "x"}]"#,
                "macros[0].to: unknown key; expected one of body, name"
            ),
            (#""assignment": {"mode": "random"}"#, "assignment.mode: 'random' is not one of off, round_robin"),
            (
                #""assignment": {"online_minutes": 0}"#,
                "assignment.online_minutes: must be an integer from 1 to 1440, got 0"
            ),
            (
                #""assignment": {"pools": {"billing": ["ann"]}}"#,
                "assignment.pools.billing: 'ann' is not an email address"
            ),
            (#""assignment": {"pools": {"billing": []}}"#, "assignment.pools.billing: needs at least one person"),
            (
                #""assignment": {"rotation": "x"}"#,
                "assignment.rotation: unknown key; expected one of mode, online_minutes, pools"
            ),
            (
                #""categories": [\#(category), \#(other)], "assignment": {"pools": {"billing": ["a@b.io"]}}"#,
                "assignment.pools.billing: not a declared category; categories declares shipping, returns"
            ),
            (#""reopen_days": 0"#, "reopen_days: must be an integer from 1 to 365, got 0"),
            (#""reopen_days": "7""#, "reopen_days: must be a number"),
        ]
        try await withTemporaryDirectory { dir in
            for (body, reason) in cases {
                let error = #expect(throws: ConfigurationError.self) { try Self.load("{\(body)}", in: dir) }
                let message = error?.description ?? ""
                #expect(message.hasPrefix("config file \(dir)/config.json: \(reason)"), "\(body)\n→ \(message)")
            }
        }
    }

    @Test func theServerRefusesABadSetupAtStartUpWithTheKey() async throws {
        try await withTemporaryDirectory { dir in
            try #"{"sla_minutes": {"p3": -5}}"#.write(toFile: dir + "/bad.json", atomically: true, encoding: .utf8)
            let result = try await CLIRun.run(["serve", "--config", "bad.json", "--data-dir", "data"], in: dir)
            #expect(result.status == 1)
            #expect(
                result.stderr.contains("sla_minutes.p3: must be more than 0 and at most a year of minutes"),
                "\(result.stderr)")
        }
    }

    @Test func declaredCategoriesTriageFromTheFirstTicketAndShowOnTheSetupPage() async throws {
        let team = try await withTemporaryDirectory { dir in try Self.load(Self.shop, in: dir).team }
        try await withTestClient(.live, configure: { $0.team = team }) { client, services in
            let labels = services.engines.triage.models.category.labels
            #expect(Set(labels).isSuperset(of: ["shipping", "returns", "payment"]), "\(labels)")
            #expect(services.engines.triage.triage("my parcel never arrived").category == "shipping")
            #expect(services.engines.triage.triage("I was charged twice for the order").category == "payment")

            let admin = try await client.signIn(services, email: "lead@example.com", role: .admin)
            let response = try await client.send(.get, "/console/setup", headers: admin.headers())
            #expect(response.status == .ok)
            let page = html(response)
            #expect(page.contains("id=\"nav-setup\""))
            #expect(
                page.contains(
                    "<tr id=\"category-shipping\"><td>shipping</td><td>Where a parcel is, late or lost deliveries</td>")
            )
            #expect(page.contains("<div>the courier lost my order</div>") && page.contains("<td>logistics</td>"))
            #expect(
                page.contains("config file: priority_matrix") && page.contains("<td>lost/any</td><td>shipping</td>"))
            #expect(page.contains("<td>p1</td><td>urgency 5, or routed to a person now</td><td>30 min</td>"))
            #expect(page.contains("<td>p3</td><td>everything else</td><td>1 d</td>"))
            #expect(page.contains("<td>mon, tue, wed, thu, fri</td><td>09:00</td><td>17:00</td><td>Europe/Berlin</td>"))
            #expect(page.contains("<td>auto_resolution_rate</td><td>50%</td><td>below 30%</td><td>config file</td>"))

            let agent = try await client.signIn(services, email: "ann@example.com", role: .agent)
            let refused = try await client.send(.get, "/console/setup", headers: agent.headers())
            #expect(refused.status == .forbidden)
            #expect(!html(refused).contains("logistics"))

            // Queues filter the review queue, in the console and the API.
            let lost = try await services.tickets.intake(
                IntakeRequest(body: "My parcel never arrived, this is terrible")
            )
            .detail
            let charged = try await services.tickets.intake(
                IntakeRequest(body: "I was charged twice and I am angry about it")
            ).detail
            #expect(lost.ticket.category == "shipping" && charged.ticket.category == "payment")
            let queuePage = html(
                try await client.send(.get, "/console/queue?queue=logistics", headers: admin.headers()))
            #expect(queuePage.contains("<option value=\"logistics\" selected>logistics</option>"))
            #expect(
                queuePage.contains("/console/tickets/\(lost.ticket.id)\""), "no help center: both wait for a person")
            #expect(!queuePage.contains("/console/tickets/\(charged.ticket.id)\""))
            let api = try json(try await client.send(.get, "/v1/agent/queue?queue=logistics", headers: admin.headers()))
            let entries = api["entries"] as? [[String: Any]] ?? []
            let categories = entries.compactMap { ($0["ticket"] as? [String: Any])?["category"] as? String }
            #expect(categories == ["shipping"], "\(api)")
            try expectProblem(
                try await client.send(.get, "/v1/agent/queue?queue=nowhere", headers: admin.headers()), .badRequest,
                "invalid-parameter")

            // The dashboard's JSON judges against the team's target.
            let summary = try json(try await client.send(.get, "/v1/metrics/summary", headers: admin.headers()))
            let indicators = summary["indicators"] as? [[String: Any]] ?? []
            let rate = indicators.first { $0["name"] as? String == "auto_resolution_rate" }
            #expect(rate?["target"] as? Double == 0.5 && rate?["alert_threshold"] as? Double == 0.3, "\(indicators)")
        }
    }

    @Test func withoutASetupThePageShowsTheDefaults() async throws {
        try await withTestClient(.live) { client, services in
            let admin = try await client.signIn(services, email: "lead@example.com", role: .admin)
            let page = html(try await client.send(.get, "/console/setup", headers: admin.headers()))
            #expect(page.contains("category model starter-categories"))
            #expect(page.contains("<tr id=\"category-billing\">"))
            #expect(page.contains("<td>urgency_5/any</td><td>any</td><td>≥ 5</td><td>any</td><td>human_now</td>"))
            #expect(page.contains("<td>p1</td><td>urgency 5, or routed to a person now</td><td>1 h</td>"))
            #expect(page.contains("every day: SLA clocks run around the clock"))
        }
    }
}
