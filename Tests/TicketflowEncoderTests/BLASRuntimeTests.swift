import Foundation
import Testing

@testable import TicketflowEncoder

@Suite struct BLASRuntimeTests {
    /// On a CPU with AVX2, OpenBLAS must not be left on its SSE3 fallback kernels (3–4× slower products), which
    /// Debian's OpenBLAS 0.3.21 picks on CPU models it does not know, as virtual machines often report.
    @Test func openBLASUsesTheVectorUnitsTheCPUHas() throws {
        let core = SentenceEncoder.blasCore
        let flags =
            (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("flags") }.map { Set($0.split(separator: " ")) } ?? []
        if flags.contains("avx2") && flags.contains("fma")
            && ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil
        {
            #expect(!["Prescott", "Core2", "Penryn", "Nehalem", "Sandybridge"].contains(core), "core \(core)")
        }
        #expect(!core.isEmpty)
    }
}
