/// Frames of `Scene`s turned into one self-contained animated SVG (SMIL animation; no script,
/// no fonts or images fetched), playing at `framesPerSecond` and looping.
///
/// Frame i (from 0) shows during `[i/fps, (i+1)/fps)` of the animation's `dur = n / fps`
/// seconds. To stay small, nothing is written once per frame that does not change:
///
/// - each moving `Part` is written once, as nested groups whose `translate`, `rotate` and
///   `scale` are each either fixed or an `<animateTransform calcMode="discrete">` with one value
///   a frame (discrete values without `keyTimes` share the duration equally: value i holds from
///   i/n to (i+1)/n);
/// - scenery, overlay and captions are written once per run of frames in which they stay the
///   same, each run a group whose `visibility` is animated (`values="hidden;visible;hidden"`,
///   `keyTimes="0;a/n;b/n"`).
///
/// Numbers are rounded to 0.1 px (angles to 0.01°), so a 1000-step LunarLander episode takes
/// about 0.24 MB (docs/recording.md). The first scene's viewport and background apply to all.
public struct AnimatedSVG {
    public let framesPerSecond: Double
    /// The frames appended so far.
    public private(set) var frameCount = 0
    /// Pixels of a line of the caption strip under the scene (one line, or two when caption and
    /// status would not fit side by side at about 6.2 px a character).
    public static let captionLineHeight = 22.0

    var viewport: Viewport?
    var background = Color.white
    var tracks: [PartTrack] = []
    var scenery = RunLayer(), overlay = RunLayer(), captions = RunLayer(), statuses = RunLayer()
    var hasCaptions = false
    var title = ""

    public init(framesPerSecond: Double) {
        precondition(framesPerSecond > 0 && framesPerSecond.isFinite, "frames per second must be positive, got \(framesPerSecond)")
        self.framesPerSecond = framesPerSecond
    }

    /// Adds `scene` as the next frame, with `caption` on the left of the strip under it and
    /// `status` (the changing part: step, return) on the right.
    public mutating func append(_ scene: Scene, caption: String = "", status: String = "") {
        if viewport == nil {
            viewport = scene.viewport
            background = scene.background
            tracks = scene.parts.map { PartTrack($0, viewport: scene.viewport, placed: true) }
            title = caption
        }
        let viewport = self.viewport!
        let frame = frameCount
        var unmatched = scene.parts
        for index in tracks.indices {
            let position = unmatched.firstIndex { $0.name == tracks[index].name }
            let part = position.map { unmatched.remove(at: $0) }
            if let part, tracks[index].signature == PartTrack.signature(part, viewport: viewport) {
                tracks[index].record(part, viewport: viewport)
            } else {
                tracks[index].hold(hidden: true)
                if let part { unmatched.insert(part, at: 0) }
            }
        }
        // Parts that do not fit a track (new, or with other shapes) are drawn as they are.
        let loose = unmatched.map { PartTrack.staticMarkup($0, viewport: viewport, placed: true) }.joined()
        scenery.append(SVGMarkup.shapes(scene.scenery, viewport: viewport, placed: true), frame: frame)
        overlay.append(SVGMarkup.shapes(scene.overlay, viewport: viewport, placed: true) + loose, frame: frame)
        captions.append(SVGMarkup.escape(caption), frame: frame)
        statuses.append(SVGMarkup.escape(status), frame: frame)
        hasCaptions = hasCaptions || !caption.isEmpty || !status.isEmpty
        frameCount += 1
    }

    /// The animation's length in seconds, `frameCount / framesPerSecond`.
    public var duration: Double { Double(frameCount) / framesPerSecond }

    /// The SVG document.
    public func svg() -> String {
        guard let viewport, frameCount > 0 else {
            return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\" data-frames=\"0\"/>\n"
        }
        let n = frameCount
        let dur = SVGMarkup.number(duration, 6) + "s"
        let width = SVGMarkup.number(viewport.width), sceneHeight = viewport.height
        let longest = { (layer: RunLayer) in layer.runs.map(\.markup.count).max() ?? 0 }
        let lines = !hasCaptions ? 0.0 : Double(longest(captions) + longest(statuses)) * 6.2 + 24 > viewport.width ? 2 : 1
        let stripHeight = lines * Self.captionLineHeight - (lines == 2 ? 6 : 0)
        let height = SVGMarkup.number(sceneHeight + stripHeight)
        var text = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\""
            + " font-family=\"DejaVu Sans, Arial, sans-serif\" data-frames=\"\(n)\" data-fps=\"\(SVGMarkup.number(framesPerSecond, 6))\">\n"
        if !title.isEmpty { text += "<title>" + SVGMarkup.escape(title) + "</title>\n" }
        text += "<rect width=\"\(width)\" height=\"\(SVGMarkup.number(sceneHeight))\" fill=\"\(background.hex)\"/>\n"
        text += "<g data-layer=\"scenery\">" + scenery.svg(frames: n, dur: dur) + "</g>\n"
        text += "<g data-layer=\"parts\">\n"
        for track in tracks { text += track.svg(dur: dur) + "\n" }
        text += "</g>\n"
        text += "<g data-layer=\"overlay\">" + overlay.svg(frames: n, dur: dur) + "</g>\n"
        if hasCaptions {
            let baseline = SVGMarkup.number(sceneHeight + 15), statusBaseline = SVGMarkup.number(sceneHeight + (lines == 2 ? 31 : 15))
            text += "<g data-layer=\"caption\" font-size=\"12\" fill=\"#222222\"><rect y=\"\(SVGMarkup.number(sceneHeight))\""
                + " width=\"\(width)\" height=\"\(SVGMarkup.number(stripHeight))\" fill=\"#eeeeee\"/>\n"
            text += "<g transform=\"translate(6 \(baseline))\">" + captions.svg(frames: n, dur: dur, element: "text") + "</g>\n"
            text += "<g transform=\"translate(\(SVGMarkup.number(viewport.width - 6)) \(statusBaseline))\" text-anchor=\"end\">"
                + statuses.svg(frames: n, dur: dur, element: "text") + "</g>\n</g>\n"
        }
        return text + "</svg>\n"
    }
}

/// Markup that changes now and then, stored once per run of frames `[start, end)` in which it
/// stays the same.
struct RunLayer {
    var runs: [(markup: String, start: Int, end: Int)] = []

    mutating func append(_ markup: String, frame: Int) {
        if let last = runs.last, last.end == frame, last.markup == markup {
            runs[runs.count - 1].end = frame + 1
        } else {
            runs.append((markup, frame, frame + 1))
        }
    }

    /// Each non-empty run inside an `element` (`g`, or `text` for plain text) that is visible
    /// only during its frames.
    func svg(frames n: Int, dur: String, element: String = "g") -> String {
        // keyTimes a/n to within a twentieth of a frame.
        let digits = max(3, String(n).count + 1)
        var text = ""
        for run in runs where !run.markup.isEmpty {
            guard run.start > 0 || run.end < n else {
                text += "<\(element)>" + run.markup + "</\(element)>"
                continue
            }
            var values = ["hidden"], keyTimes = ["0"]
            if run.start == 0 { values = ["visible"] } else { values.append("visible"); keyTimes.append(SVGMarkup.number(Double(run.start) / Double(n), digits)) }
            if run.end < n { values.append("hidden"); keyTimes.append(SVGMarkup.number(Double(run.end) / Double(n), digits)) }
            text += "<\(element) visibility=\"hidden\"><animate attributeName=\"visibility\" calcMode=\"discrete\" values=\""
                + values.joined(separator: ";") + "\" keyTimes=\"" + keyTimes.joined(separator: ";")
                + "\" dur=\"\(dur)\" repeatCount=\"indefinite\"/>" + run.markup + "</\(element)>"
        }
        return text
    }
}
