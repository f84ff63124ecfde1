#ifndef CREDO_KERNELS_H
#define CREDO_KERNELS_H
// Small C kernels for loops Swift cannot vectorise on Linux: Swift's Float.squareRoot() keeps
// glibc's errno fallback (a call to sqrtf), which blocks SIMD square roots.

/// One Adam update of n parameters in place (PyTorch's arrangement):
///   m <- b1 m + (1 - b1) g,  v <- b2 v + (1 - b2) g^2,
///   p <- p - stepSize * m / (sqrt(v) * invRootC2 + eps),
/// with stepSize = lr / (1 - b1^t) and invRootC2 = 1 / sqrt(1 - b2^t).
void credo_adam_update(float *parameters, const float *gradients, float *m, float *v, long n,
                       float beta1, float beta2, float stepSize, float invRootC2, float epsilon);

/// One RMSProp update of n parameters in place: v <- a v + (1 - a) g^2, p <- p - lr g / (sqrt(v) + eps).
void credo_rmsprop_update(float *parameters, const float *gradients, float *v, long n,
                          float alpha, float learningRate, float epsilon);
#endif
