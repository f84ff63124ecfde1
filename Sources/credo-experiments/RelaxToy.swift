import CredoDistributions
import CredoNN
import CredoPlot
import CredoSCG
import CredoTensor
import Foundation

/// The RELAX paper's toy problem (Grathwohl et al., 2018, section 6.1): minimise
/// E[(b − t)²], b ~ Bernoulli(σ(θ)), t = 0.499, from θ = 0 with Adam (lr 0.01) and one sample per
/// step. The optimum is p(b = 1) → 0, but the gradient σ′(θ)(1 − 2t) = 0.0005 at θ = 0 is tiny
/// next to the noise of a single-sample estimate.
///
/// - REINFORCE: ĝ = f(b) ∇ log p(b).
/// - REBAR: c(z) = η f(σ(z/λ)), η and log λ learnt on the variance (start η = 1, λ = 0.5).
/// - RELAX: c_φ(z) an MLP with one hidden layer of 10 tanh units on the relaxed sample σ(z),
///   φ learnt on the variance (Algorithm 1: Adam on ∇_φ ĝ², same learning rate).
///
/// Every `varianceEvery` steps, the log of the variance of ĝ over `varianceSamples` independent
/// estimates at the current parameters is recorded.
struct RelaxToy {
    enum Method: String, CaseIterable { case reinforce = "REINFORCE", rebar = "REBAR", relax = "RELAX" }

    let steps: Int, seed: Int, target: Float, lr: Float, varianceEvery: Int, varianceSamples: Int
    let output: Output

    init(_ args: ArraySlice<String>) throws {
        let a = try Arguments(args, allowed: ["steps", "seed", "target", "lr", "variance-every", "variance-samples", "out"])
        steps = try a.int("steps", default: 10000)
        seed = try a.int("seed", default: 0)
        target = try a.float("target", default: 0.499)
        lr = try a.float("lr", default: 0.01)
        varianceEvery = try a.int("variance-every", default: 250)
        varianceSamples = try a.int("variance-samples", default: 500)
        output = try Output(a.string("out"))
    }

    /// θ and the control variate's parameters for one method.
    struct Learner {
        let method: Method
        let target: Float
        var theta = ParameterList([("theta", Tensor(0))])
        var rebar = ParameterList([("eta", Tensor(1)), ("logTemperature", Tensor(Foundation.log(Float(0.5))))])
        var mlp: MLP

        var controlVariateParameters: [Tensor] {
            switch method {
            case .reinforce: return []
            case .rebar: return rebar.parameterTensors
            case .relax: return mlp.parameterTensors
            }
        }

        func estimator() -> any GradientEstimator {
            let t = target
            switch method {
            case .reinforce: return ScoreFunction()
            case .rebar: return REBAR(logTemperature: rebar["logTemperature"], scale: rebar["eta"]) { ($0 - t).squared() }
            case .relax:
                let net = mlp
                return RELAX { z in net(z.reshaped([-1, 1])).reshaped(z.shape) }
            }
        }

        /// The surrogate of one single-sample graph.
        func surrogate(using rng: inout RandomGenerator) -> Tensor {
            var scg = StochasticComputationGraph()
            let b = scg.sample("b", from: Bernoulli(logits: theta["theta"]), estimator: estimator(), using: &rng)
            scg.addCost((b.value - target).squared(), dependsOn: [b])
            return scg.surrogateLoss()
        }
    }

    func train(_ method: Method) -> [String] {
        var rng = RandomGenerator(seed: UInt64(seed))
        var varianceRNG = rng.split()
        var learner = Learner(method: method, target: target, mlp: MLP(sizes: [1, 10, 1], activation: .tanh, using: &rng))
        var thetaOptimizer = Adam(learningRate: lr), phiOptimizer = Adam(learningRate: lr)
        var rows: [String] = []
        for step in 0...steps {
            let theta = learner.theta["theta"].scalar
            if step % varianceEvery == 0 || step == steps {
                let v = GradientVariance(count: varianceSamples, of: { learner.surrogate(using: &$0) },
                                         wrt: [learner.theta["theta"]], using: &varianceRNG)
                let p = 1 / (1 + exp(-theta)), t = target
                let loss = p * (1 - t) * (1 - t) + (1 - p) * t * t
                rows.append("\(method.rawValue),\(step),\(theta),\(p),\(loss),\(v.logMeanVariance)")
            }
            if step == steps { break }
            let sl = learner.surrogate(using: &rng)
            if method == .reinforce {
                thetaOptimizer.update(&learner.theta, along: gradients(of: sl, wrt: learner.theta.parameterTensors))
            } else {
                let r = relaxVarianceGradients(of: sl, parameters: learner.theta.parameterTensors,
                                               controlVariateParameters: learner.controlVariateParameters)
                thetaOptimizer.update(&learner.theta, along: r.estimate)
                if method == .rebar { phiOptimizer.update(&learner.rebar, along: r.controlVariateGradients) }
                else { phiOptimizer.update(&learner.mlp, along: r.controlVariateGradients) }
            }
        }
        return rows
    }

    func run() throws {
        var csv = ["estimator,step,theta,p_b1,expected_loss,log_variance"]
        var pPlot = SVGLinePlot.Panel(title: "RELAX toy, t = \(target): p(b = 1)", xLabel: "step", yLabel: "p(b = 1)")
        var vPlot = SVGLinePlot.Panel(title: "RELAX toy: log variance of the gradient estimate", xLabel: "step", yLabel: "log Var(ĝ)")
        for method in Method.allCases {
            let start = Date()
            let rows = train(method)
            csv += rows
            let fields = rows.map { $0.split(separator: ",").map(String.init) }
            pPlot.add(method.rawValue, points: fields.map { (Double($0[1])!, Double($0[3])!) })
            vPlot.add(method.rawValue, points: fields.map { (Double($0[1])!, Double($0[5])!) })
            let meanLogVar = fields.map { Double($0[5])! }.reduce(0, +) / Double(fields.count)
            FileHandle.standardError.write(String(format: "%@: final p(b=1) = %.4f, mean log variance = %.2f, %.1f s\n",
                                                  method.rawValue, Double(fields.last![3])!, meanLogVar,
                                                  Date().timeIntervalSince(start)).data(using: .utf8)!)
        }
        try output.writeCSV(csv, name: "relax-toy.csv")
        try SVGLinePlot(panels: [pPlot]).write(to: output.path("relax-toy-p.svg"))
        try SVGLinePlot(panels: [vPlot]).write(to: output.path("relax-toy-log-variance.svg"))
    }
}
