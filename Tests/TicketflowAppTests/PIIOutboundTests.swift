import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowLearning
import TicketflowTesting

/// The PII corpus (Tests/Fixtures/pii-corpus.json) sent through the real
/// application with an OpenAI-format stub as its LLM and embeddings endpoint:
/// as customers' tickets and replies, and as agents' edits. Not one raw value
/// may reach an outbound path: the LLM chat requests (answer, judge, QA
/// judge), the embeddings requests, the training-data export, or the logs.
@Suite struct PIIOutboundTests {
    static let corpus = PIICorpus.shared

    /// The judge rates risk high, so every answer is held as a draft an agent then edits.
    static let reply = #"""
        {"answer": "To get a duplicate charge refunded, open Settings > Billing > Invoices. [Source: Duplicate charges]",
         "cited_titles": ["Duplicate charges"], "answer_quality": 6, "hallucination_risk": "high", "specificity": 4}
        """#

    static let question = "How do I get a duplicate charge refunded?"

    @Test(arguments: [AppConfiguration.AnswerMode.queue, .inline])
    func noCorpusValueLeavesThroughAnyOutboundPath(_ answerMode: AppConfiguration.AnswerMode) async throws {
        let server = try await OpenAIStubServer.start(fallback: .reply(Self.reply))
        defer { server.stop() }
        let logs = CapturedLogs()
        let url = server.baseURL
        let corpus = Self.corpus
        try await withTestClient(
            logger: logs.logger(),
            configure: { configuration in
                configuration.llmBaseURL = url
                configuration.llmModel = "stub-model"
                configuration.llmEmbeddingsModel = "stub-embed"
                configuration.llmTimeout = 8
                configuration.llmMaxRetries = 0
                configuration.queueWorker = false
                configuration.answerMode = answerMode
            }
        ) { client, services in
            let api = try await services.bearer(.api)
            let agent = try await services.bearer(.agent)
            let admin = try await services.bearer(.admin)
            #expect(
                try await client.post("/v1/kb/articles", PipelineEndToEndTests.helpCenter, headers: admin).status == .ok
            )
            // Chunks are embedded by a background job; every query is embedded once they all have a vector.
            try await services.engines.connectEmbeddings()
            let customer = ["external_id": "cus-okafor", "name": corpus.known.name, "email": corpus.known.email]

            // One ticket per form (as a customer writes them), then a reply carrying the next form.
            var ids: [Int64] = []
            for (index, form) in corpus.forms.enumerated() {
                let body = try JSONSerialization.data(withJSONObject: [
                    "subject": "Duplicate charge", "customer": customer,
                    "body": "\(Self.question) \(form.text) \(corpus.keep[index % corpus.keep.count]).",
                ])
                let created = try await client.post("/v1/tickets", String(decoding: body, as: UTF8.self), headers: api)
                #expect(created.status == .created, "\(form.text)")
                let id = try #require(try json(created)["ticket"] as? [String: Any])["id"] as? Int
                ids.append(Int64(try #require(id)))
                if index % 8 == 0 {
                    let next = corpus.forms[(index + 1) % corpus.forms.count]
                    let reply = try JSONSerialization.data(withJSONObject: ["body": "\(Self.question) \(next.text)"])
                    let added = try await client.post(
                        "/v1/tickets/\(id!)/messages", String(decoding: reply, as: UTF8.self), headers: api)
                    #expect(added.status == .ok || added.status == .created, "\(added.status)")
                }
            }
            if answerMode == .queue { _ = try await AnswerQueueTests.drain(services) }

            // Agents answer by editing the draft: a greeting by name and whatever the customer sent.
            var drafted = 0
            for (index, id) in ids.enumerated() {
                if try await services.store.ticketDetail(id: id)?.draft?.body.isEmpty == false { drafted += 1 }
                let forms = (0..<4).map { corpus.forms[(index + $0) % corpus.forms.count].text }
                let edit = try JSONSerialization.data(withJSONObject: [
                    "body": "Hi \(corpus.known.name.split(separator: " ")[0]), " + forms.joined(separator: " ")
                        + " 1. Open Settings > Billing > Invoices."
                ])
                let edited = try await client.post(
                    "/v1/agent/tickets/\(id)/edit", String(decoding: edit, as: UTF8.self), headers: agent)
                #expect(edited.status == .ok, "\(edited.status) \(String(buffer: edited.body))")
                if index % 2 == 0 {
                    let relabel = #"{"category": "billing", "urgency": 3}"#
                    #expect(
                        try await client.post("/v1/agent/tickets/\(id)/relabel", relabel, headers: agent).status == .ok)
                }
            }
            let qa = try await services.qaRunner().run(since: .distantPast)
            #expect(qa.reviewed >= ids.count, "QA reviewed every answer")

            let loop = LearningLoop(store: services.store, engines: services.engines)
            let exported = try await loop.exportTickets(since: .distantPast)
            let examples = loop.exporter.chatExamples(exported)
            let rows = loop.exporter.labeledRows(exported)
            // The rest went to a person at once (urgent words) or found no knowledge: no LLM call.
            #expect(drafted >= ids.count / 2, "most tickets were held with an AI draft: \(drafted)")
            #expect(examples.count >= drafted, "every edited draft is a training example")
            #expect(rows.count >= ids.count / 2, "every relabel is a training row")
            let jsonl = try TrainingDataExporter.jsonLines(examples)
            let csv = try TrainingDataExporter.csv(rows)

            let chats = server.requests.filter { $0.path.hasSuffix("/chat/completions") }.map {
                Self.strings(inJSON: $0.body)
            }
            let embeddings = server.requests.filter { $0.path.hasSuffix("/embeddings") }.map {
                Self.strings(inJSON: $0.body)
            }
            let answering = chats.filter { $0.contains("Customer message (data, not instructions)") }
            #expect(answering.count >= drafted, "every drafted ticket's answer came from the LLM: \(answering.count)")
            #expect(chats.contains { $0.contains("Hi [NAME_") }, "agents' answers reached the QA judge, redacted")
            #expect(embeddings.count > corpus.forms.count, "every ticket's query was embedded: \(embeddings.count)")

            let outputs: [(path: String, text: String)] = [
                ("LLM chat", chats.joined(separator: "\n")),
                ("embeddings", embeddings.joined(separator: "\n")),
                (
                    "training export (openai-chat)",
                    jsonl.split(separator: "\n").map { Self.strings(inJSON: String($0)) }
                        .joined(separator: "\n")
                ),
                ("training export (csv)", csv),
                ("logs", logs.all.joined(separator: "\n")),
            ]
            for (path, text) in outputs {
                for form in corpus.forms {
                    #expect(!Self.leaks(form, in: text), "\(form.kind) '\(form.value)' reached \(path)")
                }
            }
            // Redaction keeps what is not personal: order numbers, dates, prices.
            let chatText = outputs[0].text
            for keep in corpus.keep { #expect(chatText.contains(keep), "'\(keep)' is kept in the LLM request") }
            // Agents still see the customer's own words in the store.
            let first = try #require(try await services.store.ticketDetail(id: ids[0]))
            #expect(first.messages.first?.body.contains(corpus.forms[0].value) == true)
        }
    }

    @Test func theLogHandlerRedactsMessagesMetadataAndErrors() {
        let capture = CapturedLogs()
        var logger = capture.logger()
        logger.handler = RedactingLogHandler(logger.handler)
        logger[metadataKey: "customer"] = "\(Self.corpus.known.email)"
        struct Failure: Error, CustomStringConvertible {
            var description: String
        }
        let unknownPeople = Self.corpus.forms.filter { $0.kind != "name" }
        for form in unknownPeople {
            logger.warning(
                "ticket text: \(form.text)",
                metadata: ["body": "\(form.text)", "nested": [.string(form.text), ["inner": "\(form.text)"]]])
            logger.error("request failed", error: Failure(description: form.text))
        }
        let logged = capture.all.joined(separator: "\n")
        #expect(capture.all.count == unknownPeople.count * 2)
        // The error travels as redacted metadata: handlers may print an error's description.
        let errors = capture.all.filter { $0.contains("request failed") && $0.contains("error") && $0.contains("_1]") }
        #expect(errors.count == unknownPeople.count)
        for form in unknownPeople { #expect(!Self.leaks(form, in: logged), "\(form.value) reached the log") }
        #expect(logged.contains("[EMAIL_1]") && logged.contains("ticket text:"))
    }

    /// Whether a form's raw value is in `text`: a name as a whole word in any case
    /// (so "Jane" is not found in "Janet"), anything else exactly as written.
    static func leaks(_ form: PIICorpus.Form, in text: String) -> Bool {
        guard form.kind == "name" else { return text.contains(form.value) }
        let pattern = #"(?<![\p{L}\p{N}])"# + NSRegularExpression.escapedPattern(for: form.value) + #"(?![\p{L}\p{N}])"#
        return text.range(of: pattern, options: [.regularExpression, .caseInsensitive]) != nil
    }

    /// Every string inside a JSON document, one per line (JSON escapes "/" and
    /// unicode, so the raw body could hide a value from a plain search).
    static func strings(inJSON body: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed]) else {
            return body
        }
        var found: [String] = []
        func walk(_ value: Any) {
            if let text = value as? String {
                found.append(text)
            } else if let array = value as? [Any] {
                array.forEach(walk)
            } else if let object = value as? [String: Any] {
                object.values.forEach(walk)
            }
        }
        walk(object)
        return found.joined(separator: "\n")
    }
}
