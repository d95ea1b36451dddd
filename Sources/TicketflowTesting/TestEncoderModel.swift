import Foundation

/// The real all-MiniLM-L6-v2 for tests: fetched once per test process by `scripts/fetch-encoder.sh` into
/// `TICKETFLOW_ENCODER_DIR`, or `.build/encoder-model` under the package root (the script skips a directory
/// that already holds the checked files).
public enum TestEncoderModel {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Why there is no model: the script's own output.
    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    static let fetched: Result<String, Unavailable> = {
        let directory =
            ProcessInfo.processInfo.environment["TICKETFLOW_ENCODER_DIR"]
            ?? packageRoot.appendingPathComponent(".build/encoder-model").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [packageRoot.appendingPathComponent("scripts/fetch-encoder.sh").path, directory]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        do {
            try process.run()
        } catch {
            return .failure(Unavailable(description: "cannot run scripts/fetch-encoder.sh: \(error)"))
        }
        let log = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return .failure(Unavailable(description: "scripts/fetch-encoder.sh \(directory) failed:\n\(log)"))
        }
        return .success(directory)
    }()

    /// The model directory, fetching it on first use; throws with the script's output when that fails.
    public static func directory() throws -> String { try fetched.get() }
}
