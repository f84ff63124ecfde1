#include "CredoKernels.h"
#include <stdlib.h>

// Small matrix products for CPUs with AVX2 and FMA, without OpenBLAS's packing, its β pass and
// its call overhead, which dominate products of a few tens of rows and columns (a policy's
// 64 × 64 layers). Every element of C is
//     c_ij = fma(a_i,k−1, b_k−1,j, ... fma(a_i1, b_1j, fma(a_i0, b_0j, +0)))   (+ c_ij or + bias_j, one rounding)
// in this order, so on every CPU with AVX2 and FMA the result does not depend on the tiling,
// the CPU model or the BLAS installed. Other CPUs get OpenBLAS (the caller falls back).

#if defined(__x86_64__)
#include <immintrin.h>

#define MR 6  // rows per tile: 6 × 2 accumulators of 8 lanes, 2 for B, 1 broadcast = 15 of 16 registers

// One tile of mr <= 6 rows and nv <= 2 vectors of 8 columns (the last one masked when
// `masked`). op(A)(i, p) = A[i rsA + p csA]; B is k × n, row stride ldb.
__attribute__((target("avx2,fma"), always_inline))
static inline void tile(const int mr, const int nv, const int masked, long k, const float *A, long rsA, long csA,
                        const float *B, long ldb, float *C, long ldc, int accumulate, const float *bias,
                        __m256i mask) {
    __m256 acc[MR][2];
    for (int i = 0; i < mr; i++)
        for (int v = 0; v < nv; v++) acc[i][v] = _mm256_setzero_ps();
    for (long p = 0; p < k; p++) {
        const float *b = B + p * ldb;
        __m256 bv[2];
        for (int v = 0; v < nv; v++)
            bv[v] = (masked && v == nv - 1) ? _mm256_maskload_ps(b + 8 * v, mask) : _mm256_loadu_ps(b + 8 * v);
        const float *a = A + p * csA;
        for (int i = 0; i < mr; i++) {
            __m256 ai = _mm256_broadcast_ss(a + i * rsA);
            for (int v = 0; v < nv; v++) acc[i][v] = _mm256_fmadd_ps(ai, bv[v], acc[i][v]);
        }
    }
    __m256 biasv[2];
    if (bias)
        for (int v = 0; v < nv; v++)
            biasv[v] = (masked && v == nv - 1) ? _mm256_maskload_ps(bias + 8 * v, mask) : _mm256_loadu_ps(bias + 8 * v);
    for (int i = 0; i < mr; i++) {
        float *c = C + i * ldc;
        for (int v = 0; v < nv; v++) {
            int last = masked && v == nv - 1;
            __m256 r = acc[i][v];
            if (bias) r = _mm256_add_ps(r, biasv[v]);
            else if (accumulate) r = _mm256_add_ps(r, last ? _mm256_maskload_ps(c + 8 * v, mask) : _mm256_loadu_ps(c + 8 * v));
            if (last) _mm256_maskstore_ps(c + 8 * v, mask, r);
            else _mm256_storeu_ps(c + 8 * v, r);
        }
    }
}

#define TILE(NV, MASKED)                                                                              \
    switch (mr) {                                                                                     \
    case 6: tile(6, NV, MASKED, k, a, rsA, csA, b, ldb, c, ldc, accumulate, bj, mask); break;             \
    case 5: tile(5, NV, MASKED, k, a, rsA, csA, b, ldb, c, ldc, accumulate, bj, mask); break;             \
    case 4: tile(4, NV, MASKED, k, a, rsA, csA, b, ldb, c, ldc, accumulate, bj, mask); break;             \
    case 3: tile(3, NV, MASKED, k, a, rsA, csA, b, ldb, c, ldc, accumulate, bj, mask); break;             \
    case 2: tile(2, NV, MASKED, k, a, rsA, csA, b, ldb, c, ldc, accumulate, bj, mask); break;             \
    default: tile(1, NV, MASKED, k, a, rsA, csA, b, ldb, c, ldc, accumulate, bj, mask); break;            \
    }

__attribute__((target("avx2,fma")))
static void gemm_avx2(long m, long n, long k, const float *A, long rsA, long csA, const float *B, long ldb,
                      float *C, long ldc, int accumulate, const float *bias) {
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    for (long j = 0; j < n; j += 16) {
        long width = n - j < 16 ? n - j : 16;
        int nv = (int)((width + 7) / 8);
        int rem = (int)(width - 8 * (nv - 1));  // columns in the last vector, 1...8
        int masked = rem < 8;
        __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(rem), lanes);
        const float *b = B + j, *bj = bias ? bias + j : NULL;
        for (long i = 0; i < m; i += MR) {
            int mr = (int)(m - i < MR ? m - i : MR);
            const float *a = A + i * rsA;
            float *c = C + i * ldc + j;
            if (nv == 2) {
                if (masked) { TILE(2, 1) } else { TILE(2, 0) }
            } else {
                if (masked) { TILE(1, 1) } else { TILE(1, 0) }
            }
        }
    }
}

// dst (cols × rows, row stride rows) = the transpose of src (rows × cols, row stride lds):
// 8 × 8 blocks through registers, the edges one element at a time. Moves bits, no arithmetic.
__attribute__((target("avx2,fma")))
static void transpose(const float *src, long lds, long rows, long cols, float *dst) {
    long r8 = rows - rows % 8, c8 = cols - cols % 8;
    for (long r = 0; r < r8; r += 8) {
        for (long c = 0; c < c8; c += 8) {
            const float *s = src + r * lds + c;
            __m256 x0 = _mm256_loadu_ps(s), x1 = _mm256_loadu_ps(s + lds), x2 = _mm256_loadu_ps(s + 2 * lds),
                   x3 = _mm256_loadu_ps(s + 3 * lds), x4 = _mm256_loadu_ps(s + 4 * lds), x5 = _mm256_loadu_ps(s + 5 * lds),
                   x6 = _mm256_loadu_ps(s + 6 * lds), x7 = _mm256_loadu_ps(s + 7 * lds);
            __m256 t0 = _mm256_unpacklo_ps(x0, x1), t1 = _mm256_unpackhi_ps(x0, x1), t2 = _mm256_unpacklo_ps(x2, x3),
                   t3 = _mm256_unpackhi_ps(x2, x3), t4 = _mm256_unpacklo_ps(x4, x5), t5 = _mm256_unpackhi_ps(x4, x5),
                   t6 = _mm256_unpacklo_ps(x6, x7), t7 = _mm256_unpackhi_ps(x6, x7);
            __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE),
                   u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE),
                   u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE),
                   u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
            float *d = dst + c * rows + r;
            _mm256_storeu_ps(d, _mm256_permute2f128_ps(u0, u4, 0x20));
            _mm256_storeu_ps(d + rows, _mm256_permute2f128_ps(u1, u5, 0x20));
            _mm256_storeu_ps(d + 2 * rows, _mm256_permute2f128_ps(u2, u6, 0x20));
            _mm256_storeu_ps(d + 3 * rows, _mm256_permute2f128_ps(u3, u7, 0x20));
            _mm256_storeu_ps(d + 4 * rows, _mm256_permute2f128_ps(u0, u4, 0x31));
            _mm256_storeu_ps(d + 5 * rows, _mm256_permute2f128_ps(u1, u5, 0x31));
            _mm256_storeu_ps(d + 6 * rows, _mm256_permute2f128_ps(u2, u6, 0x31));
            _mm256_storeu_ps(d + 7 * rows, _mm256_permute2f128_ps(u3, u7, 0x31));
        }
    }
    for (long r = 0; r < rows; r++) {
        long c0 = r < r8 ? c8 : 0;
        for (long c = c0; c < cols; c++) dst[c * rows + r] = src[r * lds + c];
    }
}

static int cpu_has_avx2_fma(void) {
    static int support = -1;
    if (support < 0) {
        __builtin_cpu_init();
        support = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    }
    return support;
}

int credo_sgemm_small_available(void) { return cpu_has_avx2_fma(); }

int credo_sgemm_small(int transposeA, int transposeB, long m, long n, long k, const float *A, long lda,
                      const float *B, long ldb, int accumulate, const float *bias, float *C, long ldc) {
    if (!cpu_has_avx2_fma() || m <= 0 || n <= 0 || k <= 0) return 0;
    long rsA = transposeA ? 1 : lda, csA = transposeA ? lda : 1;
    if (!transposeB) {
        gemm_avx2(m, n, k, A, rsA, csA, B, ldb, C, ldc, accumulate, bias);
        return 1;
    }
    // B is stored n × k: copy it transposed into k × n, so that rows run along C's columns.
    float local[4096];
    float *bt = k * n <= 4096 ? local : malloc(sizeof(float) * (size_t)(k * n));
    if (!bt) return 0;
    transpose(B, ldb, n, k, bt);
    gemm_avx2(m, n, k, A, rsA, csA, bt, n, C, ldc, accumulate, bias);
    if (bt != local) free(bt);
    return 1;
}

#else

int credo_sgemm_small_available(void) { return 0; }

int credo_sgemm_small(int transposeA, int transposeB, long m, long n, long k, const float *A, long lda,
                      const float *B, long ldb, int accumulate, const float *bias, float *C, long ldc) {
    return 0;
}

#endif
