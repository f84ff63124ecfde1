#include "CredoKernels.h"
#include <stdlib.h>  /* defines __GLIBC__ on glibc systems */
#if defined(__GLIBC__)
#include <malloc.h>
#endif

int credo_set_heap_thresholds(long trimThreshold, long mmapThreshold) {
#if defined(__GLIBC__)
    return mallopt(M_TRIM_THRESHOLD, (int)trimThreshold) == 1 && mallopt(M_MMAP_THRESHOLD, (int)mmapThreshold) == 1;
#else
    (void)trimThreshold;
    (void)mmapThreshold;
    return 0;
#endif
}
