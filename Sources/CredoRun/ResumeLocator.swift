import CredoCheckpoint
import Foundation

/// Turns the argument of `--resume` into a checkpoint file and the run directory it belongs to.
///
/// - a file: that checkpoint; its run directory is the folder above `checkpoints/` when it
///   lies in one (`runs/a/checkpoints/ckpt-0000001000.h5` belongs to `runs/a`), else none;
/// - a run directory: the newest checkpoint in its `checkpoints/` folder;
/// - a `checkpoints/` folder itself: its newest checkpoint, in the run above it.
public enum ResumeLocator {
    /// Where a resumed run starts.
    public struct Location: Equatable, Sendable {
        /// The checkpoint file to read.
        public var checkpoint: String
        /// The run directory the checkpoint belongs to, when it lies in one.
        public var runDirectory: String?

        public init(checkpoint: String, runDirectory: String?) {
            self.checkpoint = checkpoint
            self.runDirectory = runDirectory
        }
    }

    /// Finds the checkpoint `path` points at; throws `.noCheckpoint` saying why there is none.
    public static func locate(_ path: String) throws(RunError) -> Location {
        let path = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .noCheckpoint(path: path, reason: "no such file or directory")
        }
        guard isDirectory.boolValue else {
            return Location(checkpoint: path, runDirectory: runDirectory(ofCheckpointsFolder: parent(of: path)))
        }
        let run = RunDirectory(path: path)
        let (folder, owner): (String, String?) = FileManager.default.fileExists(atPath: run.checkpointsPath)
            ? (run.checkpointsPath, path) : (path, runDirectory(ofCheckpointsFolder: path))
        let latest: String?
        do {
            latest = try CheckpointRotation.latest(in: folder)
        } catch {
            throw .noCheckpoint(path: path, reason: error.description)
        }
        guard let latest else {
            throw .noCheckpoint(path: path, reason: "the directory holds no checkpoint (ckpt-<step>.h5)")
        }
        return Location(checkpoint: latest, runDirectory: owner)
    }

    private static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The run directory holding `folder` when `folder` is a run's `checkpoints/`.
    private static func runDirectory(ofCheckpointsFolder folder: String) -> String? {
        guard folder == "checkpoints" || folder.hasSuffix("/checkpoints") else { return nil }
        return folder == "checkpoints" ? "." : parent(of: folder)
    }
}
