import Foundation
import Testing
@testable import CredoTensor

@Suite struct FastMathTests {
    @Test func fastTanhMatchesDoublePrecisionTanh() {
        // Every 1/1000 on [−10, 10], plus the tiny and huge ends: within 4 Float32 ulps of 1.
        var worst: Double = 0
        for i in -10_000...10_000 {
            let x = Float(i) / 1000
            worst = max(worst, abs(Double(fastTanh(x)) - Foundation.tanh(Double(x))))
        }
        #expect(worst < 4 * Double(Float.ulpOfOne))
        #expect(fastTanh(1e-5) == 1e-5 && fastTanh(50) == 1 && fastTanh(-50) == -1)
        #expect(fastTanh(.infinity) == 1)
    }
}
