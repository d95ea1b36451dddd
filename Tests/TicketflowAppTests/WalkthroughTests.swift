import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowAuth
import TicketflowCore
import TicketflowTesting
@testable import TicketflowHTTP

#if canImport(Glibc)
import Glibc
#endif

/// What a new user meets when following the README: one-line runtime errors,
/// `model train` into a fresh data directory, the demo help center from any
/// working directory, a clear message for a port in use, rating links only
/// for answered tickets and a page (not JSON) behind them. Over the real
/// executable and real HTTP.
@Suite struct WalkthroughTests {
    static let charge =
        "I was charged twice for my subscription this month, how do I get the duplicate charge refunded?"

    @Test func usersAreDeactivatedAndReactivatedFromTheCommandLine() async throws {
        try await withTemporaryDirectory { dir in
            for (email, admin) in [("lead@example.com", true), ("ann@example.com", false)] {
                let created = try await CLIRun.run(
                    ["user", "create", "--email", email, "--name", "N", "--password-stdin", "--data-dir", "data"]
                        + (admin ? ["--admin"] : []), in: dir, stdin: "correct horse battery\n")
                #expect(created.status == 0, "\(created.stderr)")
            }
            let off = try await CLIRun.run(
                ["user", "deactivate", "--email", "ann@example.com", "--data-dir", "data"], in: dir)
            #expect(off.status == 0 && off.stdout == "deactivated agent ann@example.com; their sessions are ended\n")
            let list = try await CLIRun.run(["user", "list", "--data-dir", "data"], in: dir)
            #expect(
                list.stdout.contains("agent\tdeactivated\tann@example.com") && list.stdout.contains("admin\tactive"))
            let last = try await CLIRun.run(
                ["user", "deactivate", "--email", "lead@example.com", "--data-dir", "data"], in: dir)
            #expect(last.status == 1 && last.stderr.contains("last active admin"))
            let back = try await CLIRun.run(
                ["user", "reactivate", "--email", "ann@example.com", "--data-dir", "data"], in: dir)
            #expect(back.status == 0 && back.stdout.contains("reactivated agent ann@example.com"))
        }
    }

    @Test func aRuntimeFailureIsOneLineWithoutUsage() async throws {
        try await withTemporaryDirectory { dir in
            let missing = try await CLIRun.run(["ticket", "show", "999", "--data-dir", "data"], in: dir)
            #expect(missing.status == 1)
            #expect(missing.stderr == "error: no ticket 999 (see ticketflow ticket list)\n")
            let refused = try await CLIRun.run(
                ["user", "delete", "--email", "nobody@example.com", "--data-dir", "data"], in: dir)
            #expect(refused.status == 1)
            #expect(refused.stderr == "error: no user with email nobody@example.com\n")
            let unreadable = try await CLIRun.run(
                [
                    "model", "train", "--data", "nope.csv", "--text-column", "t", "--label-column", "l", "--out",
                    "m.tfm",
                ],
                in: dir)
            #expect(unreadable.status == 1)
            #expect(unreadable.stderr.hasPrefix("error: "))
            #expect(unreadable.stderr.contains("nope.csv"))
            #expect(unreadable.stderr.split(separator: "\n").count == 1, "\(unreadable.stderr)")
            for result in [missing, refused, unreadable] {
                #expect(!result.stderr.contains("Usage"))
                #expect(!result.stderr.contains("Error:"))
            }
        }
    }

    @Test func aCommandLineMistakeKeepsTheCommandsUsage() async throws {
        try await withTemporaryDirectory { dir in
            let result = try await CLIRun.run(["ticket", "list", "--limit", "0", "--data-dir", "data"], in: dir)
            #expect(result.status == 64)
            #expect(
                result.stderr.hasPrefix("error: --limit must be 1–200\nUsage: ticketflow ticket list"),
                "\(result.stderr)")
            let unknown = try await CLIRun.run(["ticket", "list", "--colour", "red"], in: dir)
            #expect(unknown.status == 64)
            #expect(unknown.stderr.hasPrefix("error: Unknown option '--colour'"), "\(unknown.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/data"), "a usage mistake must not open the store")
        }
    }

    @Test func modelExplainNamesTheFeaturesBehindADecision() async throws {
        try await withTemporaryDirectory { dir in
            let result = try await CLIRun.run(["model", "explain", Self.charge, "--top", "3", "--json"], in: dir)
            #expect(result.status == 0, "\(result.stderr)")
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            let prediction = object?["prediction"] as? [String: Any]
            #expect(prediction?["label"] as? String == "billing", "\(result.stdout)")
            let supporting = object?["supporting"] as? [[String: Any]] ?? []
            #expect(supporting.count == 3)
            let text = try await CLIRun.run(["model", "explain", Self.charge, "--sentiment"], in: dir)
            #expect(text.status == 0, "\(text.stderr)")
            #expect(text.stdout.contains("lead "), "\(text.stdout)")
            let empty = try await CLIRun.run(["model", "explain", "  "], in: dir)
            #expect(empty.status == 64)
            #expect(empty.stderr.hasPrefix("error: the text is empty"), "\(empty.stderr)")
            let both = try await CLIRun.run(["model", "explain", "hi", "--sentiment", "--model", "m.tfm"], in: dir)
            #expect(both.status == 64)
            let missing = try await CLIRun.run(["model", "explain", "hi", "--model", "nope.tfm"], in: dir)
            #expect(missing.status == 1)
            #expect(missing.stderr.hasPrefix("error: ") && missing.stderr.contains("nope.tfm"), "\(missing.stderr)")
        }
    }

    @Test func modelTrainCreatesTheModelsFolderFromTheShippedSample() async throws {
        try await withTemporaryDirectory { dir in
            let sample = CLIRun.repositoryRoot.appendingPathComponent("demo/history.csv").path
            let out = "ticketflow-data/models/category.tfm"
            let result = try await CLIRun.run(
                [
                    "model", "train", "--data", sample, "--text-column", "text", "--label-column", "category", "--out",
                    out,
                ],
                in: dir)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("6 labels, 60 rows"), "\(result.stdout)")
            let size = try FileManager.default.attributesOfItem(atPath: dir + "/" + out)[.size] as? Int
            #expect((size ?? 0) > 1000)
            // The trained file is one the triage command (and so the server) can load.
            let triage = try await CLIRun.run(["triage", "I was charged twice", "--model", out, "--json"], in: dir)
            #expect(triage.status == 0, "\(triage.stderr)")
            #expect(triage.stdout.contains("billing"))
        }
    }

    @Test func ratingLinksOnlyForATicketWithAnAnswer() async throws {
        try await withTemporaryDirectory { dir in
            let data = ["--data-dir", "data"]
            let helpCenter = CLIRun.repositoryRoot.appendingPathComponent("demo/help-center").path
            #expect(try await CLIRun.run(["kb", "import", helpCenter] + data, in: dir).status == 0)
            let unanswered = try await CLIRun.run(["ticket", "create", "--body", "zzz qqq"] + data, in: dir)
            #expect(unanswered.stdout.hasPrefix("Ticket 1 "), "\(unanswered.stdout)")
            let refused = try await CLIRun.run(["ticket", "rating-links", "1"] + data, in: dir)
            #expect(refused.status == 1)
            #expect(refused.stdout.isEmpty)
            #expect(refused.stderr.hasPrefix("error: ticket 1 has no answer to rate yet ("), "\(refused.stderr)")

            let answered = try await CLIRun.run(
                ["ticket", "create", "--subject", "Charged twice", "--body", Self.charge, "--channel", "email"] + data,
                in: dir)
            #expect(answered.stdout.contains("[ai] "), "the demo help center answers it: \(answered.stdout)")
            let links = try await CLIRun.run(["ticket", "rating-links", "2"] + data, in: dir)
            #expect(links.status == 0, "\(links.stderr)")
            let lines = links.stdout.split(separator: "\n")
            #expect(lines.count == 5)
            #expect(lines.first?.hasPrefix("1: http://127.0.0.1:8080/v1/ratings/2/") == true, "\(links.stdout)")
        }
    }

    @Test func serveNamesAPortInUseBeforeSayingItListens() async throws {
        let (socket, port) = try Self.listeningSocket()
        defer { close(socket) }
        try await withTemporaryDirectory { dir in
            let result = try await CLIRun.run(
                ["serve", "--port", "\(port)", "--data-dir", "data"], in: dir, timeout: 60)
            #expect(result.status == 1)
            #expect(
                result.stderr == """
                    error: port \(port) on 127.0.0.1 is already in use (stop the other process or pass --port)

                    """)
            #expect(!result.stderr.contains("listening"))
        }
    }

    @Test func serveNamesAHostThatIsNoAddress() async throws {
        try await withTemporaryDirectory { dir in
            // A port written into --host: no name lookup leaves the machine for a string with a colon.
            let result = try await CLIRun.run(
                ["serve", "--host", "127.0.0.1:80", "--port", "0", "--data-dir", "data"], in: dir, timeout: 60)
            #expect(result.status == 1)
            #expect(
                result.stderr == """
                    error: host '127.0.0.1:80' is not an IP address or a host name this machine can resolve; \
                    use one such as 127.0.0.1 or 0.0.0.0 (check the flags, the TICKETFLOW_* variables and the config file)

                    """)
        }
    }

    @Test func serveDemoSeedsTheHelpCenterFromAnyWorkingDirectory() async throws {
        try await withTemporaryDirectory { dir in
            // `dir` has no demo/ folder: the help center must come from the binary.
            let server = try CLIRun.start(["serve", "--demo", "--port", "0", "--data-dir", "data"], in: dir)
            let deadline = Date().addingTimeInterval(60)
            while !server.stderrSoFar.contains("listening"), server.process.isRunning, Date() < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(server.stderrSoFar.contains("seeded demo content"), "\(server.stderrSoFar)")
            server.process.terminate()
            let stopped = try await server.result(timeout: 30)
            #expect(stopped.status == 0, "\(stopped.stderr)")

            let articles = try await CLIRun.run(["kb", "list", "--json", "--data-dir", "data"], in: dir)
            let decoded = try JSONSerialization.jsonObject(with: Data(articles.stdout.utf8))
            let list = try #require(decoded as? [[String: Any]], "\(articles.stdout)")
            #expect(list.count == DemoHelpCenter.files.count)
            #expect(list.contains { $0["id"] as? String == "billing-duplicate-charge" })
            let tickets = try await CLIRun.run(["ticket", "list", "--data-dir", "data"], in: dir)
            #expect(tickets.stdout.split(separator: "\n").count == 1 + 6, "\(tickets.stdout)")
        }
    }

    @Test func theEmbeddedHelpCenterMatchesTheDemoFolder() throws {
        let folder = CLIRun.repositoryRoot.appendingPathComponent("demo/help-center")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".md") }.sorted()
        #expect(DemoHelpCenter.files.map(\.name) == names, "run scripts/generate-demo-content.sh")
        for file in DemoHelpCenter.files {
            let text = try String(contentsOf: folder.appendingPathComponent(file.name), encoding: .utf8)
            #expect(file.markdown == text, "\(file.name) differs: run scripts/generate-demo-content.sh")
        }
    }

    @Test func aRatingLinkShowsBrowsersAPageAndClientsJSON() async throws {
        try await withTestClient { client, services in
            let id = try await RatingTests.answeredTicket(client, services)
            let signer = try #require(services.ratingLinks)
            let path = signer.path(ticketID: Int64(id), expires: Date().addingTimeInterval(86_400))
            let browser: HTTPFields = [.accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"]

            let page = try await client.execute(uri: path + "?score=5", method: .get, headers: browser)
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("default-src 'none'") == true)
            let html = String(buffer: page.body)
            #expect(html.contains("<h1>Thank you</h1><p>Thank you for rating our answer 5 out of 5.</p>"), "\(html)")
            #expect(!html.contains("<script"))
            #expect(!html.contains("ticket_id"), "no JSON on the page")

            let again = try await client.execute(
                uri: path + "?score=2", method: .get, headers: [.accept: "application/json"])
            #expect(again.status == .ok)
            #expect(again.headers[.contentType] == "application/json")
            let body = try json(again)
            #expect(body["ticket_id"] as? Int == id)
            #expect(body["score"] as? Int == 2)
            #expect(body["counted"] as? Bool == false)
            #expect(try await services.store.ratings(ticketID: Int64(id)).map(\.score) == [5])

            // A link with no Accept header (curl, a mail client's preview) gets the page too.
            let plain = try await client.get(path + "?score=4")
            #expect(String(buffer: plain.body).contains("already counted"))
        }
    }

    @Test func aBadOrEarlyRatingLinkShowsAPageWithTheRightStatus() async throws {
        try await withTestClient { client, services in
            let signer = try #require(services.ratingLinks)
            let browser: HTTPFields = [.accept: "text/html"]
            let forged = try await client.execute(
                uri: "/v1/ratings/1/9999999999/abc?score=5", method: .get, headers: browser)
            #expect(forged.status == .forbidden)
            #expect(forged.headers[.contentType] == "text/html; charset=utf-8")
            #expect(String(buffer: forged.body).contains("<h1>Invalid link</h1><p>This rating link is not valid.</p>"))

            // A link sent before anyone answered: the customer reads why, not a 409 in JSON.
            let unanswered = try json(try await client.post("/v1/tickets", #"{"body": "zzz qqq"}"#))
            let ticket = try #require((unanswered["ticket"] as? [String: Any])?["id"] as? Int)
            let early = signer.path(ticketID: Int64(ticket), expires: Date().addingTimeInterval(3600))
            let page = try await client.execute(uri: early + "?score=3", method: .get, headers: browser)
            #expect(page.status == .conflict)
            #expect(String(buffer: page.body).contains("This conversation has no answer to rate yet."))
            try expectProblem(
                try await client.execute(uri: early + "?score=3", method: .get, headers: [.accept: "application/json"]),
                .conflict, "nothing-to-rate")
        }
    }

    @Test func thePageEscapesEveryText() {
        #expect(
            RatingLinkPage.escape(#"<b>"Tom" & 'Jerry'</b>"#)
                == "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;")
        let html = RatingLinkPage.html(title: "<script>alert(1)</script>", message: "a < b")
        #expect(html.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"))
        #expect(html.contains("<p>a &lt; b</p>"))
        #expect(!html.contains("<script>"))
    }

    /// A loopback TCP socket listening on a kernel-chosen port, as another server would hold it.
    static func listeningSocket() throws -> (Int32, Int) {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(fd, socketAddress, length) == 0 && listen(fd, 8) == 0
                    && getsockname(fd, socketAddress, &length) == 0
            }
        }
        try #require(bound)
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }
}
