import Foundation

extension Error {
    /// Why a file operation failed, in words a person can act on: "is a directory",
    /// "file exists", "permission denied".
    ///
    /// Foundation on Linux describes many of these as "The operation could not be
    /// completed. (NSCocoaErrorDomain error 512.)", or prints its whole NSError with
    /// user info; the POSIX reason it wraps is the part that says what to fix.
    public var fileSystemReason: String {
        if let error = self as? POSIXError { return Self.sentenceCase(String(cString: strerror(error.code.rawValue))) }
        guard let error = self as? CocoaError else { return String(describing: self) }
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? any Error {
            let posix = underlying as NSError
            if posix.domain == NSPOSIXErrorDomain {
                return Self.sentenceCase(String(cString: strerror(Int32(posix.code))))
            }
        }
        return error.localizedDescription.replacingOccurrences(of: "The operation could not be completed. ", with: "")
    }

    /// "Is a directory" reads as a reason after a colon once lower-cased.
    private static func sentenceCase(_ text: String) -> String {
        text.prefix(1).lowercased() + text.dropFirst()
    }
}
