/// A scripted lander pilot: Gymnasium's `heuristic`, a PD controller on the angle and on the
/// height, for tests, demonstrations and baselines.
///
/// With observation s, it steers the angle toward the pad and the height toward a glide path:
///
///     angleTarget = clip(0.5 s₀ + s₂, −0.4, 0.4)
///     hoverTarget = 0.55 |s₀|
///     angleTodo   = 0.5 (angleTarget − s₄) − s₅
///     hoverTodo   = 0.5 (hoverTarget − s₁) − 0.5 s₃
///
/// and once a leg touches, `angleTodo = 0`, `hoverTodo = −0.5 s₃` (only brake the fall).
public enum LunarLanderHeuristic {
    /// The PD errors `(angleTodo, hoverTodo)` for an observation.
    public static func errors(_ s: [Float]) -> (angle: Float, hover: Float) {
        if s[6] != 0 || s[7] != 0 { return (0, -0.5 * s[3]) }
        let angleTarget = min(max(0.5 * s[0] + s[2], -0.4), 0.4)
        let hoverTarget = 0.55 * abs(s[0])
        return (0.5 * (angleTarget - s[4]) - s[5], 0.5 * (hoverTarget - s[1]) - 0.5 * s[3])
    }

    /// Discrete action: main engine if `hoverTodo > |angleTodo|` and `> 0.05`, else the right
    /// engine if `angleTodo < −0.05`, the left one if `angleTodo > 0.05`, else nothing.
    public static func discreteAction(_ s: [Float]) -> Int {
        let (angle, hover) = errors(s)
        if hover > abs(angle) && hover > 0.05 { return 2 }
        if angle < -0.05 { return 3 }
        if angle > 0.05 { return 1 }
        return 0
    }

    /// Continuous action `clip((20 hoverTodo − 1, −20 angleTodo), −1, 1)`.
    public static func continuousAction(_ s: [Float]) -> [Float] {
        let (angle, hover) = errors(s)
        return [min(max(20 * hover - 1, -1), 1), min(max(-20 * angle, -1), 1)]
    }
}
