#include "CredoKernels.h"

// Exactly the operations written, in this order: no fused multiply-adds, so every CPU gives
// the same bits and the AVX2 clone agrees with the baseline one.
#pragma clang fp contract(off)

// The rational approximation of one element (shared by the copying and the in-place loop).
static inline __attribute__((always_inline)) float tanh_one(float xi) {
    const float c = 7.90531110763549805f;
    {
        float t = -c >= xi ? -c : xi;  // clamp to [-c, c]; NaN passes through
        t = c < t ? c : t;
        float t2 = t * t;
        float p = -2.76076847742355e-16f;
        p = p * t2 + 2.00018790482477e-13f;
        p = p * t2 - 8.60467152213735e-11f;
        p = p * t2 + 5.12229709037114e-08f;
        p = p * t2 + 1.48572235717979e-05f;
        p = p * t2 + 6.37261928875436e-04f;
        p = p * t2 + 4.89352455891786e-03f;
        p = p * t;
        float q = 1.19825839466702e-06f;
        q = q * t2 + 1.18534705686654e-04f;
        q = q * t2 + 2.26843463243900e-03f;
        q = q * t2 + 4.89352518554385e-03f;
        // Below 4e-4, tanh x = x to Float32 precision; a select, not a branch, so it vectorises.
        return (xi < 0 ? -xi : xi) < 0.0004f ? xi : p / q;
    }
}

__attribute__((target_clones("avx2", "default")))
void credo_tanh(const float *restrict x, float *restrict y, long n) {
    for (long i = 0; i < n; i++) y[i] = tanh_one(x[i]);
}

// x[i] = tanh(x[i]) in place, the same bits as `credo_tanh` (a fused layer's activation).
__attribute__((target_clones("avx2", "default")))
void credo_tanh_inplace(float *x, long n) {
    for (long i = 0; i < n; i++) x[i] = tanh_one(x[i]);
}

// g (1 − y²), tanh's derivative rule given the upstream gradient g and tanh's output y, in the
// order written (no fused multiply-add: the bits of Swift's `g * (1 - y * y)`).
__attribute__((target_clones("avx2", "default")))
void credo_tanh_backward(const float *restrict g, const float *restrict y, float *restrict out, long n) {
    for (long i = 0; i < n; i++) out[i] = g[i] * (1.0f - y[i] * y[i]);
}
