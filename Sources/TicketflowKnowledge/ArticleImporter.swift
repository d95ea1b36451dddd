import Foundation
import TicketflowCore

/// Reads a file or a whole folder into articles. Bad files become per-file
/// errors and the rest of the import continues; files are visited in sorted
/// order so ids, progress and results are the same on every run.
public struct ArticleImporter: Sendable {
    /// Progress after each file, for long imports.
    public struct Progress: Sendable, Equatable {
        /// Files handled so far, this one included.
        public var filesDone: Int
        /// Files this import will handle.
        public var filesTotal: Int
        /// The file just handled.
        public var path: String
        /// Articles read so far.
        public var articlesSoFar: Int
    }

    /// A file that could not be imported, and why.
    public struct FileError: Sendable, Equatable, CustomStringConvertible {
        /// The file that failed.
        public var path: String
        /// What was wrong with it.
        public var error: KnowledgeError
        /// The message, naming the file and the reason.
        public var description: String { error.message }
    }

    /// Everything one import produced.
    public struct Result: Sendable, Equatable {
        /// Articles read from every file that worked, in file order.
        public var articles: [Article]
        /// One entry per file that could not be imported.
        public var errors: [FileError]
        /// Files examined (supported extensions only).
        public var filesScanned: Int
        /// Files in the folder that were not of a supported type.
        public var filesSkipped: Int
    }

    /// Reads one file into articles.
    public var parser: ArticleFileParser

    /// Creates an importer with import options.
    public init(options: ArticleImportOptions = ArticleImportOptions()) {
        parser = ArticleFileParser(options: options)
    }

    /// Imports `path` (a file, or a folder walked recursively, hidden entries
    /// skipped). Ids are slugs of the path relative to the folder (or the file name).
    public func importPath(_ path: String, progress: (@Sendable (Progress) -> Void)? = nil) -> Result {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return Result(
                articles: [],
                errors: [FileError(path: path, error: KnowledgeError(.unreadable, "\(path): no such file or folder"))],
                filesScanned: 0, filesSkipped: 0)
        }
        let root = URL(fileURLWithPath: path).standardizedFileURL
        var files: [(path: String, relative: String)] = []
        var skipped = 0
        if isDirectory.boolValue {
            let enumerator = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
            while let url = enumerator?.nextObject() as? URL {
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
                let standardized = url.standardizedFileURL.path
                guard ArticleFileParser.Format(pathExtension: url.pathExtension) != nil else {
                    skipped += 1
                    continue
                }
                let relative = String(standardized.dropFirst(root.path.count)).trimming(charactersIn: "/")
                files.append((standardized, relative))
            }
            files.sort { $0.relative < $1.relative }
        } else {
            files = [(root.path, root.lastPathComponent)]
        }

        var articles: [Article] = []
        var errors: [FileError] = []
        for (index, file) in files.enumerated() {
            let modified =
                (try? FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date) ?? Date()
            do {
                articles += try parser.parseFile(
                    at: file.path, id: Self.slug(Self.droppingExtension(file.relative)), modified: modified)
            } catch let error as KnowledgeError {
                errors.append(FileError(path: file.path, error: error))
            } catch {
                errors.append(
                    FileError(
                        path: file.path, error: KnowledgeError(.malformed, "\(file.path): \(error.fileSystemReason)")))
            }
            progress?(
                Progress(filesDone: index + 1, filesTotal: files.count, path: file.path, articlesSoFar: articles.count))
        }
        return Result(articles: articles, errors: errors, filesScanned: files.count, filesSkipped: skipped)
    }

    /// A URL- and file-safe id: lowercase letters, digits, '-', with '/' kept between folders.
    public static func slug(_ text: String) -> String {
        text.split(separator: "/").map { part -> String in
            var out = ""
            var lastDash = false
            for scalar in part.lowercased().unicodeScalars {
                if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                    out.unicodeScalars.append(scalar)
                    lastDash = false
                } else if !lastDash, !out.isEmpty {
                    out.append("-")
                    lastDash = true
                }
            }
            return out.trimming(charactersIn: "-")
        }.filter { !$0.isEmpty }.joined(separator: "/")
    }

    static func droppingExtension(_ relative: String) -> String {
        (relative as NSString).deletingPathExtension
    }
}
