import Foundation

// credo-experiments: reproductions of the RELAX and HNCA papers' toy results.
//   relax-toy    minimise E[(b − 0.499)²], b ~ Bernoulli(σ(θ)): REINFORCE vs REBAR vs RELAX
//   hnca-bandit  classification as a contextual bandit: REINFORCE vs HNCA (± baseline)
//   vae          discrete VAEs on binarised MNIST digits, every estimator (RELAX Table 1, Storchastic E, HNCA 5)
//   vae-probe    the encoder's gradient of a discrete VAE: estimators' means against each other, KL against reconstruction
let usage = """
usage: credo-experiments relax-toy [--steps 10000] [--seed 0] [--target 0.499] [--lr 0.01]
                                   [--variance-every 250] [--variance-samples 500] [--out DIR]
       credo-experiments hnca-bandit [--images PATH --labels PATH] [--layers 1,2,3] [--hidden 200]
                                     [--epochs 20] [--batch 50] [--lr 0.001] [--train-size 5000]
                                     [--variance-samples 50] [--seed 0] [--out DIR]
       credo-experiments vae [--model linear,linear2,nonlinear,categorical|all] [--estimator NAME,...|all]
                             [--steps 2000] [--batch 50] [--lr 0.001] [--eval-every 250]
                             [--variance-samples 20] [--seed 0] [--kl-warmup 0] [--data DIR] [--out DIR]
           estimators: reinforce loo rebar relax gumbel-st (biased) arm disarm f-hnca f-hnca-baseline
       credo-experiments vae-probe [--model categorical] [--estimator loo,reinforce] [--draws 200] [--steps 300]
                                   [--every 25] [--batch 50] [--lr 0.001] [--seed 0] [--data DIR]
           data: scripts/export-mnist.py writes it to ~/.cache/credo/mnist (or $CREDO_DATA/mnist)
"""

let arguments = CommandLine.arguments
do {
    switch arguments.dropFirst().first {
    case "relax-toy": try RelaxToy(arguments.dropFirst(2)).run()
    case "hnca-bandit": try HNCABandit(arguments.dropFirst(2)).run()
    case "vae": try DiscreteVAEExperiment(arguments.dropFirst(2)).run()
    case "vae-probe": try VAEGradientProbe(arguments.dropFirst(2)).run()
    case "-h", "--help", "help": print(usage)
    default:
        FileHandle.standardError.write((usage + "\n").data(using: .utf8)!)
        exit(2)
    }
} catch {
    FileHandle.standardError.write("error: \(error)\n".data(using: .utf8)!)
    exit(1)
}
