// Matrix products for the sentence encoder with pre-packed weights; see packed_product.c for why.
#ifndef TICKETFLOW_PACKED_PRODUCT_H
#define TICKETFLOW_PACKED_PRODUCT_H

#include <stdint.h>

/// Columns per packed panel.
#define TF_PANEL_WIDTH 48

/// 1 when this CPU and OS run the AVX-512 kernel, else 0 (callers then keep the plain layout and BLAS).
int tf_packed_product_supported(void);

/// Half-precision values a packed k × n matrix takes: n rounded up to whole panels.
int64_t tf_packed_count(int64_t k, int64_t n);

/// Packs B (k × n, row-major) into panels of TF_PANEL_WIDTH columns, each stored k rows deep and contiguous,
/// as IEEE half-precision values (rounded to nearest; magnitudes beyond 65,504 are clamped to it); a last
/// partial panel is padded with zeros. `panels` holds tf_packed_count(k, n) values.
/// Only call when tf_packed_product_supported() returns 1.
void tf_pack_panels(int64_t k, int64_t n, const float *b, uint16_t *panels);

/// C (m × n, leading dimension ldc) += A (m × k, leading dimension lda) · B for the panels
/// [first_panel, first_panel + panel_count) of packed B, which touch only those columns of C.
/// Only call when tf_packed_product_supported() returns 1.
void tf_packed_product(
    int64_t m, int64_t n, int64_t k, const float *a, int64_t lda, const uint16_t *panels, int64_t first_panel,
    int64_t panel_count, float *c, int64_t ldc);

/// tf_packed_product over all panels, split between the calling thread and up to `threads` − 1 helper threads
/// that stay awake briefly between calls (see parallel_product.c). When another thread is already using the
/// helpers, the call runs on the calling thread alone. Only call when tf_packed_product_supported() returns 1.
void tf_packed_product_parallel(
    int64_t m, int64_t n, int64_t k, const float *a, int64_t lda, const uint16_t *panels, float *c, int64_t ldc,
    int64_t threads);

#endif
