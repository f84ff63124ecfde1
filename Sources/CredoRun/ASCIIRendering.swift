import Foundation

/// Text pictures of CartPole and LunarLander drawn from their observations, for `rl-eval
/// --render` on a terminal.
public enum ASCIIRendering {
    /// The renderer for an environment name, or `nil` when there is none.
    public static func renderer(forEnvironment name: String) -> (([Float]) -> String)? {
        switch name {
        case "cartpole", "cartpole-continuous": cartPole
        case "lunarlander", "lunarlander-continuous": lunarLander
        default: nil
        }
    }

    /// CartPole from `[x, ẋ, θ, θ̇]`: the track spans x in [-2.4, 2.4] over 61 columns, the
    /// pole rises eight rows from the cart, leaning by θ (characters are about twice as tall as
    /// they are wide, so a row moves the pole 2 tan θ columns).
    public static func cartPole(_ observation: [Float]) -> String {
        let width = 61, poleRows = 8
        let x = Double(observation.first ?? 0), theta = Double(observation.count > 2 ? observation[2] : 0)
        let cart = Int(((min(max(x, -2.4), 2.4) + 2.4) / 4.8 * Double(width - 1)).rounded())
        var rows = Array(repeating: Array(repeating: Character(" "), count: width), count: poleRows + 2)
        for row in 1...poleRows {
            let column = cart + Int((Double(row) * 2 * tan(theta)).rounded())
            if (0..<width).contains(column) {
                rows[poleRows - row][column] = theta > 0.05 ? "/" : theta < -0.05 ? "\\" : "|"
            }
        }
        for offset in -2...2 where (0..<width).contains(cart + offset) {
            rows[poleRows][cart + offset] = offset == 0 ? "O" : "#"
        }
        rows[poleRows + 1] = Array(repeating: "=", count: width)
        return rows.map { String($0) }.joined(separator: "\n")
            + "\n" + String(format: "x %+.2f  θ %+.3f rad", x, theta)
    }

    /// LunarLander from `[x, y, vx, vy, angle, ω, left leg, right leg]`: x in [-1, 1] over 61
    /// columns, y from 0 (the pad) to 1.5 over 19 rows; the pad `==` is at the centre of the
    /// ground line, the lander an `A` tilted to `/` or `\` by its angle, with `*` under a leg
    /// touching the ground.
    public static func lunarLander(_ observation: [Float]) -> String {
        let width = 61, height = 20
        let value = { (index: Int) in Double(observation.count > index ? observation[index] : 0) }
        let column = Int(((min(max(value(0), -1), 1) + 1) / 2 * Double(width - 1)).rounded())
        let row = height - 2 - Int((min(max(value(1), 0), 1.5) / 1.5 * Double(height - 2)).rounded())
        var grid = Array(repeating: Array(repeating: Character(" "), count: width), count: height)
        grid[height - 1] = Array(repeating: "_", count: width)
        for pad in (width / 2 - 3)...(width / 2 + 3) { grid[height - 1][pad] = "=" }
        let angle = value(4)
        grid[row][column] = angle > 0.2 ? "\\" : angle < -0.2 ? "/" : "A"
        if row + 1 < height {
            if column > 0 { grid[row + 1][column - 1] = value(6) > 0.5 ? "*" : "/" }
            if column + 1 < width { grid[row + 1][column + 1] = value(7) > 0.5 ? "*" : "\\" }
        }
        return grid.map { String($0) }.joined(separator: "\n")
            + "\n" + String(format: "x %+.2f  y %+.2f  vx %+.2f  vy %+.2f  angle %+.2f", value(0), value(1), value(2), value(3), angle)
    }
}
