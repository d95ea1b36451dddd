// OpenBLAS's CBLAS interface (Debian: libopenblas-dev, installed by scripts/setup.sh).
#include <cblas.h>

// LAPACK's symmetric eigensolver, which libopenblas exports; Debian's libopenblas-dev ships no lapack.h to declare
// it. Used once, by the static encoder's principal components.
void ssyev_(const char *jobz, const char *uplo, const int *n, float *a, const int *lda, float *w, float *work,
            const int *lwork, int *info);
