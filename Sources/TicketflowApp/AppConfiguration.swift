import Foundation
import Logging
import TicketflowAuth
import TicketflowCore
import TicketflowEscalation
import TicketflowEmail
import TicketflowHTTP
import TicketflowLLM
import TicketflowMIME
import TicketflowSQLite

/// Everything a Ticketflow process needs to know, resolved once at start-up
/// from defaults, an optional JSON config file, `TICKETFLOW_*` environment
/// variables and command-line flags (later ones win).
public struct AppConfiguration: Sendable, Equatable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var dataDirectory = "./ticketflow-data"
    /// `postgres://user:pass@host:port/db` to share one PostgreSQL between
    /// nodes; nil keeps the embedded SQLite file in the data directory.
    public var databaseURL: String?
    public var maximumBodyBytes = 1 << 20
    /// `full` fsyncs every commit (power-loss safe); `normal` survives process crashes only.
    public var durability = Durability.full
    /// Seeds demo tickets (and demo knowledge) into an empty store.
    public var demo = false
    /// Least severe log level written.
    public var logLevel = Logger.Level.info
    /// OpenAI-compatible endpoint for the LLM engines (e.g. http://127.0.0.1:11434/v1);
    /// nil runs the built-in engines only.
    public var llmBaseURL: String?
    public var llmModel = "gpt-4o-mini"
    /// Embeddings model on the same endpoint; nil keeps retrieval lexical.
    public var llmEmbeddingsModel: String?
    public var llmAPIKey: String?
    /// Seconds per LLM attempt before falling back.
    public var llmTimeout = 20.0
    /// The longest `llm_timeout`: an hour, the client's own bound on one request; a larger value (or `inf`)
    /// would only overflow the sleep that enforces it.
    public static let longestLLMTimeout = 3600.0
    /// Retries per LLM call after a timeout, 429 or 5xx (backoff with jitter).
    public var llmMaxRetries = 2
    /// Which engine reads the category (`triage_engine`): the built-in model, the LLM, or the LLM only
    /// where the built-in says `unknown` (`LLMTriageStage` has the rules). Anything but `builtin` needs
    /// `llm_base_url`.
    public var triageEngine = TriageEngineChoice.builtin
    /// Which engine reads sentiment, urgency and escalation risk (`sentiment_engine`), as `triageEngine`.
    public var sentimentEngine = TriageEngineChoice.builtin
    /// `inline` answers inside the intake request; `queue` answers from the
    /// durable work queue (any node may run the job); `auto` queues when an
    /// LLM endpoint is configured, since its calls take seconds.
    public var answerMode = AnswerMode.auto
    /// Approved answers kept by question and checked before generating one (`AnswerCache`);
    /// 0 turns the cache off.
    public var answerCacheSize = 10_000
    /// The knowledge base's language (`kb_language`, ISO 639-1): tickets clearly written in another one are
    /// tagged `lang:<code>` and reviewed by a person. Nil (`off`) leaves language alone.
    public var knowledgeBaseLanguage: String? = "en"
    /// With an LLM, whether an answer translated into the customer's language may be sent without a person.
    public var translatedAnswers = TranslatedAnswers.review
    /// Whether this node runs work-queue jobs; `false` makes an intake-only
    /// node (other nodes, or a later start, run the queue).
    public var queueWorker = true
    /// Key for the signed rating links in emails. Nodes sharing a database
    /// need the same one; unset, a random key is kept in `<data_dir>/rating-link.secret`.
    public var ratingLinkSecret: String?
    /// bcrypt cost for console passwords (10 or more; 12 by default).
    public var passwordHashCost = 12
    /// Lets tests hash passwords below cost 10. Code-only: no file, variable or flag sets it.
    public var allowWeakPasswordHashing = false
    /// Adds `Secure` to the console session cookie (serve the console over HTTPS when set).
    public var secureCookies = false
    /// A shared intake credential: `Authorization: Bearer <token>` may open tickets
    /// and add customer messages on `intakeTokenChannel`, nothing else. Setting it
    /// turns anonymous intake off (unless `openIntake` says otherwise).
    public var intakeToken: String?
    /// The channel the intake token opens and continues tickets on.
    public var intakeTokenChannel: Channel = .api
    /// Whether callers without any credential may open tickets and add customer
    /// messages. Nil (the default) allows it only on a loopback bind without an
    /// intake token; off loopback the server refuses to start unless this is
    /// set (`--allow-open-intake` sets true) or an intake token is configured.
    public var openIntake: Bool?
    /// When set, `/metrics` needs `Authorization: Bearer <token>` (or an agent's credential).
    public var metricsToken: String?
    /// Console password checks (bcrypt) that run at once; nil is half the cores, at least 1.
    public var signInMaxConcurrentChecks: Int?
    /// Password checks that may wait for a slot; more are answered 503 with Retry-After.
    public var signInMaxWaitingChecks = 8
    /// Take the sign-in throttle's client address from `X-Forwarded-For` (only behind a proxy that sets it).
    public var trustForwardedFor = false
    /// UTC hour (0–23) of the nightly QA review of the last day's answers; nil (`off`) disables it.
    public var qaHour: Int? = 2
    /// UTC hour (0–23) of the nightly retraining of the category model on agents' relabels; nil (`off`) disables it.
    public var retrainHour: Int? = 3
    /// UTC hour of the daily purge of done jobs older than a week (`JobRetention`); nil turns it off.
    public var jobPurgeHour: Int? = 4
    /// Where email replies are submitted (`smtp://user:password@host:587`,
    /// `smtps://…`, `smtp+plain://…`); with `emailFrom`, turns email delivery on.
    public var smtpURL: String?
    /// The From address of email replies, e.g. `Acme Support <support@acme.example>`.
    public var emailFrom: String?
    /// A PEM file of certificate authorities to trust for the SMTP server instead of the system's.
    public var smtpCAFile: String?
    /// Sent to the customer (on a channel that can deliver) when a new ticket is handed to a
    /// person, e.g. "Thanks, a member of our team will reply soon."; nil sends nothing.
    public var escalationAcknowledgement: String?
    /// Where the knowledge-base articles are published, with `{id}` for the article id
    /// (e.g. `https://help.acme.example/articles/{id}`): email replies link their sources there.
    public var articleURLTemplate: String?
    /// A sentence-encoder model directory (`encoder_dir`, e.g. from `scripts/fetch-encoder.sh DIR`): dense and
    /// hybrid retrieval with no endpoint. Nil keeps retrieval lexical (or on `llm_embeddings_model`).
    public var encoderDirectory: String?
    /// The mailbox customer mail is read from (`imaps://user:password@host:993/INBOX`, `imap://…` with
    /// STARTTLS, `imap+plain://…` on loopback only); with `emailFrom` (its own address), turns email intake on.
    public var imapURL: String?
    /// A PEM file of certificate authorities to trust for the IMAP server instead of the system's.
    public var imapCAFile: String?
    /// Seconds between two polls of the mailbox.
    public var emailPollSeconds = 30
    /// Whether the first poll of the mailbox also reads the mail already in it; off, it starts with
    /// the mail that arrives after it (the saved position then moves on from there).
    public var emailImportExisting = false
    /// What each inbound mail keeps: attachment bytes up to `email_attachment_max_bytes` each, the raw mail
    /// up to `email_original_max_bytes`.
    public var mailArchive = MailArchiveLimits()
    /// Categories, matrix, SLA, business hours and dashboard targets (config file only).
    public var team = TeamSetup()
    /// The chat widget's sites and limits (config file `chat_sites`, `chat_limits`).
    public var chat = ChatSetup()

    public init() {}

    /// The SMTP settings, when email delivery is configured.
    public func outboundEmail() throws -> OutboundEmailSettings? {
        switch (smtpURL, emailFrom) {
        case (nil, nil): return nil
        case (let url?, let from?):
            var settings = try OutboundEmailSettings(smtpURL: url, from: from, caFile: smtpCAFile)
            settings.articleURLTemplate = articleURLTemplate
            return settings
        case (nil, _?): throw ConfigurationError("email_from is set but smtp_url is not: set both to send email")
        case (_?, nil): throw ConfigurationError("smtp_url is set but email_from is not: set both to send email")
        }
    }

    /// The IMAP settings, when email intake is configured.
    public func inboundEmail() throws -> InboundEmailSettings? {
        guard let imapURL else { return nil }
        guard let emailFrom else {
            throw ConfigurationError("imap_url is set but email_from is not: set it to the mailbox's own address")
        }
        let address = MIMEAddress.parseList(emailFrom).first?.address ?? emailFrom
        var settings = try InboundEmailSettings(
            imapURL: imapURL, mailbox: address, caFile: imapCAFile, pollSeconds: emailPollSeconds)
        settings.importExisting = emailImportExisting
        settings.archive = mailArchive
        return settings
    }

    /// True when answering runs from the work queue.
    public var answersFromQueue: Bool {
        answerMode == .queue || (answerMode == .auto && llmBaseURL != nil)
    }

    /// Path of the SQLite database file.
    public var databasePath: String { dataDirectory + "/ticketflow.sqlite" }

    var http: HTTPConfiguration {
        var http = HTTPConfiguration(
            host: host, port: port, maximumBodyBytes: maximumBodyBytes,
            auth: AuthConfiguration(
                secureCookies: secureCookies, intakeToken: intakeToken, intakeTokenChannel: intakeTokenChannel,
                anonymousIntake: anonymousIntake, metricsToken: metricsToken),
            dashboardTargets: team.targets, queues: team.queues)
        http.macros = team.macros
        http.onlineMinutes = team.assignment.onlineMinutes
        return http
    }

    /// Sign-in protection as configured (lock-out policies keep their defaults).
    var signIn: SignInSettings {
        var settings = SignInSettings(
            maximumWaitingChecks: signInMaxWaitingChecks, trustForwardedFor: trustForwardedFor)
        if let signInMaxConcurrentChecks { settings.maximumConcurrentChecks = signInMaxConcurrentChecks }
        return settings
    }

    /// Whether callers without credentials may open tickets (see `openIntake`).
    public var anonymousIntake: Bool {
        openIntake ?? (intakeToken == nil && Self.isLoopback(host))
    }

    /// True for addresses only this machine can reach.
    public static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased()
        return host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// Refuses a server configuration whose host is no address, or that would expose
    /// intake to anyone who can reach a non-loopback address without the operator saying so.
    public func validateForServing() throws {
        try validate()
        try checkHostResolves()
        if !Self.isLoopback(host), intakeToken == nil, openIntake == nil {
            throw ConfigurationError(
                "refusing to listen on \(host) with open intake: anyone who can reach it could open tickets. "
                    + "Set intake_token (TICKETFLOW_INTAKE_TOKEN), or create intake tokens "
                    + "(ticketflow token create --role api) and set open_intake=false, "
                    + "or pass --allow-open-intake to accept tickets from anyone")
        }
    }

    var storeDurability: SQLiteStore.Durability { durability.store }

    /// Rejects values that would only fail later and less clearly.
    public func validate() throws {
        guard (0...65535).contains(port) else {
            throw ConfigurationError("port must be 0–65535 (0 picks a free port), got \(port)")
        }
        guard maximumBodyBytes >= 1024 else {
            throw ConfigurationError("max_body_bytes must be at least 1024, got \(maximumBodyBytes)")
        }
        guard (0...1_000_000).contains(answerCacheSize) else {
            throw ConfigurationError("answer_cache_size must be 0 (off) to 1000000, got \(answerCacheSize)")
        }
        guard !dataDirectory.isEmpty else { throw ConfigurationError("data_dir must not be empty") }
        _ = try outboundEmail()
        _ = try inboundEmail()
        if let llmBaseURL, !llmBaseURL.isAbsoluteWebURL {
            throw ConfigurationError(
                "llm_base_url must be an http:// or https:// URL with a host, got \(ConfigurationError.quoted(llmBaseURL))"
            )
        }
        // Checked here, not only where email is built: the chat widget links sources with it too.
        // "{" is not a URL character: the placeholder is read as a plain path segment.
        if let template = articleURLTemplate,
            !template.replacingOccurrences(of: "{id}", with: "id").isAbsoluteWebURL || !template.contains("{id}")
        {
            throw ConfigurationError(
                "article_url_template must be an http(s) URL containing {id}, e.g. https://help.acme.example/articles/{id}"
            )
        }
        // The key that signs rating links and chat visitor tokens: a short one can be guessed.
        if let ratingLinkSecret, ratingLinkSecret.utf8.count < 16 {
            throw ConfigurationError("rating_link_secret must be at least 16 characters")
        }
        guard (allowWeakPasswordHashing ? 4 : 10)...16 ~= passwordHashCost else {
            throw ConfigurationError("password_hash_cost must be 10 to 16, got \(passwordHashCost)")
        }
        if let intakeToken, intakeToken.count < 16 {
            throw ConfigurationError("intake_token must be at least 16 characters")
        }
        if let signInMaxConcurrentChecks, !(1...64).contains(signInMaxConcurrentChecks) {
            throw ConfigurationError("signin_max_concurrent_checks must be 1–64, got \(signInMaxConcurrentChecks)")
        }
        guard (0...10_000).contains(signInMaxWaitingChecks) else {
            throw ConfigurationError("signin_max_waiting_checks must be 0–10000, got \(signInMaxWaitingChecks)")
        }
        if let metricsToken, metricsToken.count < 16 {
            throw ConfigurationError("metrics_token must be at least 16 characters")
        }
        if llmBaseURL == nil {
            for (setting, choice) in [("triage_engine", triageEngine), ("sentiment_engine", sentimentEngine)]
            where choice != .builtin {
                throw ConfigurationError(
                    "\(setting): \(ConfigurationError.quoted(choice.rawValue)) needs an LLM endpoint; set llm_base_url")
            }
        }
        guard llmTimeout > 0, llmTimeout <= Self.longestLLMTimeout else {
            throw ConfigurationError(
                "llm_timeout must be more than 0 and at most \(Int(Self.longestLLMTimeout)) seconds, got \(llmTimeout)")
        }
        guard (0...10).contains(llmMaxRetries) else {
            throw ConfigurationError("llm_max_retries must be 0–10, got \(llmMaxRetries)")
        }
        if let qaHour, !(0...23).contains(qaHour) {
            throw ConfigurationError("qa_hour must be 0–23 (UTC) or off, got \(qaHour)")
        }
        if let retrainHour, !(0...23).contains(retrainHour) {
            throw ConfigurationError("retrain_hour must be 0–23 (UTC) or off, got \(retrainHour)")
        }
        if let databaseURL, !(databaseURL.hasPrefix("postgres://") || databaseURL.hasPrefix("postgresql://")) {
            throw ConfigurationError("database_url must start with postgres:// (SQLite needs no URL)")
        }
    }
}

/// A configuration value that cannot be used, with what was wrong.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }

    /// A value as an error shows it: quoted, cut short, since a config value can be 70,000
    /// characters and the error is one line, with control characters escaped, since a stray
    /// line break in an environment variable would otherwise split the line, and without the
    /// password of a URL given to the wrong setting (errors reach logs).
    public static func quoted(_ value: String) -> String {
        let value = value.contains("://") ? value.redactingURLPassword : value
        let shown = value.count <= 60 ? value : String(value.prefix(60))
        let quoted = "'\(shown.escapingControlCharacters())'"
        return value.count <= 60 ? quoted : "\(quoted.dropLast())…' (\(value.count) characters)"
    }
}
