import COpenBLAS
import Foundation
import Testing

@testable import TicketflowEncoder

@Suite struct PackedProductTests {
    /// The packed half-precision product must equal OpenBLAS's Float32 product up to half-precision rounding of
    /// the weights, for row counts that exercise every block size (8, 4, 2, 1 rows), a last partial panel, and
    /// products split between helper threads.
    @Test(arguments: [(1, 1), (3, 2), (7, 1), (13, 2), (19, 3), (40, 2)])
    func matchesOpenBLASOnAwkwardShapes(rows: Int, threads: Int) throws {
        try #require(PackedProduct.isEnabled, "this CPU has no AVX-512: the encoder uses OpenBLAS alone")
        let (inputs, outputs) = (37, 100)  // 100 columns: two whole 48-column panels and one of 4
        var generator = SplitMix(seed: UInt64(rows * 31 + threads))
        let a = (0..<rows * inputs).map { _ in generator.nextFloat() }
        let b = (0..<inputs * outputs).map { _ in generator.nextFloat() }
        let bias = (0..<rows * outputs).map { _ in generator.nextFloat() }
        let panels = FloatBuffer(count: PackedProduct.storedCount(inputs: inputs, outputs: outputs))
        b.withUnsafeBufferPointer {
            PackedProduct.store($0.baseAddress!, inputs: inputs, outputs: outputs, into: panels)
        }
        var packed = bias
        packed.withUnsafeMutableBufferPointer { output in
            a.withUnsafeBufferPointer { input in
                PackedProduct.multiply(
                    input.baseAddress!, rows: rows, inputs: inputs, outputs: outputs, panels: panels.pointer,
                    onto: output.baseAddress!, parts: threads)
            }
        }
        var expected = bias
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(outputs), Int32(inputs), 1, a,
            Int32(inputs), b, Int32(outputs), 1, &expected, Int32(outputs))
        // Each weight is off by at most 2^-11 of itself; 37 terms of |a·b| ≤ 1 bound the error by 37 · 2^-11.
        let worst = zip(packed, expected).map { abs($0 - $1) }.max() ?? 0
        #expect(worst < 0.02, "largest difference \(worst)")
        #expect(worst > 0 || rows == 0, "half-precision weights should differ from Float32 somewhere")
    }

    /// Products from several threads at once (concurrent batches) must not mix up the shared helpers' work.
    @Test func concurrentCallersGetTheirOwnResults() async throws {
        try #require(PackedProduct.isEnabled, "this CPU has no AVX-512: the encoder uses OpenBLAS alone")
        let (inputs, outputs) = (64, 96)
        var generator = SplitMix(seed: 7)
        let b = (0..<inputs * outputs).map { _ in generator.nextFloat() }
        let panels = FloatBuffer(count: PackedProduct.storedCount(inputs: inputs, outputs: outputs))
        b.withUnsafeBufferPointer {
            PackedProduct.store($0.baseAddress!, inputs: inputs, outputs: outputs, into: panels)
        }
        let product: @Sendable (Float) -> [Float] = { value in
            let a = [Float](repeating: value, count: 5 * inputs)
            var c = [Float](repeating: 0, count: 5 * outputs)
            c.withUnsafeMutableBufferPointer { output in
                PackedProduct.multiply(
                    a, rows: 5, inputs: inputs, outputs: outputs, panels: panels.pointer, onto: output.baseAddress!,
                    parts: 2)
            }
            return c
        }
        let alone = product(1)
        let results = await withTaskGroup(of: (Float, [Float]).self) { group in
            for value in 1...8 { group.addTask { (Float(value), product(Float(value))) } }
            return await group.reduce(into: [(Float, [Float])]()) { $0.append($1) }
        }
        for (value, c) in results {
            // Scaling every input by `value` scales the exact product by it; rounding stays tiny.
            let worst = zip(c, alone).map { abs($0 - value * $1) }.max() ?? 0
            #expect(worst < 1e-3 * value, "input \(value): largest difference \(worst)")
        }
    }
}

/// A small seeded generator, so a failing shape reproduces.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func nextFloat() -> Float {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Float(z >> 40) / Float(1 << 24) * 2 - 1
    }
}
