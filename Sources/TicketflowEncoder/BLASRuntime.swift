import COpenBLAS
import Foundation

/// Puts OpenBLAS in the state the encoder wants, once per process, before its first BLAS call.
enum BLASRuntime {
    /// The OpenBLAS kernel set in use ("SkylakeX", "Haswell", …), after `configure`.
    static var coreName: String { String(cString: openblas_get_corename()) }

    /// Whether OpenBLAS has small-matrix kernels that multiply without packing (its AVX-512 kernel sets do),
    /// and the size (m·n·k) up to which it uses them (OpenBLAS's sgemm_small_kernel_permit for SkylakeX).
    static let hasSmallMatrixKernels: Bool = {
        configure
        return ["SkylakeX", "Cooperlake", "SapphireRapids"].contains(coreName)
    }()
    static let smallMatrixLimit = 1_000_000

    static let configure: Void = {
        upgradeGenericCore()
        // One BLAS thread per call. The encoder already spreads work over the cores itself (groups of sentences,
        // or column slices of one product), so BLAS threads on top would oversubscribe them; and OpenBLAS's
        // threads spin while they wait, which on a small shared machine costs more than they save. Measured with
        // the numpy reference on 2 busy cores: 44 ms per sentence with two OpenBLAS threads, 19 ms with one.
        openblas_set_num_threads(1)
    }()

    /// Kernel sets that predate AVX2: what OpenBLAS falls back to when it does not know the CPU model.
    private static let genericCores: Set<String> = [
        "Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Sandybridge", "Katmai", "Coppermine", "Northwood",
        "Banias", "Atom", "Nano", "Unknown",
    ]

    /// OpenBLAS 0.3.21 (Debian 12) picks its kernels from the CPU model number and falls back to the SSE3
    /// "Prescott" kernels on models it does not know, such as the generic "Intel Xeon Processor" many virtual
    /// machines report, even when the CPU has AVX-512. Its matrix products then run 3–4× slower (measured here:
    /// 44 → 187 sentences/s in batches). When the user has not chosen a core (OPENBLAS_CORETYPE) and the CPU's
    /// features allow better, this selects the matching kernels again through OpenBLAS's own dynamic-dispatch
    /// entry points, which read OPENBLAS_CORETYPE. Builds without dynamic dispatch lack them and are left alone.
    private static func upgradeGenericCore() {
        #if os(Linux) && arch(x86_64)
        let environment = ProcessInfo.processInfo.environment
        guard environment["OPENBLAS_CORETYPE"] == nil, genericCores.contains(coreName),
            let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let flagsLine = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return }
        let flags = Set(flagsLine.split(separator: " ").map(String.init))
        let target: String
        if flags.isSuperset(of: ["avx512f", "avx512vl", "avx512bw", "avx512dq"]) {
            target = "SkylakeX"
        } else if flags.isSuperset(of: ["avx2", "fma"]) {
            target = "Haswell"
        } else {
            return
        }
        guard let quitSymbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "gotoblas_dynamic_quit"),
            let initSymbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "gotoblas_dynamic_init")
        else { return }
        typealias Entry = @convention(c) () -> Void
        setenv("OPENBLAS_CORETYPE", target, 1)
        unsafeBitCast(quitSymbol, to: Entry.self)()
        unsafeBitCast(initSymbol, to: Entry.self)()
        unsetenv("OPENBLAS_CORETYPE")
        #endif
    }
}
