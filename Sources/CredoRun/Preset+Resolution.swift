import Foundation

/// Which preset a fresh run uses, and where it came from.
///
/// In order: an explicit `--preset FILE` (an error if it cannot be read); else `envs/<env>.json`
/// in the working directory, a user's own; else the preset that ships inside the program
/// (`BuiltInPresets`, compiled from the repository's `envs/`), so that `rl-train` run from any
/// directory applies the tuned settings; else none (the built-in defaults). `--no-preset`
/// skips all of them.
public struct PresetChoice: Sendable {
    public var preset: Preset?
    /// The line `rl-train` prints first: which preset is in use, or that none applies.
    public var summary: String

    /// Resolves the preset of `env` for a run started in the current working directory;
    /// `builtIn` holds the presets that ship with the trainers (`TrainerCatalog.builtInPresets`);
    /// `validKeys` are the keys its values may name (`TrainerCatalog.keys`).
    public static func resolve(env: String, explicitPath: String?, ignore: Bool, directory: String = "envs",
                               builtIn: [String: String], validKeys: [String] = TrainerCatalog.standard.keys) throws(RunError) -> PresetChoice {
        if ignore { return PresetChoice(preset: nil, summary: "preset: none (--no-preset): the built-in defaults") }
        if let explicitPath {
            guard FileManager.default.fileExists(atPath: explicitPath) else {
                throw .invalidPreset(path: explicitPath, reason: "no such file (--preset names a preset file to use)")
            }
            return PresetChoice(preset: try Preset.load(path: explicitPath, validKeys: validKeys), summary: "preset: \(explicitPath) (--preset)")
        }
        let local = Preset.defaultPath(env: env, directory: directory)
        if FileManager.default.fileExists(atPath: local) {
            return PresetChoice(preset: try Preset.load(path: local, validKeys: validKeys), summary: "preset: \(local) (in the working directory)")
        }
        if let text = builtIn[Preset.fileStem(env: env)] {
            let name = "built-in preset envs/\(Preset.fileStem(env: env)).json"
            return PresetChoice(preset: try Preset.parse(Data(text.utf8), path: name, validKeys: validKeys), summary: "preset: \(name)")
        }
        return PresetChoice(preset: nil, summary: "preset: none for \(env) (no \(local) here or built in): the built-in defaults")
    }

}
