/// The keys a theme file may set: btop's, and perflab's own for what btop has no word for.
///
/// btop's keys and their fallbacks follow `Default_theme` and `generateColors` in
/// `src/btop_theme.cpp`. Each perflab key names the btop key it falls back to when a
/// (btop) theme file does not set it, so a btop theme colours perflab consistently.
public enum ThemeKeys {
    /// Every key btop reads.
    public static let btop: [String] =
        [
            "main_bg", "main_fg", "title", "hi_fg", "selected_bg", "selected_fg", "inactive_fg",
            "graph_text", "meter_bg", "proc_misc", "cpu_box", "mem_box", "net_box", "proc_box", "div_line",
        ] + btopGradients.flatMap { ["\($0)_start", "\($0)_mid", "\($0)_end"] }

    /// The base names of btop's gradients (`NAME_start`, `NAME_mid`, `NAME_end`).
    public static let btopGradients: [String] = [
        "temp", "cpu", "free", "cached", "available", "used", "download", "upload", "process",
    ]

    /// perflab's own keys, each with the btop key used when a file does not set it.
    public static let perflab: [(key: String, btopFallback: String)] = [
        ("series_offered", "download_end"),
        ("series_succeeded", "proc_misc"),
        ("series_errors", "used_end"),
        ("series_p50", "cpu_start"),
        ("series_p95", "cpu_mid"),
        ("series_p99", "cpu_end"),
        ("series_hit_ratio", "cached_mid"),
        ("series_queue", "available_mid"),
        ("breaker_closed", "cpu_start"),
        ("breaker_half_open", "cpu_mid"),
        ("breaker_open", "cpu_end"),
        ("warning", "available_end"),
        ("error", "used_end"),
        ("marker", "hi_fg"),
    ]

    private static let known: Set<String> = Set(btop).union(perflab.map(\.key))

    /// Whether `key` is a btop or perflab theme key.
    public static func isKnown(_ key: String) -> Bool { known.contains(key) }
}
