import CredoNN
import Foundation
import CredoTensor

/// A feed-forward network of stochastic units (the HNCA paper's contextual-bandit agent):
/// hidden layers of Bernoulli units with outputs ±1, then a softmax output unit that picks the
/// action.
///
///     layer k:  l_k = h_{k−1} W_k + c_k,   p_k = σ(l_k),   φ_k ~ Bernoulli(p_k),   h_k = 2φ_k − 1
///     output:   o = h_L V + d,             π = softmax(o),  a ~ Categorical(π)
///
/// with h_0 = x, the context. Parameters are named "hidden0/weight", …, "output/bias"; gradient
/// estimates (`hncaGradient`, `reinforceGradient`) follow `parameterTensors` order.
public struct BernoulliNetwork: Module {
    public var hidden: [Linear]
    public var output: Linear

    /// - Parameter sizes: input size, the hidden layer sizes, the number of actions.
    public init(sizes: [Int], using rng: inout RandomGenerator) {
        precondition(sizes.count >= 3 && sizes.allSatisfy { $0 > 0 },
                     "a Bernoulli network needs input, at least one hidden and output sizes, got \(sizes)")
        hidden = (0..<(sizes.count - 2)).map { Linear(inputSize: sizes[$0], outputSize: sizes[$0 + 1], using: &rng) }
        output = Linear(inputSize: sizes[sizes.count - 2], outputSize: sizes.last!, using: &rng)
    }

    /// The layer widths, input first.
    public var sizes: [Int] { [hidden[0].inputSize] + hidden.map(\.outputSize) + [output.outputSize] }
    public var actionCount: Int { output.outputSize }

    public mutating func visitParameters(_ visit: (String, inout Tensor) -> Void) {
        for i in hidden.indices { hidden[i].visitParameters(prefix: "hidden\(i)", visit) }
        output.visitParameters(prefix: "output", visit)
    }

    /// Samples every unit for a batch of contexts x [B, inputSize] (constants throughout).
    public func sample(_ x: Tensor, using rng: inout RandomGenerator) -> BernoulliNetworkSample {
        precondition(x.rank == 2 && x.shape[1] == sizes[0], "contexts of shape \(x.shape), expected [B, \(sizes[0])]")
        var inputs = [x.detached], logits: [Tensor] = [], outputs: [Tensor] = []
        for layer in hidden {
            let l = layer(inputs.last!).detached
            let u = rng.logisticNoise(shape: l.shape)
            let h = Tensor(shape: l.shape, scalars: zip(l.scalars, u.scalars).map { $0 + $1 > 0 ? 1 : -1 })
            logits.append(l)
            outputs.append(h)
            inputs.append(h)
        }
        let o = output(inputs.last!).detached
        let probabilities = o.softmax(axis: -1)
        let k = actionCount, p = probabilities.scalars
        let actions = (0..<x.shape[0]).map { row in
            let u = rng.uniformDouble()
            var cumulative = 0.0
            for j in 0..<k {
                cumulative += Double(p[row * k + j])
                if u < cumulative { return j }
            }
            return k - 1
        }
        return BernoulliNetworkSample(inputs: inputs, hiddenLogits: logits, hiddenOutputs: outputs,
                                      outputLogits: o, actionProbabilities: probabilities, actions: actions)
    }

    /// The REINFORCE estimate of ∇E[R] (ascent), averaged over the batch: every unit credits its
    /// own sample, ∂ log π(φ)/∂l · R = (φ − p) R for a Bernoulli unit and (onehot(a) − π) R for
    /// the output. `reward` has one entry per context (subtract a baseline first, if any).
    public func reinforceGradient(_ s: BernoulliNetworkSample, reward: [Float]) -> [Tensor] {
        let credits = s.hiddenLogits.indices.map { k in
            let l = s.hiddenLogits[k].scalars, h = s.hiddenOutputs[k].scalars, width = s.hiddenLogits[k].shape[1]
            return Tensor(shape: s.hiddenLogits[k].shape, scalars: l.indices.map { j in
                let p = 1 / (1 + expf(-l[j]))
                return ((h[j] + 1) / 2 - p) * reward[j / width]
            })
        }
        return parameterGradients(s, hiddenCredits: credits, reward: reward)
    }

    /// ∂/∂W = hᵀ·credit / B, ∂/∂c = Σ credit / B per layer, with the output layer's REINFORCE credit.
    func parameterGradients(_ s: BernoulliNetworkSample, hiddenCredits: [Tensor], reward: [Float]) -> [Tensor] {
        let batch = Float(reward.count), k = actionCount
        let pi = s.actionProbabilities.scalars
        let outputCredit = Tensor(shape: s.outputLogits.shape, scalars: pi.indices.map { j in
            ((s.actions[j / k] == j % k ? 1 : 0) - pi[j]) * reward[j / k]
        })
        var grads: [Tensor] = []
        for (input, credit) in zip(s.inputs, hiddenCredits + [outputCredit]) {
            grads.append(Tensor.matmul(input, credit, transposeA: true) / batch)
            grads.append(credit.sum(axis: 0) / batch)
        }
        return grads
    }
}

/// One forward pass of a `BernoulliNetwork` over a batch: what the backward pass needs.
public struct BernoulliNetworkSample: Sendable {
    /// The input to each layer: the contexts, then each hidden layer's ±1 outputs.
    public let inputs: [Tensor]
    /// l_k per hidden layer, [B, H_k].
    public let hiddenLogits: [Tensor]
    /// h_k = ±1 per hidden layer, [B, H_k].
    public let hiddenOutputs: [Tensor]
    /// o, [B, actions].
    public let outputLogits: Tensor
    /// π = softmax(o), [B, actions].
    public let actionProbabilities: Tensor
    /// a, one per context.
    public let actions: [Int]
}
