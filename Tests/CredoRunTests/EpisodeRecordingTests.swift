import CredoEnvironments
import CredoAgents
import CredoRun
import CredoTensor
import CredoTestSupport
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// An environment that does not draw itself.
private struct Blank: Environment {
    var rng = RandomGenerator(seed: 0)
    var observationSpace: Space { .box(low: 0, high: 0, shape: [1]) }
    var actionSpace: Space { .discrete(2) }
    mutating func reset(seed: UInt64?) -> [Float] { [0] }
    mutating func step(_ action: Action) -> StepResult { StepResult(observation: [0], reward: 0, terminated: true, truncated: false) }
}

/// What the recording tests read from a written SVG, through `XMLParser`: the root's frame
/// count, and the captions and statuses (the texts of the caption strip) in document order.
private struct CaptionStrip {
    var frames = 0
    var texts: [String] = []

    init(path: String) throws {
        final class Reader: NSObject, XMLParserDelegate {
            var frames = 0, texts: [String] = [], inText = false
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                        attributes: [String: String] = [:]) {
                if name == "svg" { frames = Int(attributes["data-frames"] ?? "") ?? -1 }
                if name == "text" { inText = true; texts.append("") }
            }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                if name == "text" { inText = false }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { texts[texts.count - 1] += string } }
        }
        let parser = try #require(XMLParser(contentsOf: URL(fileURLWithPath: path)))
        let reader = Reader()
        parser.delegate = reader
        #expect(parser.parse(), "well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
        frames = reader.frames
        texts = reader.texts
    }
}

@Suite("rl-eval --record")
struct EpisodeRecordingTests {
    /// Plays `episodes` episodes of a counting run (its controller balances CartPole for all
    /// 500 steps) while recording them into `output`.
    private func record(_ output: String, mode: RecordMode, episodes: Int) throws -> [String] {
        let temporary = try TemporaryDirectory()
        let run = temporary.file("run")
        _ = try countingLauncher().run(countingRequest(run, totalSteps: 20))
        let recording = try EpisodeRecording(output: output, mode: mode, episodes: episodes, checkpoint: run,
                                             catalog: countingCatalog(), deterministic: true)
        let evaluation = try PolicyEvaluation.evaluate(checkpoint: run, catalog: recording.catalog(wrapping: countingCatalog()),
                                                       episodes: episodes, deterministic: true)
        #expect(evaluation.result.lengths == Array(repeating: 500, count: episodes))
        let (files, note) = try recording.finish()
        #expect(note == nil)
        return files
    }

    @Test func theFirstEpisodeIsRecordedWithItsCaption() throws {
        let temporary = try TemporaryDirectory()
        let output = temporary.file("media/episode.svg")
        #expect(try record(output, mode: .first, episodes: 2) == [output])
        let strip = try CaptionStrip(path: output)
        #expect(strip.frames == 501)
        #expect(strip.texts.first == "cartpole · a2c · checkpoint step 20 · deterministic")
        #expect(strip.texts.filter { $0.hasPrefix("step ") }.count == 501)
        #expect(strip.texts.last == "step 500 · return 500.00")
    }

    @Test func eachEpisodeGetsItsOwnFileOrAllShareOne() throws {
        let temporary = try TemporaryDirectory()
        let each = try record(temporary.file("ep.svg"), mode: .each, episodes: 2)
        #expect(each == [temporary.file("ep-1.svg"), temporary.file("ep-2.svg")])
        for (k, file) in each.enumerated() {
            let strip = try CaptionStrip(path: file)
            #expect(strip.frames == 501)
            #expect(strip.texts.first == "cartpole · a2c · checkpoint step 20 · deterministic · episode \(k + 1)")
        }
        let all = try record(temporary.file("all.svg"), mode: .all, episodes: 2)
        let strip = try CaptionStrip(path: all[0])
        #expect(all.count == 1 && strip.frames == 1002)
        #expect(strip.texts.filter { $0.hasSuffix("episode 2") }.count == 1)
        #expect(strip.texts.filter { $0 == "step 500 · return 500.00" }.count == 2)
    }

    @Test func rlEvalRecordsThroughItsCommandLine() throws {
        let temporary = try TemporaryDirectory()
        let run = temporary.file("run")
        let train = try ToolProcess.run("rl-train", ["--env", "cartpole", "--estimator", "a2c", "--no-preset", "--total-steps", "64",
                                                     "--run-dir", run, "--quiet"])
        try #require(train.status == 0, "\(train.text)")
        let output = temporary.file("ep.svg")
        let eval = try ToolProcess.run("rl-eval", ["--checkpoint", run, "--episodes", "2", "--record", output, "--record-mode", "each"])
        #expect(eval.status == 0, "\(eval.text)")
        #expect(eval.output.hasSuffix("recorded \(temporary.file("ep-1.svg")), \(temporary.file("ep-2.svg"))\n"))
        for k in 1...2 { #expect(try CaptionStrip(path: temporary.file("ep-\(k).svg")).frames > 1) }
        let refused = try ToolProcess.run("rl-eval", ["--checkpoint", run, "--record", temporary.file("ep.png")])
        #expect(refused.status == 1)
        #expect(refused.errors == "rl-eval: error: --record writes an animated SVG: the file name must end in .svg, got \"\(temporary.file("ep.png"))\"\n")
        let badMode = try ToolProcess.run("rl-eval", ["--checkpoint", run, "--record", output, "--record-mode", "every"])
        #expect(badMode.status != 0 && badMode.errors.contains("first") && badMode.errors.contains("each") && badMode.errors.contains("all"))
    }

    @Test func whatCannotBeRecordedIsRefusedBeforePlaying() throws {
        let temporary = try TemporaryDirectory()
        let run = temporary.file("run")
        _ = try countingLauncher().run(countingRequest(run, totalSteps: 20))
        #expect(throws: RecordingError.notSVG(path: temporary.file("run/metrics.csv"))) {
            try EpisodeRecording(output: temporary.file("run/metrics.csv"), mode: .first, episodes: 1, checkpoint: run,
                                 catalog: countingCatalog(), deterministic: true)
        }
        #expect(throws: RecordingError.tooManyEpisodes(101, mode: .each, maximum: 100)) {
            try EpisodeRecording(output: temporary.file("e.svg"), mode: .each, episodes: 101, checkpoint: run,
                                 catalog: countingCatalog(), deterministic: true)
        }
        var registry = EnvironmentRegistry.standard
        registry.register("blank") { Blank() }
        let drawable = ["acrobot", "bandit-bernoulli", "bandit-contextual-linear", "bandit-gaussian", "cartpole",
                        "cartpole-continuous", "lunarlander", "lunarlander-continuous", "mountaincar", "mountaincar-continuous",
                        "pendulum"]
        #expect(throws: RecordingError.notDrawable(environment: "blank", drawable: drawable)) {
            try EpisodeRecording.checkDrawable("blank", registry: registry)
        }
        let gym = RecordingError.notDrawable(environment: "gym:Pendulum-v1", drawable: drawable)
        #expect(throws: gym) { try EpisodeRecording.checkDrawable("gym:Pendulum-v1", registry: registry) }
        #expect(gym.description.hasPrefix("--record does not support gym:Pendulum-v1: Gymnasium draws it: record it as .gif or .mp4 (--record episode.gif); "
            + "environments that draw themselves: acrobot, bandit-bernoulli, "))
        try EpisodeRecording.checkDrawable("lunarlander", registry: registry)
        // An evaluation that bypasses the recording catalog is an error, not a silent nothing.
        let bypassed = try EpisodeRecording(output: temporary.file("e.svg"), mode: .first, episodes: 1, checkpoint: run,
                                            catalog: countingCatalog(), deterministic: true)
        _ = try PolicyEvaluation.evaluate(checkpoint: run, catalog: countingCatalog(), episodes: 1, deterministic: true)
        #expect(throws: RecordingError.nothingRecorded(environment: "cartpole")) { try bypassed.finish() }
        #expect(!FileManager.default.fileExists(atPath: temporary.file("e-1.svg")))
    }
}
