import Foundation

/// Why a Gymnasium environment could not be made or stepped. Every case's description names
/// what went wrong and, where something is missing, the command that installs it.
public enum GymError: Error, CustomStringConvertible, LocalizedError, Equatable {
    /// No interpreter at the chosen path, or `python3` not on PATH.
    case noPython(String, chosenBy: String)
    /// The interpreter cannot import a module the bridge needs (gymnasium, numpy).
    case missingModule(String, python: String)
    /// Gymnasium has no environment of this id.
    case unknownEnvironment(id: String, gymnasium: String)
    /// The environment needs an extra that is not installed (box2d, mujoco, ...).
    case missingExtra(id: String, extra: String?, gymnasium: String, python: String)
    /// An observation or action space other than Discrete and Box.
    case unsupportedSpace(String)
    /// `environmentKwargs` is not a JSON object.
    case invalidKeywordArguments(String, reason: String)
    /// A worker raised: its exception's type, text and traceback.
    case workerRaised(worker: Int, type: String, message: String, traceback: String)
    /// A worker's pipe closed (it crashed or was killed); how it ended.
    case workerDied(worker: Int, pid: Int32, how: String)
    /// A worker did not answer within the timeout.
    case timeout(worker: Int, seconds: Double, during: String)
    /// A worker's answer broke the protocol (wrong tag or length).
    case protocolViolation(worker: Int, String)
    /// A worker sent NaN or ±∞ in an observation or a reward.
    case nonFinite(what: String, copy: Int, value: Double)
    /// The encoder of a recording (Pillow, imageio-ffmpeg) does not import: what, its pip
    /// requirement, the import error.
    case missingEncoder(String, requirement: String, reason: String, python: String)
    /// The environment cannot be recorded: no `rgb_array` render mode, or rendering failed.
    case cannotRender(String)
    /// Writing a recording's frames failed (the worker's encoder error).
    case recordingFailed(path: String, reason: String)
    /// The environment was used after a failure or after `close()`.
    case closed(String)
    /// An environment variable of the bridge's settings holds a value outside its rule.
    case invalidSetting(variable: String, value: String, rule: String)

    /// What installs Gymnasium with its Box2D and MuJoCo extras.
    public static let installHint = "run `make gym` (it creates .build/gym-venv with gymnasium[box2d,mujoco]), "
        + "or pick an interpreter that has it with --python PATH or CREDO_PYTHON"

    public var description: String {
        switch self {
        case .noPython(let python, let chosenBy):
            return "no Python interpreter \(python) (\(chosenBy)); gym: environments run in Python: \(Self.installHint)"
        case .missingModule(let module, let python):
            return "\(python) cannot import \(module), which gym: environments need: \(Self.installHint) "
                + "(or `\(python) -m pip install \"gymnasium[box2d,mujoco]\"`)"
        case .unknownEnvironment(let id, let gymnasium):
            return "unknown Gymnasium environment \"\(id)\": \(gymnasium) (list the registered ids with "
                + "`python -c \"import gymnasium; gymnasium.pprint_registry()\"`; a third-party id is written module:EnvId-v0)"
        case .missingExtra(let id, let extra, let gymnasium, let python):
            let install = extra.map { "`\(python) -m pip install \"gymnasium[\($0)]\"` or `make gym`" } ?? "`make gym`"
            return "gym:\(id) needs \(extra.map { "Gymnasium's \($0) extra" } ?? "a package that is not installed"): "
                + "\(gymnasium); install it with \(install)"
        case .unsupportedSpace(let message):
            return message
        case .invalidKeywordArguments(let text, let reason):
            return "invalid --env-kwargs \(text): \(reason); give a JSON object, e.g. '{\"continuous\": true}'"
        case .workerRaised(let worker, let type, let message, let traceback):
            let tail = traceback.isEmpty ? "" : "\n" + traceback
            return "Gymnasium worker \(worker) raised \(type): \(message)\(tail)"
        case .workerDied(let worker, let pid, let how):
            return "Gymnasium worker \(worker) (pid \(pid)) died: \(how)"
        case .timeout(let worker, let seconds, let during):
            return "Gymnasium worker \(worker) did not answer within \(seconds) s during \(during) "
                + "(the environment hangs, or set a longer timeout with CREDO_GYM_TIMEOUT=<seconds>); its workers were stopped"
        case .protocolViolation(let worker, let what):
            return "Gymnasium worker \(worker) broke the protocol: \(what)"
        case .nonFinite(let what, let copy, let value):
            return "the Gymnasium environment returned a non-finite \(what) (\(value)) in copy \(copy); training stopped"
        case .missingEncoder(let what, let requirement, let reason, let python):
            return "recording a gym: environment needs \(what), which \(python) cannot import (\(reason)): install it with "
                + "`\(python) -m pip install \(requirement)` or `make gym`"
        case .cannotRender(let message):
            let hint = message.lowercased().contains("gl") || message.lowercased().contains("mujoco")
                ? " (MuJoCo renders through OpenGL: try MUJOCO_GL=egl or MUJOCO_GL=osmesa; docs/recording.md)" : ""
            return "--record cannot record this environment: \(message)\(hint)"
        case .recordingFailed(let path, let reason):
            return "writing the recording \(path) failed: \(reason)"
        case .closed(let why):
            return "the Gymnasium environment is closed: \(why)"
        case .invalidSetting(let variable, let value, let rule):
            return "\(variable)=\(value) is not valid: \(rule)"
        }
    }

    public var errorDescription: String? { description }
}
