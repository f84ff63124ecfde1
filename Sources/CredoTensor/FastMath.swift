/// tanh by a [13/6] rational approximation on [−7.9053, 7.9053] (Eigen's `generic_fast_tanh_float`),
/// accurate to a few ulp in Float32, branch-free and vectorisable; glibc's `tanhf` goes through
/// `expm1f` and costs several times more, which dominated small-network training steps.
@inline(__always)
internal func fastTanh(_ x: Float) -> Float {
    let c: Float = 7.90531110763549805
    let t = Swift.min(Swift.max(x, -c), c)
    let t2 = t * t
    var p: Float = -2.76076847742355e-16
    p = p * t2 + 2.00018790482477e-13
    p = p * t2 - 8.60467152213735e-11
    p = p * t2 + 5.12229709037114e-08
    p = p * t2 + 1.48572235717979e-05
    p = p * t2 + 6.37261928875436e-04
    p = p * t2 + 4.89352455891786e-03
    p = p * t
    var q: Float = 1.19825839466702e-06
    q = q * t2 + 1.18534705686654e-04
    q = q * t2 + 2.26843463243900e-03
    q = q * t2 + 4.89352518554385e-03
    // Below 4e-4, tanh x = x to Float32 precision; a select, not a branch, so loops vectorise.
    return Swift.abs(x) < 0.0004 ? x : p / q
}
