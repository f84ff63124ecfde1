/// The scales of Gymnasium's `LunarLander-v3`, kept under their Gymnasium names.
///
/// Lengths are given in pixels and divided by `scale` to get world units (metres): the viewport
/// is `viewportWidth / scale` = 20 by `viewportHeight / scale` ≈ 13.33 world units.
public enum LunarLanderConstants {
    /// Frames (environment steps) per simulated second: one step lasts `1 / fps` = 0.02 s.
    public static let fps = 50.0
    /// Pixels per world unit.
    public static let scale = 30.0
    /// Impulse per frame of the main engine per unit of nozzle offset (Gymnasium's units).
    public static let mainEnginePower = 13.0
    /// Impulse per frame of a side engine per unit of nozzle offset.
    public static let sideEnginePower = 0.6
    /// The initial push: a force with each component uniform in ±`initialRandom` N, applied to
    /// the centre of mass during the first frame.
    public static let initialRandom = 1000.0
    /// The hull polygon in pixels, counter-clockwise, relative to the body origin.
    public static let landerPolygon: [(Double, Double)] =
        [(-14, 17), (-17, 0), (-17, -10), (17, -10), (17, 0), (14, 17)]
    /// Horizontal distance (pixels) from the body origin to a leg's joint anchor on the leg.
    public static let legAway = 20.0
    /// Vertical drop (pixels) of a leg below the body origin; also the `y = 0` offset of the
    /// observation (the origin of a lander at rest is about `legDown` above the pad).
    public static let legDown = 18.0
    /// Half width and half height of a leg box, in pixels.
    public static let legHalfWidth = 2.0, legHalfHeight = 8.0
    /// The angle of a leg relative to the hull when its joint sits at its limit (Gymnasium's
    /// leg motor holds it there in flight).
    public static let legRestAngle = 0.4
    public static let sideEngineHeight = 14.0
    public static let sideEngineAway = 12.0
    public static let mainEngineYLocation = 4.0
    public static let viewportWidth = 600.0
    public static let viewportHeight = 400.0
    /// Density of the hull (kg per square world unit) and of a leg.
    public static let hullDensity = 5.0, legDensity = 1.0
    /// Number of terrain chunks: `chunks` vertices with `chunks - 1` edges.
    public static let chunks = 11
    /// Gravity, world units per second squared.
    public static let gravity = -10.0

    /// Viewport width in world units (20).
    public static var worldWidth: Double { viewportWidth / scale }
    /// Viewport height in world units (≈ 13.33).
    public static var worldHeight: Double { viewportHeight / scale }
    /// Height of the landing pad, `H / 4`.
    public static var helipadY: Double { worldHeight / 4 }
}
