/// Sizes in words people read: "271 bytes", "1.5 KB", "10 MB" (binary multiples, named as mail clients name
/// them: Gmail's "25 MB" limit is 25 MiB).
public enum ByteCount {
    /// `bytes` in the largest unit that keeps the number at least 1, with one decimal under 10.
    public static func text(_ bytes: Int) -> String {
        if bytes == 1 { return "1 byte" }
        if bytes < 1024 { return "\(bytes) bytes" }
        var value = Double(bytes) / 1024
        var unit = "KB"
        for next in ["MB", "GB", "TB"] where value >= 1024 {
            value /= 1024
            unit = next
        }
        let rounded = (value * 10).rounded() / 10
        if rounded >= 10 || rounded == rounded.rounded() { return "\(Int(value.rounded())) \(unit)" }
        return "\(rounded) \(unit)"
    }
}
