import Foundation
import Logging
import TicketflowCore
import TicketflowLLM
import TicketflowText

extension AppConfiguration {
    /// Environment variables read, with the setting each one sets.
    public static let environmentKeys: [(variable: String, setting: String)] = [
        ("TICKETFLOW_HOST", "host"), ("TICKETFLOW_PORT", "port"),
        ("TICKETFLOW_DATA_DIR", "data_dir"), ("TICKETFLOW_DATABASE_URL", "database_url"),
        ("TICKETFLOW_MAX_BODY_BYTES", "max_body_bytes"), ("TICKETFLOW_DURABILITY", "durability"),
        ("TICKETFLOW_DEMO", "demo"), ("TICKETFLOW_LOG_LEVEL", "log_level"),
        ("TICKETFLOW_LLM_BASE_URL", "llm_base_url"), ("TICKETFLOW_LLM_MODEL", "llm_model"),
        ("TICKETFLOW_LLM_EMBEDDINGS_MODEL", "llm_embeddings_model"),
        ("TICKETFLOW_LLM_API_KEY", "llm_api_key"), ("TICKETFLOW_LLM_TIMEOUT", "llm_timeout"),
        ("TICKETFLOW_LLM_MAX_RETRIES", "llm_max_retries"), ("TICKETFLOW_ANSWER_MODE", "answer_mode"),
        ("TICKETFLOW_TRIAGE_ENGINE", "triage_engine"), ("TICKETFLOW_SENTIMENT_ENGINE", "sentiment_engine"),
        ("TICKETFLOW_QUEUE_WORKER", "queue_worker"), ("TICKETFLOW_RATING_LINK_SECRET", "rating_link_secret"),
        ("TICKETFLOW_PASSWORD_HASH_COST", "password_hash_cost"), ("TICKETFLOW_SECURE_COOKIES", "secure_cookies"),
        ("TICKETFLOW_INTAKE_TOKEN", "intake_token"), ("TICKETFLOW_QA_HOUR", "qa_hour"),
        ("TICKETFLOW_RETRAIN_HOUR", "retrain_hour"), ("TICKETFLOW_INTAKE_TOKEN_CHANNEL", "intake_token_channel"),
        ("TICKETFLOW_OPEN_INTAKE", "open_intake"), ("TICKETFLOW_METRICS_TOKEN", "metrics_token"),
        ("TICKETFLOW_SIGNIN_MAX_CONCURRENT_CHECKS", "signin_max_concurrent_checks"),
        ("TICKETFLOW_SIGNIN_MAX_WAITING_CHECKS", "signin_max_waiting_checks"),
        ("TICKETFLOW_TRUST_FORWARDED_FOR", "trust_forwarded_for"),
        ("TICKETFLOW_SMTP_URL", "smtp_url"), ("TICKETFLOW_EMAIL_FROM", "email_from"),
        ("TICKETFLOW_SMTP_CA_FILE", "smtp_ca_file"),
        ("TICKETFLOW_ESCALATION_ACKNOWLEDGEMENT", "escalation_acknowledgement"),
        ("TICKETFLOW_EMAIL_IMPORT_EXISTING", "email_import_existing"),
        ("TICKETFLOW_ENCODER_DIR", "encoder_dir"), ("TICKETFLOW_ARTICLE_URL_TEMPLATE", "article_url_template"),
        ("TICKETFLOW_IMAP_URL", "imap_url"),
        ("TICKETFLOW_IMAP_CA_FILE", "imap_ca_file"), ("TICKETFLOW_EMAIL_POLL_SECONDS", "email_poll_seconds"),
        ("TICKETFLOW_ANSWER_CACHE_SIZE", "answer_cache_size"), ("TICKETFLOW_KB_LANGUAGE", "kb_language"),
        ("TICKETFLOW_TRANSLATED_ANSWERS", "translated_answers"),
        ("TICKETFLOW_EMAIL_ATTACHMENT_MAX_BYTES", "email_attachment_max_bytes"),
        ("TICKETFLOW_EMAIL_ORIGINAL_MAX_BYTES", "email_original_max_bytes"),
    ]

    /// Defaults, then the config file (explicit path, or `TICKETFLOW_CONFIG`),
    /// then the environment. Flags are applied by the caller afterwards.
    public static func load(environment: [String: String], configFile: String? = nil) throws -> AppConfiguration {
        var configuration = AppConfiguration()
        if let path = configFile ?? environment["TICKETFLOW_CONFIG"] {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConfigurationError("cannot read config file \(path)")
            }
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw ConfigurationError("config file \(path) is not a JSON object")
            }
            for (key, value) in object {
                if TeamSetup.keys.contains(key) {
                    try Self.naming("config file \(path)") { try configuration.team.set(key, json: value) }
                } else if ChatSetup.keys.contains(key) {
                    try Self.naming("config file \(path)") { try configuration.chat.set(key, json: value) }
                } else {
                    let source = "config file \(path)"
                    try configuration.set(
                        key, to: try Self.scalarText(value, setting: key, source: source), source: source)
                }
            }
            try Self.naming("config file \(path)") { try configuration.team.validate() }
        }
        for (variable, setting) in environmentKeys {
            if let value = environment[variable] {
                try configuration.set(setting, to: value, source: variable)
            }
        }
        return configuration
    }

    /// A config-file value of a plain setting as the text an environment variable would hold.
    /// An array, object or null is refused here: described as text it would read as Swift
    /// syntax ("got '[:]'") in the error, or worse, be taken as a value.
    static func scalarText(_ value: Any, setting: String, source: String) throws -> String {
        let kind: String
        switch value {
        case is NSNull: kind = "null"
        case is [Any]: kind = "an array"
        case is [String: Any]: kind = "an object"
        // Described as text, `true` would read "1" and set "port": true to port 1.
        case let number as NSNumber where number.isJSONBoolean: return number.boolValue ? "true" : "false"
        default: return "\(value)"
        }
        throw ConfigurationError("\(source): \(setting) must be a string, a number or true/false, got \(kind)")
    }

    /// Runs `body`, prefixing a configuration error with where the setting came from.
    static func naming(_ source: String, _ body: () throws -> Void) throws {
        do { try body() } catch let error as ConfigurationError { throw ConfigurationError("\(source): \(error)") }
    }

    /// Sets one setting from text, naming the source in errors.
    public mutating func set(_ setting: String, to value: String, source: String) throws {
        func integer() throws -> Int {
            guard let number = Int(value) else {
                throw ConfigurationError(
                    "\(source): \(setting) must be an integer, got \(ConfigurationError.quoted(value))")
            }
            return number
        }
        func boolean() throws -> Bool {
            switch value.lowercased() {
            case "1", "true", "yes", "on": return true
            case "0", "false", "no", "off": return false
            default:
                throw ConfigurationError(
                    "\(source): \(setting) must be true or false, got \(ConfigurationError.quoted(value))")
            }
        }
        func hourOrOff() throws -> Int? {
            guard value.lowercased() != "off" else { return nil }
            guard let hour = Int(value) else {
                throw ConfigurationError(
                    "\(source): \(setting) must be an hour 0–23 or off, got \(ConfigurationError.quoted(value))")
            }
            return hour
        }
        if try setMailArchiveLimit(setting, to: value, source: source) { return }
        switch setting {
        case "host": host = value
        case "port": port = try integer()
        case "data_dir": dataDirectory = value
        case "database_url": databaseURL = value.isEmpty ? nil : value
        case "max_body_bytes": maximumBodyBytes = try integer()
        case "durability": durability = try Self.choice(value, of: Durability.self, setting: setting, source: source)
        case "log_level": logLevel = try Self.choice(value, of: Logger.Level.self, setting: setting, source: source)
        case "answer_mode": answerMode = try Self.choice(value, of: AnswerMode.self, setting: setting, source: source)
        case "answer_cache_size": answerCacheSize = try integer()
        case "kb_language":
            let code = value.lowercased()
            let known = LanguageIdentifier.builtIn.languages
            guard code == "off" || known.contains(code) else {
                throw ConfigurationError(
                    "\(source): kb_language must be off or one of \(known.joined(separator: ", ")), got \(ConfigurationError.quoted(value))"
                )
            }
            knowledgeBaseLanguage = code == "off" ? nil : code
        case "translated_answers":
            translatedAnswers = try Self.choice(value, of: TranslatedAnswers.self, setting: setting, source: source)
        case "triage_engine":
            triageEngine = try Self.choice(value, of: TriageEngineChoice.self, setting: setting, source: source)
        case "sentiment_engine":
            sentimentEngine = try Self.choice(value, of: TriageEngineChoice.self, setting: setting, source: source)
        case "llm_max_retries": llmMaxRetries = try integer()
        case "llm_base_url": llmBaseURL = value.isEmpty ? nil : value
        case "llm_model": llmModel = value
        case "llm_embeddings_model": llmEmbeddingsModel = value.isEmpty ? nil : value
        case "llm_api_key": llmAPIKey = value.isEmpty ? nil : value
        case "llm_timeout":
            guard let seconds = Double(value) else {
                throw ConfigurationError(
                    "\(source): llm_timeout must be a number of seconds, got \(ConfigurationError.quoted(value))")
            }
            llmTimeout = seconds
        case "demo": demo = try boolean()
        case "queue_worker": queueWorker = try boolean()
        case "rating_link_secret": ratingLinkSecret = value.isEmpty ? nil : value
        case "secure_cookies": secureCookies = try boolean()
        case "password_hash_cost": passwordHashCost = try integer()
        case "intake_token": intakeToken = value.isEmpty ? nil : value
        case "intake_token_channel":
            guard let channel = Channel(rawValue: value) else {
                let names = Channel.allCases.map(\.rawValue).joined(separator: ", ")
                throw ConfigurationError(
                    "\(source): intake_token_channel must be one of \(names), got \(ConfigurationError.quoted(value))")
            }
            intakeTokenChannel = channel
        case "open_intake": openIntake = value.lowercased() == "auto" ? nil : try boolean()
        case "metrics_token": metricsToken = value.isEmpty ? nil : value
        case "signin_max_concurrent_checks": signInMaxConcurrentChecks = try integer()
        case "signin_max_waiting_checks": signInMaxWaitingChecks = try integer()
        case "trust_forwarded_for": trustForwardedFor = try boolean()
        case "smtp_url": smtpURL = value.isEmpty ? nil : value
        case "email_from": emailFrom = value.isEmpty ? nil : value
        case "smtp_ca_file": smtpCAFile = value.isEmpty ? nil : value
        case "escalation_acknowledgement": escalationAcknowledgement = value.isEmpty ? nil : value
        case "imap_url": imapURL = value.isEmpty ? nil : value
        case "imap_ca_file": imapCAFile = value.isEmpty ? nil : value
        case "email_poll_seconds": emailPollSeconds = try integer()
        case "email_import_existing": emailImportExisting = try boolean()
        case "article_url_template": articleURLTemplate = value.isEmpty ? nil : value
        case "encoder_dir": encoderDirectory = value.isEmpty ? nil : value
        case "qa_hour": qaHour = try hourOrOff()
        case "retrain_hour": retrainHour = try hourOrOff()
        default:
            throw ConfigurationError("\(source): unknown setting \(ConfigurationError.quoted(setting))")
        }
    }
}
