import Foundation
import Logging
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowLLM
import TicketflowTesting

@Suite struct ConfigurationTests {
    @Test func layersDefaultsFileAndEnvironment() async throws {
        try await withTemporaryDirectory { dir in
            let file = dir + "/config.json"
            try #"{"port": 9000, "data_dir": "/srv/tf", "durability": "normal"}"#.write(
                toFile: file, atomically: true, encoding: .utf8)
            let configuration = try AppConfiguration.load(
                environment: ["TICKETFLOW_PORT": "9100", "TICKETFLOW_DEMO": "true"], configFile: file)
            #expect(configuration.port == 9100)
            #expect(configuration.dataDirectory == "/srv/tf")
            #expect(configuration.durability == .normal)
            #expect(configuration.demo)
            #expect(configuration.host == "127.0.0.1")
        }
    }

    @Test func theEncoderDirectoryComesFromTheEnvironment() throws {
        #expect(try AppConfiguration.load(environment: [:]).encoderDirectory == nil, "lexical by default")
        let set = try AppConfiguration.load(environment: ["TICKETFLOW_ENCODER_DIR": "/models/minilm"])
        #expect(set.encoderDirectory == "/models/minilm")
        #expect(try AppConfiguration.load(environment: ["TICKETFLOW_ENCODER_DIR": ""]).encoderDirectory == nil)
    }

    @Test func theLLMTriageEnginesNeedAnEndpointAndAKnownName() throws {
        let set = try AppConfiguration.load(environment: [
            "TICKETFLOW_LLM_BASE_URL": "http://127.0.0.1:8080/v1", "TICKETFLOW_TRIAGE_ENGINE": "ensemble",
            "TICKETFLOW_SENTIMENT_ENGINE": "llm",
        ])
        try set.validate()
        #expect(set.triageEngine == .ensemble && set.sentimentEngine == .llm)
        #expect(try AppConfiguration.load(environment: [:]).triageEngine == .builtin, "built-in by default")
        let error = #expect(throws: ConfigurationError.self) {
            try AppConfiguration.load(environment: ["TICKETFLOW_TRIAGE_ENGINE": "gpt"])
        }
        #expect(error?.description.contains("triage_engine") == true)
        let alone = try AppConfiguration.load(environment: ["TICKETFLOW_SENTIMENT_ENGINE": "llm"])
        let missing = #expect(throws: ConfigurationError.self) { try alone.validate() }
        #expect(missing?.description == "sentiment_engine: 'llm' needs an LLM endpoint; set llm_base_url")
    }

    @Test func badValuesAreClearErrors() throws {
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration.load(environment: ["TICKETFLOW_PORT": "eighty"])
        }
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration.load(environment: ["TICKETFLOW_DEMO": "maybe"])
        }
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration.load(environment: [:], configFile: "/nonexistent.json")
        }
        let durability = #expect(throws: ConfigurationError.self) {
            try AppConfiguration.load(environment: ["TICKETFLOW_DURABILITY": "sometimes"])
        }
        #expect(
            durability?.description == "TICKETFLOW_DURABILITY: durability must be one of full, normal, got 'sometimes'")
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration.load(environment: ["TICKETFLOW_ANSWER_MODE": "later"])
        }
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration.load(environment: ["TICKETFLOW_LOG_LEVEL": "loud"])
        }
        #expect(try AppConfiguration.load(environment: ["TICKETFLOW_LOG_LEVEL": "debug"]).logLevel == .debug)
        var configuration = AppConfiguration()
        configuration.port = 70000
        #expect(throws: ConfigurationError.self) { try configuration.validate() }
    }

    /// Found by scripts/cli_fuzz.py: an array for a plain setting read as Swift syntax ("got '[:]'")
    /// or, for a text setting, was taken as its value; a long value filled the screen; the checks
    /// after loading named "QA hour" instead of the key; some bad values passed the checks.
    @Test func configFileErrorsNameTheKeyAndShowTheValueShort() async throws {
        try await withTemporaryDirectory { dir in
            let file = dir + "/config.json"
            func refusal(_ json: String) -> String? {
                try? json.write(toFile: file, atomically: true, encoding: .utf8)
                let error = #expect(throws: ConfigurationError.self) {
                    try AppConfiguration.load(environment: [:], configFile: file).validate()
                }
                return error?.description
            }
            #expect(
                refusal(#"{"llm_model": ["gpt"]}"#)
                    == "config file \(file): llm_model must be a string, a number or true/false, got an array")
            #expect(
                refusal(#"{"llm_timeout": {}}"#)
                    == "config file \(file): llm_timeout must be a string, a number or true/false, got an object")
            // Infinity or 1e20 s would overflow the sleep that enforces the timeout, a trap, not an error.
            for timeout in [#""inf""#, "1e20", "3601", "0"] {
                #expect(
                    refusal(#"{"llm_timeout": \#(timeout)}"#)
                        == "llm_timeout must be more than 0 and at most 3600 seconds, got \(Double(timeout.replacingOccurrences(of: "\"", with: ""))!)"
                )
            }
            #expect(
                refusal(#"{"port": null}"#)
                    == "config file \(file): port must be a string, a number or true/false, got null")
            let long = String(repeating: "9x", count: 5000)
            #expect(
                refusal(#"{"port": "\#(long)"}"#)
                    == "config file \(file): port must be an integer, got '\(long.prefix(60))…' (10000 characters)")
            #expect(refusal(#"{"qa_hour": -1}"#) == "qa_hour must be 0–23 (UTC) or off, got -1")
            #expect(refusal(#"{"max_body_bytes": 10}"#) == "max_body_bytes must be at least 1024, got 10")
            // Values that passed before and failed (or misled) only later: the chat used the
            // template without email, `http://` has no host, a one-letter key signed links.
            #expect(
                refusal(#"{"article_url_template": "../articles"}"#)?.hasPrefix("article_url_template must be") == true)
            #expect(
                refusal(#"{"llm_base_url": "http://"}"#)
                    == "llm_base_url must be an http:// or https:// URL with a host, got 'http://'")
            #expect(refusal(#"{"rating_link_secret": "x"}"#) == "rating_link_secret must be at least 16 characters")
            try
                #"{"article_url_template": "https://help.acme.example/a/{id}", "llm_base_url": "http://127.0.0.1:8080/v1", "rating_link_secret": "0123456789abcdef"}"#
                .write(toFile: file, atomically: true, encoding: .utf8)
            try AppConfiguration.load(environment: [:], configFile: file).validate()
            // JSON's true bridged to 1: "port": true listened on port 1, "qa_hour": true ran QA at 01:00.
            #expect(refusal(#"{"port": true}"#) == "config file \(file): port must be an integer, got 'true'")
            // A URL put in the wrong setting keeps its password out of the error.
            #expect(
                refusal(#"{"qa_hour": "postgres://app:secret-pw@db/x"}"#)
                    == "config file \(file): qa_hour must be an hour 0–23 or off, got 'postgres://app:***@db/x'")
            #expect(
                refusal(#"{"qa_hour": false}"#)
                    == "config file \(file): qa_hour must be an hour 0–23 or off, got 'false'")
            try #"{"demo": true, "secure_cookies": false}"#.write(
                toFile: file, atomically: true, encoding: .utf8)
            let booleans = try AppConfiguration.load(environment: [:], configFile: file)
            #expect(booleans.demo && !booleans.secureCookies)
        }
    }

    @Test func consoleSettingsLoadAndPasswordHashingStaysStrong() throws {
        let configuration = try AppConfiguration.load(environment: [
            "TICKETFLOW_PASSWORD_HASH_COST": "11", "TICKETFLOW_SECURE_COOKIES": "yes",
            "TICKETFLOW_INTAKE_TOKEN": "a-long-intake-token-123",
        ])
        #expect(configuration.passwordHashCost == 11 && configuration.secureCookies)
        #expect(configuration.intakeToken == "a-long-intake-token-123")
        try configuration.validate()
        #expect(AppConfiguration().passwordHashCost == 12 && AppConfiguration().intakeToken == nil)
        var weak = AppConfiguration()
        weak.passwordHashCost = 4
        #expect(throws: ConfigurationError.self) { try weak.validate() }
        weak.allowWeakPasswordHashing = true  // tests only; no setting reaches this
        try weak.validate()
        var short = AppConfiguration()
        short.intakeToken = "short"
        #expect(throws: ConfigurationError.self) { try short.validate() }
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration.load(environment: ["TICKETFLOW_SECURE_COOKIES": "sometimes"])
        }
    }

    @Test func intakeAndMetricsSettingsLoadAndAreChecked() throws {
        let configuration = try AppConfiguration.load(environment: [
            "TICKETFLOW_OPEN_INTAKE": "false", "TICKETFLOW_INTAKE_TOKEN_CHANNEL": "email",
            "TICKETFLOW_METRICS_TOKEN": "a-long-metrics-token-123", "TICKETFLOW_HOST": "0.0.0.0",
        ])
        #expect(configuration.openIntake == false && configuration.intakeTokenChannel == .email)
        #expect(configuration.metricsToken == "a-long-metrics-token-123")
        try configuration.validateForServing()
        #expect(try AppConfiguration.load(environment: ["TICKETFLOW_OPEN_INTAKE": "auto"]).openIntake == nil)
        let channel = #expect(throws: ConfigurationError.self) {
            try AppConfiguration.load(environment: ["TICKETFLOW_INTAKE_TOKEN_CHANNEL": "fax"])
        }
        #expect(channel?.description.contains("TICKETFLOW_INTAKE_TOKEN_CHANNEL") == true)
        let signIn = try AppConfiguration.load(environment: [
            "TICKETFLOW_SIGNIN_MAX_CONCURRENT_CHECKS": "2", "TICKETFLOW_SIGNIN_MAX_WAITING_CHECKS": "4",
            "TICKETFLOW_TRUST_FORWARDED_FOR": "true",
        ])
        #expect(signIn.signInMaxConcurrentChecks == 2 && signIn.signInMaxWaitingChecks == 4 && signIn.trustForwardedFor)
        var zero = AppConfiguration()
        zero.signInMaxConcurrentChecks = 0
        #expect(throws: ConfigurationError.self) { try zero.validate() }
        var short = AppConfiguration()
        short.metricsToken = "short"
        #expect(throws: ConfigurationError.self) { try short.validate() }
    }

    @Test func demoContentSeedsOnceThroughThePipeline() async throws {
        try await withTemporaryDirectory { dir in
            let services = try await TestApp.services(dataDirectory: dir) { $0.demo = true }
            let seeded = try await services.store.ticketCount()
            #expect(seeded >= 5)
            let again = try await TestApp.services(dataDirectory: dir) { $0.demo = true }
            #expect(try await again.store.ticketCount() == seeded)
            let first = try #require(try await services.store.ticketDetail(id: 1))
            #expect(!first.trace.isEmpty)
        }
    }
}
