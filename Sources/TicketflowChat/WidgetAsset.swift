import TicketflowCore

/// The widget script as served: its text and a version taken from its content, so a
/// versioned URL can be cached for good and a new release is fetched at once.
public enum WidgetAsset {
    /// The script (see `WidgetScript`).
    public static var source: String { WidgetScript.source }

    /// 12 hex digits of the script's FNV-1a hash: a cache key, not a security check.
    public static let version: String = {
        let hex = String(FNV1a.hash64(Array(WidgetScript.source.utf8)), radix: 16)
        return String(repeating: "0", count: max(0, 16 - hex.count)) + hex
    }()

    /// The path of the current script: `/widget/<version>/widget.js`.
    public static var path: String { "/widget/\(version)/widget.js" }
}
