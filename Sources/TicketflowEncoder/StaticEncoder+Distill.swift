import COpenBLAS
import Foundation

extension StaticEncoder {
    /// Tokenizer files copied from the source model: the static encoder splits text exactly as it does.
    static let tokenizerFiles = ["tokenizer.json", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json"]

    /// Distils a static encoder from `encoder` (loaded from `source`) into `directory`, Model2Vec's way, which
    /// needs no training data:
    /// 1. every vocabulary token alone, [CLS] token [SEP], goes through the transformer and its pooling;
    /// 2. the table is centred and reduced to its `dimensions` principal components;
    /// 3. each row is weighted by SIF, a / (a + p), where p is the token's probability as Zipf's law estimates it
    ///    from its rank in the vocabulary (WordPiece vocabularies list pieces roughly by frequency), so frequent
    ///    pieces count less in a text's mean.
    /// `progress` hears (tokens done, tokens in all).
    public static func distill(
        from encoder: SentenceEncoder, source: URL, into directory: URL, dimensions: Int,
        sifCoefficient: Float = 1e-4, progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> StaticEncoder {
        let hidden = encoder.dimension
        precondition(dimensions > 0 && dimensions <= hidden, "dimensions must lie in 1...\(hidden)")
        // Writing into a transformer's directory would make it load as static vectors from then on, and
        // replacing its tokenizer files by themselves would delete them.
        for name in ["model.safetensors", "config.json"]
        where FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path) {
            throw EncoderError(
                .unsupportedConfig, file: directory.path,
                "holds a transformer (\(name)); distil into a directory of its own")
        }
        let tokens = encoder.model.config.vocabSize
        var table: [Float] = []
        table.reserveCapacity(tokens * hidden)
        let tokenizer = encoder.tokenizer
        let slice = 2048
        for start in stride(from: 0, to: tokens, by: slice) {
            let sequences = (start..<min(start + slice, tokens)).map { [tokenizer.clsID, Int32($0), tokenizer.sepID] }
            for vector in encoder.encode(sequences: sequences) { table += vector }
            progress(min(start + slice, tokens), tokens)
        }
        var reduced = principalComponents(of: table, rows: tokens, columns: hidden, keep: dimensions)
        let harmonic = (0..<tokens).reduce(Float(0)) { $0 + 1 / Float($1 + 2) }
        for token in 0..<tokens {
            let probability = 1 / Float(token + 2) / harmonic
            let weight = sifCoefficient / (sifCoefficient + probability)
            for i in 0..<dimensions { reduced[token * dimensions + i] *= weight }
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = try SafeTensors.file(
            name: tensorName, shape: [tokens, dimensions], values: reduced,
            metadata: [
                "source": encoder.identity, "method": "model2vec", "pca_dimensions": String(dimensions),
                "sif_coefficient": String(sifCoefficient),
            ])
        try file.write(to: directory.appendingPathComponent(vectorsFile), options: .atomic)
        for name in tokenizerFiles {
            let from = source.appendingPathComponent(name)
            let to = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: from.path) else { continue }
            try? FileManager.default.removeItem(at: to)
            try FileManager.default.copyItem(at: from, to: to)
        }
        return try load(directory: directory)
    }

    /// `values` (`rows` × `columns`, row-major) centred and projected onto its `keep` principal components, the
    /// largest first: the eigenvectors of the covariance, from LAPACK's symmetric eigensolver.
    static func principalComponents(of values: [Float], rows: Int, columns: Int, keep: Int) -> [Float] {
        var centred = values
        var mean = [Float](repeating: 0, count: columns)
        for row in 0..<rows {
            for i in 0..<columns { mean[i] += values[row * columns + i] }
        }
        for i in 0..<columns { mean[i] /= Float(rows) }
        for row in 0..<rows {
            for i in 0..<columns { centred[row * columns + i] -= mean[i] }
        }
        // The covariance's upper triangle, column-major as LAPACK reads it (row-major lower = column-major upper).
        var covariance = [Float](repeating: 0, count: columns * columns)
        cblas_ssyrk(
            CblasRowMajor, CblasLower, CblasTrans, Int32(columns), Int32(rows), 1 / Float(rows), centred,
            Int32(columns), 0, &covariance, Int32(columns))
        var n = Int32(columns)
        var eigenvalues = [Float](repeating: 0, count: columns)
        var info: Int32 = 0
        var workSize: Float = 0
        var query: Int32 = -1
        ssyev_("V", "U", &n, &covariance, &n, &eigenvalues, &workSize, &query, &info)
        var lwork = Int32(workSize)
        var work = [Float](repeating: 0, count: Int(lwork))
        ssyev_("V", "U", &n, &covariance, &n, &eigenvalues, &work, &lwork, &info)
        precondition(info == 0, "ssyev failed to converge (info \(info))")
        // Eigenvectors are columns in ascending order of eigenvalue: component c is column columns - 1 - c.
        var basis = [Float](repeating: 0, count: columns * keep)
        for c in 0..<keep {
            for r in 0..<columns { basis[r * keep + c] = covariance[(columns - 1 - c) * columns + r] }
        }
        var projected = [Float](repeating: 0, count: rows * keep)
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(keep), Int32(columns), 1, centred,
            Int32(columns), basis, Int32(keep), 0, &projected, Int32(keep))
        return projected
    }
}
