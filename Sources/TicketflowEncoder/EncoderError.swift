/// Why a sentence encoder could not be loaded: the code says what went wrong, `file` names the file.
public struct EncoderError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The kinds of load failure.
    public enum Code: String, Sendable {
        /// A required file is not in the model directory.
        case missingFile = "missing_file"
        /// A file exists but is not what its name promises (bad JSON, truncated safetensors, …).
        case corruptFile = "corrupt_file"
        /// A tensor is stored in a type the encoder does not read (only F32, F16 and BF16 are read).
        case unsupportedDType = "unsupported_dtype"
        /// A weight the architecture needs is not in the weights file.
        case missingTensor = "missing_tensor"
        /// A weight's shape disagrees with config.json.
        case shapeMismatch = "shape_mismatch"
        /// config.json or a tokenizer file asks for something this encoder does not implement.
        case unsupportedConfig = "unsupported_config"
    }

    /// What went wrong.
    public var code: Code
    /// The file concerned, as a path.
    public var file: String
    /// A human-readable explanation.
    public var detail: String

    /// An error about `file`.
    public init(_ code: Code, file: String, _ detail: String) {
        self.code = code
        self.file = file
        self.detail = detail
    }

    public var description: String { "encoder: \(file): \(detail) (\(code.rawValue))" }
}
