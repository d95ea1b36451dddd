#if canImport(Glibc)
import Glibc
#endif

/// How glibc's malloc should keep the server's memory: call `apply()` first thing when the server starts.
///
/// glibc gives each thread that meets another in malloc an arena of its own, up to 8 per core (16 on 2 cores), and
/// memory freed in an arena stays there for that arena's next allocations. The server's event-loop, worker and
/// encoder threads all allocate, so with a 20,000-chunk knowledge base it held four to eight arenas of 35-64 MB
/// and its resident size varied from 345 to 446 MB between identical runs; with two arenas, 328-365 MB, and
/// 333 MB after embedding every chunk itself (scripts/bench-memory.sh). Intake with the encoder was the same
/// within noise (142 and 169 tickets/s with the default, 174 and 165 with two arenas, scripts/bench-intake.sh 15 16).
/// Same as MALLOC_ARENA_MAX=2, which (like GLIBC_TUNABLES) still wins when set. `mallopt` is looked up at run
/// time because Swift's Glibc module does not export malloc.h.
enum MallocPolicy {
    /// Limits malloc to two arenas, unless the environment already chose.
    static func apply() {
        #if canImport(Glibc)
        guard getenv("MALLOC_ARENA_MAX") == nil, getenv("GLIBC_TUNABLES") == nil,
            let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt")
        else { return }
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        let arenaMax: Int32 = -8  // M_ARENA_MAX in malloc.h
        _ = unsafeBitCast(symbol, to: MallOpt.self)(arenaMax, 2)
        #endif
    }
}
