#ifndef CREDO_KERNELS_H
#define CREDO_KERNELS_H
// Small C pieces Swift cannot express well on Linux: update loops Swift cannot vectorise
// (Swift's Float.squareRoot() keeps glibc's errno fallback, a call to sqrtf, which blocks SIMD
// square roots), and glibc's mallopt, which Swift's Glibc module does not import.

/// One Adam update of n parameters in place (PyTorch's arrangement):
///   m <- b1 m + (1 - b1) g,  v <- b2 v + (1 - b2) g^2,
///   p <- p - stepSize * m / (sqrt(v) * invRootC2 + eps),
/// with stepSize = lr / (1 - b1^t) and invRootC2 = 1 / sqrt(1 - b2^t).
void credo_adam_update(float *parameters, const float *gradients, float *m, float *v, long n,
                       float beta1, float beta2, float stepSize, float invRootC2, float epsilon);

/// One RMSProp update of n parameters in place: v <- a v + (1 - a) g^2, p <- p - lr g / (sqrt(v) + eps).
void credo_rmsprop_update(float *parameters, const float *gradients, float *v, long n,
                          float alpha, float learningRate, float epsilon);

/// y[i] = tanh(x[i]) for n floats by a [13/6] rational approximation on [-7.9053, 7.9053]
/// (Eigen's generic_fast_tanh_float), accurate to a few ulp, branch-free; compiled for AVX2
/// and for baseline x86-64, chosen when the program loads (the same bits either way).
void credo_tanh(const float *x, float *y, long n);
/// x[i] = tanh(x[i]) in place: the same bits as `credo_tanh`.
void credo_tanh_inplace(float *x, long n);

/// out[i] = g[i] (1 − y[i]²) for n floats, multiplications and subtraction rounded in that
/// order (no fused multiply-add): tanh's backward pass; AVX2 and baseline clones, same bits.
void credo_tanh_backward(const float *g, const float *y, float *out, long n);

/// y[i] = softplus(x[i]) = log(1 + e^x[i]) and y[i] = sigmoid(x[i]) = 1 / (1 + e^-x[i]) for n
/// floats, without libm: e^-|x| by range reduction to 2^k 2^f and a polynomial, log(1 + e) by
/// an atanh series; accurate to a few ulp (absolute 1e-7 for softplus), branch-free, AVX2 and
/// baseline clones with the same bits. NaN stays NaN.
void credo_softplus(const float *x, float *y, long n);
void credo_sigmoid(const float *x, float *y, long n);

/// Σ_j t[j] s_j − softplus(s_j) with s_j = o[j] + d w[j], over n entries: a Bernoulli
/// log-likelihood at logits shifted along w (f-HNCA's counterfactuals), in one pass.
float credo_shifted_bernoulli_log_probability(const float *t, const float *o, const float *w, float d, long n);

/// C = op(A) op(B), C += op(A) op(B) when `accumulate`, or C = op(A) op(B) + bias (bias[j] added
/// to every row) when `bias` is not NULL, for row-major m × k op(A) and k × n op(B) (op transposes
/// when asked; lda, ldb, ldc are row strides as in cblas_sgemm), on CPUs with AVX2 and FMA. Each
/// c_ij is the fused multiply-add chain over p = 0, 1, ..., k−1 from +0, then + c_ij or + bias_j
/// (one rounding): the same bits on every such CPU.
/// Returns 1 when it computed C, 0 when it did nothing (no AVX2/FMA, empty extents, no memory),
/// and the caller should use BLAS.
int credo_sgemm_small(int transposeA, int transposeB, long m, long n, long k, const float *A, long lda,
                      const float *B, long ldb, int accumulate, const float *bias, float *C, long ldc);

/// 1 when `credo_sgemm_small` runs on this CPU (x86-64 with AVX2 and FMA), 0 otherwise.
int credo_sgemm_small_available(void);

/// glibc's M_TRIM_THRESHOLD and M_MMAP_THRESHOLD set through mallopt; returns 1 when both were
/// accepted, 0 otherwise (and 0 without glibc).
int credo_set_heap_thresholds(long trimThreshold, long mmapThreshold);
#endif
