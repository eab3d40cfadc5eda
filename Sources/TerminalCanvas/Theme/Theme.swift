/// The colours of every role in the dashboard, resolved from a theme file.
///
/// Resolution follows btop's `generateColors` (`src/btop_theme.cpp`): a key the file
/// sets wins; an empty `main_bg` means the terminal's own background; an empty `_mid` or
/// `_end` leaves that gradient stop out; `meter_bg` and `graph_text` fall back to
/// `inactive_fg` and `process_*` to `cpu_*`; any other missing key takes the default
/// theme's value. perflab's own keys (see `ThemeKeys.perflab`) fall back first to the
/// btop key they name in the same file, then to the default theme.
public struct Theme: Hashable, Sendable {
    /// The theme's name (the file's stem, or `default`).
    public var name: String

    /// `main_bg`: the background of the whole screen (`.default`: the terminal's own).
    public var background: Color
    /// `main_fg`: ordinary text.
    public var foreground: Color
    /// `title`: box titles.
    public var title: Color
    /// `hi_fg`: highlighted text, such as the key letters of shortcuts.
    public var highlight: Color
    /// `selected_bg`: the background of the selected row.
    public var selectionBackground: Color
    /// `selected_fg`: the text of the selected row.
    public var selectionForeground: Color
    /// `inactive_fg`: disabled or secondary text.
    public var inactive: Color
    /// `graph_text`: axis labels and text inside graphs.
    public var graphText: Color
    /// `meter_bg`: the empty part of bars and gauges.
    public var meterBackground: Color
    /// `proc_misc`: miscellaneous accents.
    public var misc: Color
    /// `div_line`: divider lines and small boxes.
    public var divider: Color

    /// `cpu_box`: the border of the throughput/load box.
    public var throughputBox: Color
    /// `mem_box`: the border of the cache box.
    public var cacheBox: Color
    /// `net_box`: the border of the latency box.
    public var latencyBox: Color
    /// `proc_box`: the border of the backends/pipeline box.
    public var backendsBox: Color

    /// `series_offered`: offered load.
    public var seriesOffered: Color
    /// `series_succeeded`: succeeded requests.
    public var seriesSucceeded: Color
    /// `series_errors`: failed, rejected or timed-out requests.
    public var seriesErrors: Color
    /// `series_p50`: median latency.
    public var seriesP50: Color
    /// `series_p95`: 95th percentile latency.
    public var seriesP95: Color
    /// `series_p99`: 99th percentile latency.
    public var seriesP99: Color
    /// `series_hit_ratio`: cache hit ratio.
    public var seriesHitRatio: Color
    /// `series_queue`: queue or channel depth.
    public var seriesQueue: Color

    /// `breaker_closed`: a closed (healthy) circuit breaker.
    public var breakerClosed: Color
    /// `breaker_half_open`: a half-open breaker.
    public var breakerHalfOpen: Color
    /// `breaker_open`: an open breaker.
    public var breakerOpen: Color
    /// `warning`: warnings.
    public var warning: Color
    /// `error`: errors.
    public var error: Color
    /// `marker`: chart markers for knob changes.
    public var marker: Color

    /// btop's gradients by base name (`cpu`, `temp`, `free`, `cached`, `available`,
    /// `used`, `download`, `upload`, `process`).
    public var gradients: [String: Gradient]

    /// `cpu_*`: utilisation gauges (backends, pools).
    public var utilizationGradient: Gradient { gradient(named: "cpu") }
    /// `free_*`: cache hit ratio bars.
    public var hitRatioGradient: Gradient { gradient(named: "free") }
    /// `temp_*`: queue and channel fill.
    public var queueGradient: Gradient { gradient(named: "temp") }
    /// `used_*`: error ratios.
    public var errorGradient: Gradient { gradient(named: "used") }

    /// The gradient `name`, or the foreground colour alone if there is none.
    public func gradient(named name: String) -> Gradient {
        gradients[name] ?? Gradient(foreground)
    }

    /// The default theme, built into the binary (the same text as `themes/default.theme`).
    public static let standard: Theme = {
        do {
            return try Theme(
                document: ThemeDocument(parsing: DefaultThemeText.text, source: "default"), name: "default",
                base: nil)
        } catch {
            // The embedded text is fixed at build time and checked by the tests.
            preconditionFailure("built-in theme: \(error)")
        }
    }()

    /// Parses a theme from text; missing keys fall back as described above.
    public init(parsing text: String, source: String, name: String) throws(ThemeError) {
        self.init(
            document: try ThemeDocument(parsing: text, source: source), name: name,
            base: Theme.standardDocument)
    }

    static let standardDocument: ThemeDocument? = try? ThemeDocument(
        parsing: DefaultThemeText.text, source: "default")

    /// Resolves a parsed document over `base` (the default theme's document).
    public init(document: ThemeDocument, name: String, base: ThemeDocument?) {
        let own = document.entries
        let fallback = base?.entries ?? [:]
        func value(_ key: String) -> Color? {
            if let entry = own[key] {
                if let color = entry.color { return color }
                if key == "main_bg" { return .default }
                if key.hasSuffix("_mid") || key.hasSuffix("_end") { return nil }
            }
            if key == "meter_bg" || key == "graph_text" { return value("inactive_fg") }
            if key.hasPrefix("process_"), own.keys.contains(where: { $0.hasPrefix("cpu_") }),
                !own.keys.contains(where: { $0.hasPrefix("process_") })
            {
                return value("cpu_" + key.dropFirst("process_".count))
            }
            if let perflab = ThemeKeys.perflab.first(where: { $0.key == key }),
                own[perflab.btopFallback] != nil,
                let derived = value(perflab.btopFallback)
            {
                return derived
            }
            if let entry = fallback[key] { return entry.color ?? (key == "main_bg" ? .default : nil) }
            return nil
        }
        func color(_ key: String, _ otherwise: Color) -> Color { value(key) ?? otherwise }
        self.name = name
        background = color("main_bg", .default)
        foreground = color("main_fg", .default)
        title = color("title", foreground)
        highlight = color("hi_fg", foreground)
        selectionBackground = color("selected_bg", .default)
        selectionForeground = color("selected_fg", foreground)
        inactive = color("inactive_fg", foreground)
        graphText = color("graph_text", inactive)
        meterBackground = color("meter_bg", inactive)
        misc = color("proc_misc", foreground)
        divider = color("div_line", inactive)
        throughputBox = color("cpu_box", foreground)
        cacheBox = color("mem_box", foreground)
        latencyBox = color("net_box", foreground)
        backendsBox = color("proc_box", foreground)
        seriesOffered = color("series_offered", foreground)
        seriesSucceeded = color("series_succeeded", foreground)
        seriesErrors = color("series_errors", foreground)
        seriesP50 = color("series_p50", foreground)
        seriesP95 = color("series_p95", foreground)
        seriesP99 = color("series_p99", foreground)
        seriesHitRatio = color("series_hit_ratio", foreground)
        seriesQueue = color("series_queue", foreground)
        breakerClosed = color("breaker_closed", foreground)
        breakerHalfOpen = color("breaker_half_open", foreground)
        breakerOpen = color("breaker_open", foreground)
        warning = color("warning", foreground)
        error = color("error", foreground)
        marker = color("marker", highlight)
        var gradients: [String: Gradient] = [:]
        for base in ThemeKeys.btopGradients {
            guard let start = value(base + "_start") else { continue }
            gradients[base] = Gradient(start: start, mid: value(base + "_mid"), end: value(base + "_end"))
        }
        self.gradients = gradients
    }
}
