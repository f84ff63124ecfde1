#include "CredoKernels.h"
#include <stdint.h>
#include <string.h>

// Exactly the operations written, in this order: no fused multiply-adds, so every CPU gives
// the same bits and the AVX2 clone agrees with the baseline one.
#pragma clang fp contract(off)

// e^a for a in [-87.3, 0]: a log2(e) = k + f with k an integer (rounded by the 1.5 * 2^23 trick)
// and f in [-1/2, 1/2]; 2^f by its degree-7 Taylor polynomial in f ln 2 (relative error below
// 1e-8 there), and 2^k through the exponent bits. Branch-free, so loops over it vectorise.
static inline float exp_nonpositive(float a) {
    float t = a * 1.44269504088896341f;
    float shifted = t + 12582912.0f;
    float r = shifted - 12582912.0f;
    float f = t - r;
    uint32_t bits;
    memcpy(&bits, &shifted, sizeof bits);
    int32_t k = (int32_t)(bits - 0x4B400000u);
    float p = 1.52527338e-5f;
    p = p * f + 1.54035304e-4f;
    p = p * f + 1.33335581e-3f;
    p = p * f + 9.61812911e-3f;
    p = p * f + 5.55041087e-2f;
    p = p * f + 2.40226507e-1f;
    p = p * f + 6.93147181e-1f;
    p = p * f + 1.0f;
    uint32_t scaleBits = (uint32_t)(k + 127) << 23;
    float scale;
    memcpy(&scale, &scaleBits, sizeof scale);
    return p * scale;
}

// log(1 + e) for e in [0, 1] as 2 atanh(u), u = e / (2 + e) <= 1/3, by the odd series to u^17
// (truncation below 1e-10).
static inline float log1p_unit(float e) {
    float u = e / (2.0f + e);
    float u2 = u * u;
    float s = 2.0f / 17.0f;
    s = s * u2 + 2.0f / 15.0f;
    s = s * u2 + 2.0f / 13.0f;
    s = s * u2 + 2.0f / 11.0f;
    s = s * u2 + 2.0f / 9.0f;
    s = s * u2 + 2.0f / 7.0f;
    s = s * u2 + 2.0f / 5.0f;
    s = s * u2 + 2.0f / 3.0f;
    s = s * u2 + 2.0f;
    return u * s;
}

// -|x| clamped to the range where exp_nonpositive is a normal float.
static inline float negative_magnitude(float x) {
    float a = x < 0 ? x : -x;
    return a < -87.0f ? -87.0f : a;
}

// softplus(x) = max(x, 0) + log(1 + e^-|x|); below -87 it is e^x < 2e-38, 0 here.
static inline float softplus(float x) {
    float v = (x > 0 ? x : 0.0f) + log1p_unit(exp_nonpositive(negative_magnitude(x)));
    return x < -87.0f ? 0.0f : v;
}

__attribute__((target_clones("avx2", "default")))
void credo_softplus(const float *restrict x, float *restrict y, long n) {
    for (long i = 0; i < n; i++) {
        float xi = x[i];
        y[i] = xi != xi ? xi : softplus(xi);  // NaN stays NaN
    }
}

__attribute__((target_clones("avx2", "default")))
void credo_sigmoid(const float *restrict x, float *restrict y, long n) {
    for (long i = 0; i < n; i++) {
        float xi = x[i];
        float e = exp_nonpositive(negative_magnitude(xi));
        float d = 1.0f + e;
        float v = xi >= 0 ? 1.0f / d : e / d;
        v = xi < -87.0f ? 0.0f : v;
        y[i] = xi != xi ? xi : v;
    }
}

__attribute__((target_clones("avx2", "default")))
float credo_shifted_bernoulli_log_probability(const float *restrict t, const float *restrict o,
                                              const float *restrict w, float d, long n) {
    // Eight partial sums, so that the reduction vectorises without reassociating one sum.
    float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    long j = 0;
    for (; j + 8 <= n; j += 8) {
        for (int l = 0; l < 8; l++) {
            float s = o[j + l] + d * w[j + l];
            acc[l] += t[j + l] * s - softplus(s);
        }
    }
    float total = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
    for (; j < n; j++) {
        float s = o[j] + d * w[j];
        total += t[j] * s - softplus(s);
    }
    return total;
}
