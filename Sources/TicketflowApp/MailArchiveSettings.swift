import Foundation
import TicketflowEmail

extension AppConfiguration {
    /// Sets `email_attachment_max_bytes` or `email_original_max_bytes` from text (a whole number of bytes,
    /// 0 keeping none); false for any other setting.
    mutating func setMailArchiveLimit(_ setting: String, to value: String, source: String) throws -> Bool {
        let field: WritableKeyPath<MailArchiveLimits, Int>
        switch setting {
        case "email_attachment_max_bytes": field = \.maxAttachmentBytes
        case "email_original_max_bytes": field = \.maxOriginalBytes
        default: return false
        }
        guard let bytes = Int(value.trimmingCharacters(in: .whitespaces)), bytes >= 0 else {
            throw ConfigurationError(
                "\(source): \(setting) must be a whole number of bytes (0 or more, e.g. 10485760 for 10 MiB), "
                    + "got \(ConfigurationError.quoted(value))")
        }
        mailArchive[keyPath: field] = bytes
        return true
    }
}
