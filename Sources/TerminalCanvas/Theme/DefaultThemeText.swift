/// The text of the built-in default theme, identical to `themes/default.theme`.
///
/// Embedded so the binary works from any folder; a test checks it matches the file.
enum DefaultThemeText {
    static let text = """
        # perflab default theme, in btop's theme format (a btop theme file works unchanged).
        # Colours are "#RRGGBB", greyscale "#GG", or decimal "R G B"; "" unsets a key.
        # Gradients take NAME_start, NAME_mid and NAME_end; leave _mid (or _end) empty for
        # fewer stops. Keys missing from a theme fall back to this file's values.

        # Background of the whole screen; empty keeps the terminal's own (and transparency).
        theme[main_bg]=""

        # Ordinary text, box titles, highlighted key letters.
        theme[main_fg]="#d0d0d0"
        theme[title]="#eeeeee"
        theme[hi_fg]="#e0705f"

        # The selected row of tables.
        theme[selected_bg]="#2f4a63"
        theme[selected_fg]="#ffffff"

        # Disabled text, text inside graphs, the empty part of meters.
        theme[inactive_fg]="#5c5c5c"
        theme[graph_text]="#858585"
        theme[meter_bg]="#3a3a3a"

        # Miscellaneous accents.
        theme[proc_misc]="#4cc38a"

        # Box borders: cpu_box = throughput, mem_box = caches, net_box = latency,
        # proc_box = backends. div_line: dividers and small boxes.
        theme[cpu_box]="#4f7a8c"
        theme[mem_box]="#7d7349"
        theme[net_box]="#6a60a0"
        theme[proc_box]="#8c5a5a"
        theme[div_line]="#3c3c3c"

        # temp: queue and channel fill.
        theme[temp_start]="#4a90d9"
        theme[temp_mid]="#8a6be8"
        theme[temp_end]="#e8508f"

        # cpu: utilisation of backends and pools.
        theme[cpu_start]="#5fbf8f"
        theme[cpu_mid]="#d9c45a"
        theme[cpu_end]="#e0524f"

        # free: cache hit ratio.
        theme[free_start]="#2f5d3a"
        theme[free_mid]="#6fbf6a"
        theme[free_end]="#b8f07a"

        theme[cached_start]="#1d4a6b"
        theme[cached_mid]="#4fb3d9"
        theme[cached_end]="#8fe0ff"

        theme[available_start]="#5a4510"
        theme[available_mid]="#d9a441"
        theme[available_end]="#ffc94d"

        # used: error ratios.
        theme[used_start]="#5a2a26"
        theme[used_mid]="#d0605a"
        theme[used_end]="#ff5a6e"

        theme[download_start]="#2e2a6b"
        theme[download_mid]="#5a4fc0"
        theme[download_end]="#a99ef0"

        theme[upload_start]="#5e1a60"
        theme[upload_mid]="#a04aa3"
        theme[upload_end]="#e2a6e4"

        theme[process_start]="#5fbf8f"
        theme[process_mid]="#d9c45a"
        theme[process_end]="#e0524f"

        # perflab's own keys (btop has no word for these). When a theme leaves one out, it
        # takes the btop key named in brackets from the same file, else the value here.
        # Chart series: offered [download_end], succeeded [proc_misc], errors [used_end],
        # latency percentiles [cpu_start, cpu_mid, cpu_end], hit ratio [cached_mid],
        # queue depth [available_mid].
        theme[series_offered]="#7aa2f7"
        theme[series_succeeded]="#4cc38a"
        theme[series_errors]="#ff5a6e"
        theme[series_p50]="#5fbf8f"
        theme[series_p95]="#e0b84f"
        theme[series_p99]="#e0524f"
        theme[series_hit_ratio]="#4fb3d9"
        theme[series_queue]="#d9a441"

        # Circuit breaker states [cpu_start, cpu_mid, cpu_end].
        theme[breaker_closed]="#4cc38a"
        theme[breaker_half_open]="#e0b84f"
        theme[breaker_open]="#ff5a6e"

        # Warnings [available_end], errors [used_end], chart markers for knob changes [hi_fg].
        theme[warning]="#ffb347"
        theme[error]="#ff5a6e"
        theme[marker]="#c9a0ff"

        """
}
