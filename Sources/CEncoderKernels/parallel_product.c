// Why this is hand-written: one short sentence is 24 matrix products of a few milliseconds in all, each
// worth splitting between the cores, but each only 50–300 µs long. Handing each to a sleeping worker
// (libdispatch's concurrentPerform, or OpenBLAS's own threads) costs a wake-up per product, and on a 2-core
// virtual machine those wake-ups ate the whole gain: one sentence took as long on two threads as on one
// (measured, p50 4.3 ms against 4.0 ms). Here the helpers spin for a short while after each product, the way
// OpenMP runtimes do (OMP_WAIT_POLICY), so the next product of the same sentence finds them awake; after
// TF_SPIN_NANOSECONDS with nothing to do they sleep on a condition variable and cost nothing while idle.
// No package this project may use has such a pool.
#include "packed_product.h"

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#if defined(__x86_64__)
#include <immintrin.h>
#define TF_RELAX() _mm_pause()
#else
#define TF_RELAX() ((void)0)
#endif

#define TF_MAX_HELPERS 15
#define TF_SPIN_NANOSECONDS 200000

// The product being shared out: written by the caller under `caller_lock` before `generation` moves on.
static struct {
    int64_t m, n, k, lda, ldc, parts, panel_count;
    const float *a;
    const uint16_t *panels;
    float *c;
} job;

static pthread_mutex_t caller_lock = PTHREAD_MUTEX_INITIALIZER;  // one sharing caller at a time
static pthread_mutex_t sleep_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static _Atomic uint64_t generation;  // bumped once per shared product
static _Atomic int64_t unfinished;   // helpers that have not yet finished with the current product
static int64_t helpers;              // started so far; guarded by caller_lock
static uint64_t first_seen[TF_MAX_HELPERS + 1];  // `generation` when each helper was started

static int64_t now_nanoseconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void run_part(int64_t part) {
    int64_t first = job.panel_count * part / job.parts;
    int64_t last = job.panel_count * (part + 1) / job.parts;
    if (last > first)
        tf_packed_product(job.m, job.n, job.k, job.a, job.lda, job.panels, first, last - first, job.c, job.ldc);
}

static void *helper_main(void *argument) {
    int64_t index = (int64_t)(intptr_t)argument;  // 1 ... helpers; part 0 is the caller's
    // Not the value now: the caller may already have bumped it for the product this helper was started for.
    uint64_t seen = first_seen[index];
    for (;;) {
        int64_t deadline = now_nanoseconds() + TF_SPIN_NANOSECONDS;
        uint64_t current;
        for (int spins = 0; (current = atomic_load_explicit(&generation, memory_order_acquire)) == seen; spins++) {
            TF_RELAX();
            if ((spins & 255) == 255 && now_nanoseconds() > deadline) {
                pthread_mutex_lock(&sleep_lock);
                while ((current = atomic_load(&generation)) == seen) pthread_cond_wait(&wake, &sleep_lock);
                pthread_mutex_unlock(&sleep_lock);
                break;
            }
        }
        seen = current;
        if (index < job.parts) run_part(index);
        // Every helper reports, even one without a part, so none can still be reading `job` when the caller
        // returns and writes the next product there.
        atomic_fetch_sub_explicit(&unfinished, 1, memory_order_release);
    }
    return NULL;
}

void tf_packed_product_parallel(
    int64_t m, int64_t n, int64_t k, const float *a, int64_t lda, const uint16_t *panels, float *c, int64_t ldc,
    int64_t threads) {
    int64_t panel_count = (n + TF_PANEL_WIDTH - 1) / TF_PANEL_WIDTH;
    int64_t parts = threads < panel_count ? threads : panel_count;
    if (parts > TF_MAX_HELPERS + 1) parts = TF_MAX_HELPERS + 1;
    if (parts < 2 || pthread_mutex_trylock(&caller_lock) != 0) {
        tf_packed_product(m, n, k, a, lda, panels, 0, panel_count, c, ldc);
        return;
    }
    while (helpers < parts - 1) {
        pthread_t thread;
        first_seen[helpers + 1] = atomic_load(&generation);
        if (pthread_create(&thread, NULL, helper_main, (void *)(intptr_t)(helpers + 1)) != 0) break;
        pthread_detach(thread);
        helpers++;
    }
    if (parts > helpers + 1) parts = helpers + 1;
    job.m = m, job.n = n, job.k = k, job.a = a, job.lda = lda, job.panels = panels, job.c = c, job.ldc = ldc;
    job.parts = parts, job.panel_count = panel_count;
    atomic_store_explicit(&unfinished, helpers, memory_order_relaxed);
    // Bumped under sleep_lock so that a helper checking `generation` before it sleeps cannot miss the change.
    pthread_mutex_lock(&sleep_lock);
    atomic_fetch_add_explicit(&generation, 1, memory_order_release);
    pthread_cond_broadcast(&wake);
    pthread_mutex_unlock(&sleep_lock);
    run_part(0);
    // Every helper answers; one the OS has descheduled is waited for, yielding the core meanwhile.
    for (int spins = 0; atomic_load_explicit(&unfinished, memory_order_acquire) > 0; spins++) {
        if (spins < 4096) TF_RELAX();
        else sched_yield();
    }
    pthread_mutex_unlock(&caller_lock);
}
