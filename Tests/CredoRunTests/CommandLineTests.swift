import ArgumentParser
import CredoAgents
import CredoRun
import Testing
@testable import rl_eval
@testable import rl_train

/// The command lines: exact `--help` texts, and bad options rejected with messages that name
/// the valid choices.
@Suite("Command line")
struct CommandLineTests {
    @Test func rlTrainHelpIsExact() {
        #expect(RLTrain.helpMessage(columns: 100) == #"""
        OVERVIEW: Train an actor-critic agent with a chosen gradient estimator.

        Values come from the built-in defaults, then the preset (--preset FILE, else envs/<env>.json in the
        working directory, else the one built into rl-train: its "defaults", then its section for the
        estimator), then these options; the first line of output names it; --set reaches every key of
        config.json. A run writes config.json, metrics.csv, learning-curve.svg and
        checkpoints/ckpt-<step>.h5 to its run directory. Ctrl-C writes a final checkpoint and exits with
        status 130; --resume continues exactly where it stopped. Under mpirun (mpirun -np N rl-train ...;
        as root add --allow-run-as-root) it trains data-parallel on N ranks, rank 0 writing the run
        directory; SIGUSR1 to mpirun stops every rank with a final checkpoint.

        USAGE: rl-train <options>

        OPTIONS:
          --env <name>            The environment (acrobot, bandit-bernoulli, bandit-contextual-linear,
                                  bandit-gaussian, cartpole, cartpole-continuous, lunarlander,
                                  lunarlander-continuous, mountaincar, mountaincar-continuous, pendulum, or
                                  gym:<id> for Gymnasium's (docs/gymnasium.md).
          --env-kwargs <json>     Keyword arguments of a gym: environment, a JSON object, e.g.
                                  '{"continuous": true}'.
          --python <path>         The Python interpreter of gym: environments (default: $CREDO_PYTHON, else
                                  .build/gym-venv/bin/python, else python3).
          --estimator <estimator> The gradient estimator. (values: reinforce, reinforce-baseline, a2c,
                                  relax, lax, pathwise, sobolev, ppo, mac, reparam-q, ddpg, td3, sac,
                                  sobolev-q)
          --seed <seed>           Seed of every random generator of the run.
          --total-steps <total-steps>
                                  Stop after this many environment steps.
          --episodes <episodes>   Stop after this many episodes (with --total-steps: whichever comes first).
          --stop-at-return <return>
                                  Stop early once the mean return of the last 100 episodes reaches this
                                  (the goal; a final checkpoint is written).
          --num-envs <num-envs>   Parallel environment copies.
          --env-split <auto|on|off>
                                  Under mpirun: split the copies over the ranks, keeping the one-rank run's
                                  batch (auto: when the rank count divides them; off: each rank runs them
                                  all). (values: auto, on, off)
          --rollout-steps <rollout-steps>
                                  Steps per environment copy per update.
          --episodic-rollouts <true|false>
                                  Roll out one whole episode per copy per update.
          --target <target>       The return target of the critic and the advantages. (values: monte-carlo,
                                  k-step, lambda, td0)
          --gamma <gamma>         Discount factor γ, in [0, 1].
          --lambda <lambda>       λ of the λ-returns, in [0, 1].
          --k-steps, --k <k-steps>
                                  K of the K-step returns (--target k-step).
          --learning-rate <learning-rate>
                                  Learning rate of the policy.
          --critic-learning-rate <critic-learning-rate>
                                  Learning rate of the critic.
          --control-variate-learning-rate <control-variate-learning-rate>
                                  Learning rate of the control variate (RELAX, LAX).
          --entropy-coefficient <entropy-coefficient>
                                  Weight of the entropy bonus.
          --epochs <epochs>       Passes over each rollout, in shuffled minibatches (PPO's epochs).
          --minibatch-size <minibatch-size>
                                  Rows (steps × copies) per minibatch of a pass (0: the whole rollout).
          --clip-range <clip-range>
                                  PPO's clip range ε: the probability ratio is clipped to [1 − ε, 1 + ε].
          --hidden-sizes <widths> Hidden layer widths, comma-separated.
          --max-gradient-norm <max-gradient-norm>
                                  Clip each network's global gradient norm to this (0: no clipping).
          --buffer-size <buffer-size>
                                  Off-policy: transitions the replay buffer holds.
          --learning-starts <learning-starts>
                                  Off-policy: environment steps of uniformly random actions before learning.
          --batch-size <batch-size>
                                  Off-policy: transitions per gradient step, drawn from the replay buffer.
          --tau <tau>             Off-policy: Polyak rate τ of the target networks, in (0, 1].
          --train-frequency <train-frequency>
                                  Off-policy: environment steps per copy between updates.
          --gradient-steps <gradient-steps>
                                  Off-policy: gradient steps per update.
          --policy-delay <policy-delay>
                                  td3, sobolev-q: critic steps per actor step.
          --target-policy-noise <target-policy-noise>
                                  td3: standard deviation of the target policy's smoothing noise.
          --initial-temperature <initial-temperature>
                                  sac: the entropy temperature α at the start (then tuned).
          --set <key=value>       Set any configuration key, e.g. --set normalizeObservations=true
                                  (repeatable).
          --preset <file>         A preset file to use instead of envs/<env>.json or the built-in preset.
          --no-preset             Use no preset: neither envs/<env>.json nor the built-in one.
          --run-dir <dir>         The run directory (default: runs/<env>-<estimator>-<seed>).
          --checkpoint-every <checkpoint-every>
                                  Write a checkpoint every this many environment steps.
          --keep-checkpoints <keep-checkpoints>
                                  Keep the newest this many checkpoints.
          --resume <checkpoint-or-dir>
                                  Continue from a checkpoint file or a run directory's newest checkpoint.
          --force                 Start a fresh run in a directory that holds an earlier run's files,
                                  deleting them.
          --quiet                 No progress output; only errors and the final summary.
          -h, --help              Show help information.
        """# + "\n")
    }

    @Test func rlEvalHelpIsExact() {
        #expect(RLEval.helpMessage(columns: 100) == #"""
        OVERVIEW: Evaluate a trained policy from a checkpoint.

        Prints the mean return ± standard deviation over the episodes. Exits with status 1 when the
        checkpoint is missing, truncated, corrupt or does not fit the policy.

        USAGE: rl-eval --checkpoint <path> [--episodes <episodes>] [--deterministic] [--seed <seed>] [--render] [--record <file.svg|gif|mp4>] [--record-mode <record-mode>] [--python <path>]

        OPTIONS:
          --checkpoint <path>     A checkpoint file, or a run directory (its newest checkpoint).
          --episodes <episodes>   Episodes to play. (default: 10)
          --deterministic         Take the most likely action instead of sampling the policy.
          --seed <seed>           Seed of the first episode (default: the training seed + 1).
          --render                Draw the first episode as text (cartpole, lunarlander).
          --record <file.svg|gif|mp4>
                                  Write the episode as an animated SVG (environments that draw themselves:
                                  cartpole, lunarlander, bandits, pendulum, acrobot, mountaincar), or for a
                                  gym: environment as a GIF or MP4 of Gymnasium's own frames
                                  (docs/recording.md).
          --record-mode <record-mode>
                                  With --record: first (the first episode into the file), each (episode k
                                  into FILE-k.svg), all (the episodes one after another in the file).
                                  (values: first, each, all; default: first)
          --python <path>         The Python interpreter of a gym: environment (default: $CREDO_PYTHON,
                                  else .build/gym-venv/bin/python, else python3).
          -h, --help              Show help information.
        """# + "\n")
    }

    /// The message ArgumentParser prints for `arguments`, or `nil` when they parse and validate.
    private func parseError(_ arguments: [String]) -> String? {
        do {
            _ = try RLTrain.parseAsRoot(arguments)
            return nil
        } catch {
            return RLTrain.message(for: error)
        }
    }

    @Test func anUnknownEnvironmentListsTheRegisteredOnes() throws {
        let message = try #require(parseError(["--env", "cartpol"]))
        #expect(message == "unknown environment \"cartpol\"; valid environments: acrobot, bandit-bernoulli, bandit-contextual-linear, "
            + "bandit-gaussian, cartpole, cartpole-continuous, lunarlander, lunarlander-continuous, mountaincar, "
            + "mountaincar-continuous, pendulum, or gym:<id> for a Gymnasium environment")
    }

    @Test func anUnknownEstimatorListsTheValidOnes() throws {
        let message = try #require(parseError(["--estimator", "rellax"]))
        for name in EstimatorName.allCases.map(\.rawValue) { #expect(message.contains("- \(name)"), "\(name) missing from: \(message)") }
    }

    @Test func outOfRangeNumbersAreRejectedWithTheOptionName() {
        #expect(parseError(["--learning-rate", "-0.001"]) == "invalid --learning-rate -0.001: a learning rate must be a positive finite number")
        #expect(parseError(["--critic-learning-rate", "0"]) == "invalid --critic-learning-rate 0.0: a learning rate must be a positive finite number")
        #expect(parseError(["--k", "0"]) == "invalid --k-steps 0: must be at least 1")
        #expect(parseError(["--rollout-steps", "0"]) == "invalid --rollout-steps 0: must be at least 1")
        #expect(parseError(["--set", "gammma=0.9"])?.hasPrefix("invalid --set \"gammma=0.9\": give key=value with one of the keys environment, ") == true)
        #expect(parseError(["--set", "relaxTemperature=0"]) == "invalid --relax-temperature 0.0: must be positive")
        #expect(parseError(["--gamma", "1.01"]) == "invalid --gamma 1.01: must lie in [0, 1]")
        #expect(parseError(["--lambda", "-0.5"]) == "invalid --lambda -0.5: must lie in [0, 1]")
        #expect(parseError(["--num-envs", "0"]) == "invalid --num-envs 0: must be at least 1")
        #expect(parseError(["--total-steps", "-5"]) == "invalid --total-steps -5: must be at least 1")
        #expect(parseError(["--entropy-coefficient", "nan"]) == "invalid --entropy-coefficient nan: must be a finite number")
        #expect(parseError(["--hidden-sizes", "64,,64"]) == "invalid --hidden-sizes \"64,,64\": give layer widths of at least 1 separated by commas, e.g. 64,64")
        #expect(parseError(["--preset", "p.json", "--no-preset"]) == "--preset and --no-preset exclude each other")
    }

    @Test func everySizeOptionHasAnUpperBoundThatSaysWhy() {
        #expect(parseError(["--num-envs", "9223372036854775807"])
            == "invalid --num-envs 9223372036854775807: must be at most 4096: each copy holds its own environment and rollout rows")
        #expect(parseError(["--rollout-steps", "100000000"])
            == "invalid --rollout-steps 100000000: must be at most 100000: the rollout buffer holds every step of an update")
        #expect(parseError(["--num-envs", "4096", "--rollout-steps", "4096"]) == "invalid --rollout-steps 4096: with 4096 environments "
            + "an update would hold 16777216 transitions; at most 4194304 fit the rollout buffer")
        #expect(parseError(["--k", "100001"]) == "invalid --k-steps 100001: must be at most 100000: K-step returns look at most a rollout ahead")
        #expect(parseError(["--set", "pathwiseHorizon=1000000"])?.hasPrefix("invalid --pathwise-horizon 1000000: must be at most 100000") == true)
        for width in ["9223372036854775807", "100000000", "64,16385"] {
            #expect(parseError(["--hidden-sizes", width])?.contains("is more than 16384 (two layers that wide hold 16384² weights") == true, "\(width)")
        }
        #expect(parseError(["--hidden-sizes", Array(repeating: "4", count: 65).joined(separator: ",")])
            == "invalid --hidden-sizes 65: at most 64 hidden layers")
        #expect(parseError(["--total-steps", "10000000000"])
            == "invalid --total-steps 10000000000: must be at most 9999999999: checkpoint names hold the step in 10 digits")
        #expect(parseError(["--episodes", "10000000000"])?.hasPrefix("invalid --episodes 10000000000: must be at most 9999999999") == true)
        #expect(parseError(["--checkpoint-every", "10000000000"])?.hasPrefix("invalid --checkpoint-every 10000000000: must be at most") == true)
        #expect(parseError(["--keep-checkpoints", "100000"])
            == "invalid --keep-checkpoints 100000: must be at most 10000: each kept checkpoint is a file on disk")
        #expect(parseError(["--set", "varianceProbeInterval=2000000"]) == "invalid --variance-probe-interval 2000000: must be at most 1000000")
        // The bounds themselves are accepted.
        #expect(parseError(["--num-envs", "4096", "--rollout-steps", "1024", "--hidden-sizes", "16384", "--keep-checkpoints", "10000",
                            "--total-steps", "9999999999"]) == nil)
    }

    @Test func ratesAreFiniteAndSane() {
        #expect(parseError(["--learning-rate", "1e30"]) == "invalid --learning-rate 1e+30: a learning rate must be at most 1.0; larger steps diverge")
        #expect(parseError(["--control-variate-learning-rate", "1.5"])?.hasPrefix("invalid --control-variate-learning-rate 1.5: a learning rate must be at most 1.0") == true)
        #expect(parseError(["--learning-rate", "1"]) == nil)
        #expect(parseError(["--learning-rate", "3.5e38"])
            == "invalid --learning-rate 3.5e+38: must be a finite 32-bit float, at most 3.4028235e+38 in magnitude")
        #expect(parseError(["--set", "learningRate=3.5e38"])
            == "invalid --learning-rate 3.5e+38: must be a finite 32-bit float, at most 3.4028235e+38 in magnitude")
        #expect(parseError(["--entropy-coefficient", "1e7"]) == "invalid --entropy-coefficient 10000000.0: must be at most 1000000.0")
        #expect(parseError(["--max-gradient-norm", "-1"]) == "invalid --max-gradient-norm -1.0: must be a finite number, zero or more")
        #expect(parseError(["--set", "initialLogStd=50"]) == "invalid --initial-log-std 50.0: must lie in [-20.0, 20.0]")
        #expect(parseError(["--set", "sobolevBeta=-1"]) == "invalid --sobolev-beta -1.0: must be a finite number, zero or more")
    }

    @Test func parseFailuresNameTheOption() throws {
        // Negative values used to read as a missing value ("-1" looked like an option).
        #expect(parseError(["--seed", "-1"]) == "The value '-1' is invalid for '--seed <seed>'")
        #expect(parseError(["--seed", "18446744073709551616"]) == "The value '18446744073709551616' is invalid for '--seed <seed>'")
        #expect(parseError(["--hidden-sizes", "-5"]) == "invalid --hidden-sizes \"-5\": give layer widths of at least 1 separated by commas, e.g. 64,64")
        #expect(parseError(["--total-steps", "99999999999999999999"]) == "The value '99999999999999999999' is invalid for '--total-steps <total-steps>'")
        #expect(parseError(["--gamma", "x"]) == "The value 'x' is invalid for '--gamma <gamma>'")
    }

    @Test func validOptionsBecomeTheRequest() throws {
        let command = try #require(try RLTrain.parseAsRoot(["--env", "lunarlander", "--estimator", "a2c", "--seed", "3",
                                                             "--gamma", "0.98", "--hidden-sizes", "128, 64", "--run-dir", "out",
                                                             "--quiet", "--k", "7", "--rollout-steps", "32", "--target", "k-step",
                                                             "--episodic-rollouts", "true", "--num-envs", "2",
                                                             "--set", "normalizeRewards=true", "--set", "activation=relu",
                                                             "--set", "gamma=0.5"]) as? RLTrain)
        let request = try command.request()
        #expect(request.overrides == ConfigurationOverrides([
            "environment": .text("lunarlander"), "estimator": .text("a2c"), "seed": .integer(3), "gamma": .number(0.98),
            "hiddenSizes": .integers([128, 64]), "kSteps": .integer(7), "rolloutSteps": .integer(32), "target": .text("k-step"),
            "episodicRollouts": .bool(true), "environmentCount": .integer(2), "normalizeRewards": .bool(true),
            "activation": .text("relu"),
        ]))
        #expect(request.runDirectory == "out" && request.quiet && !request.force && request.resume == nil)
    }

    @Test func rlEvalRejectsZeroEpisodes() {
        #expect(throws: (any Error).self) { try RLEval.parseAsRoot(["--checkpoint", "x.h5", "--episodes", "0"]) }
    }

    /// The message rl-eval prints for `arguments`, or `nil` when they parse and validate.
    private func evalError(_ arguments: [String]) -> String? {
        do {
            _ = try RLEval.parseAsRoot(["--checkpoint", "x.h5"] + arguments)
            return nil
        } catch {
            return RLEval.message(for: error)
        }
    }

    @Test func rlEvalBoundsEpisodesAndNamesTheOptionOfABadValue() {
        #expect(evalError(["--episodes", "1000001"])
            == "invalid --episodes 1000001: must be at most 1000000: every episode is played to its end and its return kept")
        #expect(evalError(["--episodes", "-3"]) == "invalid --episodes -3: must be at least 1")
        #expect(evalError(["--seed", "-1"]) == "The value '-1' is invalid for '--seed <seed>'")
        #expect(evalError(["--episodes", "1000000"]) == nil)
    }
}
