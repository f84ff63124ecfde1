#ifndef CREDO_CCBLAS_SHIM_H
#define CREDO_CCBLAS_SHIM_H
// OpenBLAS's CBLAS interface (Debian: libopenblas-dev puts cblas.h on the default include path).
#include <cblas.h>
#endif
