import CredoTensor
import Testing
@testable import CredoEnvironments

@Suite struct LunarLanderPhysicsTests {
    @Test func polygonMassPropertiesOfASquare() {
        let square = [Vector2D(0, 0), Vector2D(2, 0), Vector2D(2, 2), Vector2D(0, 2)]
        let m = MassProperties.polygon(square, density: 3)
        #expect(abs(m.mass - 12) < 1e-12)
        #expect(abs(m.center.x - 1) < 1e-12 && abs(m.center.y - 1) < 1e-12)
        #expect(abs(m.inertia - 12 * (4 + 4) / 12) < 1e-12)   // m (w² + h²) / 12
    }

    @Test func hullMatchesBox2DMassProperties() {
        // Box2D's values for Gymnasium's hull polygon (density 5), as pybox2d reports them:
        // mass 4.8166666, local centre (0, 0.101307) and `inertia` 0.8333149 about the body
        // origin, that is, I_centre + m |centre|².
        let s = LunarLanderConstants.scale
        let hull = LunarLanderConstants.landerPolygon.map { Vector2D($0.0 / s, $0.1 / s) }
        let m = MassProperties.polygon(hull, density: 5)
        #expect(abs(m.mass - 4.8166666) < 1e-6)
        #expect(abs(m.inertia + m.mass * m.center.dot(m.center) - 0.8333149) < 1e-6)
        #expect(abs(m.center.y - 0.101307) < 1e-6 && abs(m.center.x) < 1e-12)
        // The whole lander adds two legs of 0.0711 kg each.
        let total = LunarLanderGeometry.standard.massProperties
        #expect(abs(total.mass - (4.8166666 + 2 * 0.0711111)) < 1e-6)
    }

    @Test func impulseAtAPointChangesLinearAndAngularVelocity() {
        var body = RigidBody2D(mass: 2, inertia: 0.5, position: Vector2D(1, 1))
        body.applyLinearImpulse(Vector2D(0, 4), at: Vector2D(2, 1))
        #expect(body.velocity == Vector2D(0, 2))
        #expect(body.angularVelocity == 8)                    // (1, 0) × (0, 4) / 0.5
        body.integratePosition(dt: 0.5)
        #expect(body.position == Vector2D(1, 2) && body.angle == 4)
    }

    @Test func terrainHasAFlatPadBetweenTheFlags() {
        var terrain = LunarLanderTerrain()
        var rng = RandomGenerator(seed: 21)
        terrain.generate(using: &rng)
        let pad = 0.99 * LunarLanderConstants.helipadY
        #expect(terrain.padLeft == 8 && terrain.padRight == 12)
        for x in stride(from: 8.0, through: 12.0, by: 0.25) {
            #expect(abs(terrain.height(at: x) - pad) < 1e-12)
        }
        #expect(terrain.ys.allSatisfy { $0 >= 0 && $0 <= 0.99 * LunarLanderConstants.worldHeight / 2 })
        #expect(Set(terrain.ys).count > 3)
        let (d, n) = terrain.separation(of: Vector2D(10, pad - 0.1))
        #expect(abs(d + 0.1) < 1e-12 && n == Vector2D(0, 1))
    }

    @Test func hullTouchesGroundWhenAPeakEntersIt() {
        var terrain = LunarLanderTerrain()
        var heights = Array(repeating: 1.0, count: 11)
        heights[5] = 3                                          // a spike at x = 10
        terrain.setHeights(heights)
        let box = [Vector2D(9.5, 2.5), Vector2D(10.5, 2.5), Vector2D(10.5, 3.5), Vector2D(9.5, 3.5)]
        let above = box.map { $0 + Vector2D(0, 1) }
        box.withUnsafeBufferPointer { #expect(terrain.touches(polygon: $0, margin: 0.01)) }
        above.withUnsafeBufferPointer { #expect(!terrain.touches(polygon: $0, margin: 0.01)) }
    }

    @Test func landerComesToRestOnFlatGround() {
        var physics = LunarLanderPhysics()
        let pad = 0.99 * LunarLanderConstants.helipadY
        physics.terrain.setHeights(Array(repeating: pad, count: 11))
        physics.place(origin: Vector2D(10, pad + 0.7))
        var frames = 0
        while !physics.isAtRest && frames < 200 {
            physics.advanceFrame()
            #expect(!physics.hullContact)
            frames += 1
        }
        #expect(physics.isAtRest)
        #expect(physics.legContact == (true, true))
        // Resting on its feet the origin sits about legDown/scale = 0.6 above the pad.
        #expect(abs(physics.origin.y - pad - 0.56) < 0.02)
    }

    @Test func hardLandingFoldsTheLegsAndCrashes() {
        var physics = LunarLanderPhysics()
        let pad = 0.99 * LunarLanderConstants.helipadY
        physics.terrain.setHeights(Array(repeating: pad, count: 11))
        physics.place(origin: Vector2D(10, pad + 0.6))
        physics.body.velocity = Vector2D(0, -5)
        var frames = 0
        while !physics.hullContact && frames < 50 {
            physics.advanceFrame()
            frames += 1
        }
        #expect(physics.hullContact)
        #expect(physics.legs.0.fold > 0.2 && physics.legs.1.fold > 0.2)
    }
}
