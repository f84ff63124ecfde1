import CredoAgents
import CredoRun
import Testing

@Suite("Progress reporter")
struct ProgressReporterTests {
    /// A clock the test moves by hand.
    final class ManualClock: @unchecked Sendable {
        var now = 1000.0
    }

    @Test func theBarRedrawsInPlaceAtMostTenTimesASecond() {
        let clock = ManualClock(), output = OutputCapture()
        let reporter = ProgressReporter(mode: .bar, clock: { clock.now }, write: { output.write($0) })
        clock.now += 2
        reporter.update(steps: 5_000, episodes: 40, meanReturn: 123.45, totalSteps: 10_000, totalEpisodes: nil)
        clock.now += 0.05
        reporter.update(steps: 5_100, episodes: 41, meanReturn: 124, totalSteps: 10_000, totalEpisodes: nil)  // too soon: skipped
        #expect(output.text == "\r[##########----------]   50%  5000/10000 steps  2500 steps/s  ETA 0:00:02  return(100) 123.5  episodes 40\u{1B}[K")
        reporter.message("checkpoint runs/x/checkpoints/ckpt-0000005000.h5")
        #expect(output.text.hasSuffix("\u{1B}[K\ncheckpoint runs/x/checkpoints/ckpt-0000005000.h5\n"))
    }

    @Test func plainLinesComeEveryIntervalAndQuietShowsOnlyImportantMessages() {
        let clock = ManualClock(), output = OutputCapture()
        let lines = ProgressReporter(mode: .lines, startSteps: 1_000, startEpisodes: 10, lineInterval: 10, clock: { clock.now }, write: { output.write($0) })
        for second in 1...25 {
            clock.now += 1
            lines.update(steps: 1_000 + 100 * second, episodes: 10 + second, meanReturn: nil, totalSteps: nil, totalEpisodes: 100)
        }
        let printed = output.text.split(separator: "\n")
        #expect(printed.count == 3)  // at 1 s, 11 s and 21 s
        #expect(printed[0] == " 11%  1100 steps  100 steps/s  ETA 0:01:29  return(100) -  episodes 11/100")
        #expect(!output.text.contains("\r"))

        let quietOutput = OutputCapture()
        let quiet = ProgressReporter(mode: .quiet, write: { quietOutput.write($0) })
        quiet.update(steps: 1, episodes: 0, meanReturn: nil, totalSteps: 10, totalEpisodes: nil, force: true)
        quiet.message("checkpoint written")
        quiet.message("stopping", important: true)
        #expect(quietOutput.text == "stopping\n")
    }

    @Test func theRollingMeanCoversTheLastValues() {
        var window = EpisodeWindow(capacity: 3)
        #expect(window.meanReturn == nil)
        for value in [1.0, 2, 3, 4, 5] { window.append(value) }
        #expect(window.meanReturn == 4)
        #expect(window.returns.count == 3 && window.isFull)
        #expect(EpisodeWindow(capacity: 100, returns: [2, 4]).meanReturn == 3)
        var both = EpisodeWindow(capacity: 2)
        for (value, length) in [(1.0, 10), (2, 20), (3, 30)] { both.append(totalReward: value, length: length) }
        #expect(both.meanReturn == 2.5 && both.meanLength == 25)
    }
}
