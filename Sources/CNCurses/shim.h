// The only C in perflab: ncursesw, with its macros and globals wrapped in functions
// that Swift 6 can import (macros are not imported; globals are rejected as not
// concurrency-safe).
#ifndef PERFLAB_CNCURSES_SHIM_H
#define PERFLAB_CNCURSES_SHIM_H

// SwiftPM drops the -D flags of ncursesw.pc, so ask for the wide-character API here.
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <ncursesw/curses.h>
#include <locale.h>

/// `stdscr` is a global: Swift 6 rejects it as not concurrency-safe.
static inline WINDOW *perflab_stdscr(void) { return stdscr; }
/// `LINES` and `COLS` are globals.
static inline int perflab_lines(void) { return LINES; }
static inline int perflab_cols(void) { return COLS; }
/// `getmaxyx` is a macro.
static inline void perflab_getmaxyx(WINDOW *w, int *y, int *x) { getmaxyx(w, *y, *x); }
/// `COLORS` and `COLOR_PAIRS` are globals.
static inline int perflab_colors(void) { return COLORS; }
static inline int perflab_color_pairs(void) { return COLOR_PAIRS; }
/// Attribute macros.
static inline attr_t perflab_a_bold(void) { return A_BOLD; }
static inline attr_t perflab_a_dim(void) { return A_DIM; }
static inline attr_t perflab_a_reverse(void) { return A_REVERSE; }
static inline attr_t perflab_a_underline(void) { return A_UNDERLINE; }
static inline attr_t perflab_a_italic(void) { return A_ITALIC; }
static inline attr_t perflab_a_normal(void) { return A_NORMAL; }
/// `COLOR_PAIR` is a macro.
static inline attr_t perflab_color_pair(int n) { return COLOR_PAIR(n); }
/// Mouse masks are macros.
static inline mmask_t perflab_all_mouse_events(void) { return ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION; }
static inline mmask_t perflab_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t perflab_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t perflab_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t perflab_button5_pressed(void) { return BUTTON5_PRESSED; }

#endif
