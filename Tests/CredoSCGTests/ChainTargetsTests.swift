import Testing
import CredoSCG

/// Hand-computed targets on a segment of 4 steps × 2 copies, γ = 0.5:
/// copy 0: r = 1, 2, 3, 4; truncated after step 1 (final observation's value 10), the next
///         episode runs to the segment's end (V(s_4) = 8);
/// copy 1: r = 1, 1, 1, 1; terminated after step 2, the next episode is cut at the end (V = 6).
/// V(s_t) = 0.5 everywhere; nextValues hold each step's own successor's value.
@Suite struct ReturnTargetsTests {
    let gamma = 0.5
    var segment: TrajectorySegment {
        // Time-major: index t * 2 + b.
        TrajectorySegment(
            steps: 4, environments: 2,
            rewards: [1, 1, 2, 1, 3, 1, 4, 1],
            values: Array(repeating: 0.5, count: 8),
            nextValues: [0.5, 0.5, 10, 0.5, 0.5, 99, 8, 6],
            terminated: [false, false, false, false, false, true, false, false],
            truncated: [false, false, true, false, false, false, false, false])
    }

    @Test func monteCarloBootstrapsTruncationAndNotTermination() {
        let g = monteCarloReturns(segment, gamma: gamma)
        // copy 0: G1 = 2 + 0.5·10 = 7, G0 = 1 + 0.5·7 = 4.5; G3 = 4 + 0.5·8 = 8, G2 = 3 + 4 = 7.
        // copy 1: G2 = 1 (terminated, 99 ignored), G1 = 1.5, G0 = 1.75; G3 = 1 + 3 = 4.
        let expected = [4.5, 1.75, 7, 1.5, 7, 1, 8, 4]
        for (a, b) in zip(g, expected) { #expect(abs(a - b) < 1e-12) }
    }

    @Test func kStepReturnsByHand() {
        let g2 = kStepReturns(segment, gamma: gamma, k: 2)
        // copy 0, t=0: 1 + 0.5·2 + 0.25·10 = 4.5 (stops at the truncation); t=2: 3 + 0.5·4 + 0.25·8 = 7.
        // copy 1, t=0: 1 + 0.5 + 0.25·V(s_2)=0.5 → 1.625; t=1: 1 + 0.5·1 (terminated) = 1.5.
        let expected = [4.5, 1.625, 7, 1.5, 7, 1, 8, 4]
        for (a, b) in zip(g2, expected) { #expect(abs(a - b) < 1e-12) }
        #expect(kStepReturns(segment, gamma: gamma, k: 1) == temporalDifferenceTargets(segment, gamma: gamma))
        let mc = monteCarloReturns(segment, gamma: gamma)
        for (a, b) in zip(kStepReturns(segment, gamma: gamma, k: 4), mc) { #expect(abs(a - b) < 1e-12) }
    }

    @Test func temporalDifferenceByHand() {
        let d = temporalDifferenceErrors(segment, gamma: gamma)
        // copy 0, t=1: 2 + 0.5·10 − 0.5 = 6.5; copy 1, t=2: 1 + 0 − 0.5 = 0.5 (terminated).
        #expect(abs(d[2] - 6.5) < 1e-12)
        #expect(abs(d[5] - 0.5) < 1e-12)
        #expect(abs(d[0] - (1 + 0.25 - 0.5)) < 1e-12)
    }

    @Test func lambdaReturnByHand() {
        let g = lambdaReturns(segment, gamma: gamma, lambda: 0.5)
        // copy 1: G2 = 1; G1 = 1 + 0.5·(0.5·0.5 + 0.5·1) = 1.375; G0 = 1 + 0.5·(0.25 + 0.5·1.375) = 1.46875.
        #expect(abs(g[5] - 1) < 1e-12)
        #expect(abs(g[3] - 1.375) < 1e-12)
        #expect(abs(g[1] - 1.46875) < 1e-12)
    }

    @Test func generalizedAdvantagesLimits() {
        let s = segment
        let mc = monteCarloReturns(s, gamma: gamma)
        for (a, (g, v)) in zip(generalizedAdvantages(s, gamma: gamma, lambda: 1), zip(mc, s.values)) {
            #expect(abs(a - (g - v)) < 1e-12)
        }
        let td = temporalDifferenceErrors(s, gamma: gamma)
        for (a, d) in zip(generalizedAdvantages(s, gamma: gamma, lambda: 0), td) { #expect(abs(a - d) < 1e-12) }
    }

    @Test func truncationAndTerminationDiffer() {
        var terminatedInstead = segment
        terminatedInstead.truncated[2] = false
        terminatedInstead.terminated[2] = true
        let truncated = monteCarloReturns(segment, gamma: gamma)[2]
        let terminated = monteCarloReturns(terminatedInstead, gamma: gamma)[2]
        #expect(abs(truncated - 7) < 1e-12)
        #expect(abs(terminated - 2) < 1e-12)
    }
}
