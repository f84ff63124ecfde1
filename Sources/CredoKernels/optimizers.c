#include "CredoKernels.h"

// __builtin_elementwise_sqrt lowers to llvm.sqrt (no errno), so these loops vectorise.

void credo_adam_update(float *restrict parameters, const float *restrict gradients, float *restrict m,
                       float *restrict v, long n, float beta1, float beta2, float stepSize, float invRootC2,
                       float epsilon) {
    for (long i = 0; i < n; i++) {
        float g = gradients[i];
        float mi = beta1 * m[i] + (1 - beta1) * g;
        float vi = beta2 * v[i] + (1 - beta2) * g * g;
        m[i] = mi;
        v[i] = vi;
        parameters[i] -= stepSize * mi / (__builtin_elementwise_sqrt(vi) * invRootC2 + epsilon);
    }
}

void credo_rmsprop_update(float *restrict parameters, const float *restrict gradients, float *restrict v, long n,
                          float alpha, float learningRate, float epsilon) {
    for (long i = 0; i < n; i++) {
        float g = gradients[i];
        float vi = alpha * v[i] + (1 - alpha) * g * g;
        v[i] = vi;
        parameters[i] -= learningRate * g / (__builtin_elementwise_sqrt(vi) + epsilon);
    }
}
