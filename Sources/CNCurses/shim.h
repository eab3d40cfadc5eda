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
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <wchar.h>

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

/// More mouse masks (macros built from `NCURSES_MOUSE_MASK`).
static inline mmask_t perflab_button2_pressed(void) { return BUTTON2_PRESSED; }
static inline mmask_t perflab_button3_pressed(void) { return BUTTON3_PRESSED; }
static inline mmask_t perflab_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t perflab_button2_released(void) { return BUTTON2_RELEASED; }
static inline mmask_t perflab_button3_released(void) { return BUTTON3_RELEASED; }
static inline mmask_t perflab_button4_released(void) { return BUTTON4_RELEASED; }
static inline mmask_t perflab_button5_released(void) { return BUTTON5_RELEASED; }

/// `newterm(NULL, stdout, stdin)`: unlike `initscr`, it returns NULL instead of exiting
/// when the terminal cannot be set up; `stdout` and `stdin` are globals Swift 6 rejects.
static inline SCREEN *perflab_newterm(void) { return newterm(NULL, stdout, stdin); }

/// `curscr` is a global: `clearok(curscr, TRUE)` forces one full repaint (used after a
/// colour-pair reset, never per frame).
static inline void perflab_clear_next_refresh(void) { clearok(curscr, TRUE); }

/// Writes one wide character with attributes and an extended colour pair, moving first
/// when `move` is set. `setcchar` takes the pair through its `opts` pointer so pairs
/// above 32767 work (ncurses 6.1 extended colours), and `mvwadd_wch` is a macro.
static inline int perflab_put_cell(WINDOW *w, int y, int x, wchar_t ch, attr_t attrs, int pair, int move) {
    cchar_t cell;
    wchar_t text[2] = { ch, 0 };
    setcchar(&cell, text, attrs, 0, &pair);
    return move ? mvwadd_wch(w, y, x, &cell) : wadd_wch(w, &cell);
}

/// `signal(sig, SIG_DFL)`: `SIG_DFL` is a macro casting 0 to a function pointer, which
/// Swift does not import. Used by the crash handler before re-raising.
static inline void perflab_default_signal(int sig) { signal(sig, SIG_DFL); }

/// Installs `handler` for `sig` without `SA_RESTART` (which `signal` sets): a read blocked
/// in ncurses (waiting for the rest of a mouse report) then returns instead of going on
/// waiting, and the input loop sees the quit request.
static inline int perflab_interrupting_signal(int sig, void (*handler)(int)) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    return sigaction(sig, &action, NULL);
}

/// Whether `sig` is ignored (as `nohup` leaves SIGHUP): SIG_IGN is a macro.
static inline int perflab_signal_ignored(int sig) {
    struct sigaction current;
    if (sigaction(sig, NULL, &current) != 0) return 0;
    return current.sa_handler == SIG_IGN;
}

/// Whether the terminal can move its cursor (terminfo's `cup`): TERM=dumb (Emacs' shell
/// buffer, some CI runners) cannot, and the dashboard drew nothing there.
static inline int perflab_can_address(void) {
    char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}

/// The user's locale (`setlocale(LC_ALL, "")`), its character type made UTF-8 when it is
/// not (LANG unset over ssh gives the C locale, in which ncursesw draws no box, braille or
/// block character at all: empty charts), as btop does: C.UTF-8, then en_US.UTF-8. Returns
/// 1 when the locale was UTF-8 already, 2 when it was made so, 0 when no UTF-8 locale exists.
static inline int perflab_utf8_locale(void) {
    setlocale(LC_ALL, "");
    const char *codeset = nl_langinfo(CODESET);
    if (codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0)) return 1;
    if (setlocale(LC_CTYPE, "C.UTF-8") || setlocale(LC_CTYPE, "en_US.UTF-8")) return 2;
    return 0;
}

/// Ctrl-Z: gives the terminal back (`endwin`) before anything stops, then stops the whole
/// process group (the job: perflab and any shell or wrapper it runs under) with SIGTSTP's
/// default action; returns once continued (`fg`), the next refresh putting the terminal
/// back in the program's modes. Giving the terminal back first matters: with ncurses' own
/// handler doing it in the stopped process, the shell could print its `Stopped` line and
/// prompt on the alternate screen before the handler left it, and the user saw neither.
static inline void perflab_suspend(void) {
    struct sigaction previous, stop;
    memset(&stop, 0, sizeof stop);
    stop.sa_handler = SIG_DFL;
    sigemptyset(&stop.sa_mask);
    endwin();
    fflush(stdout);
    sigaction(SIGTSTP, &stop, &previous);
    kill(0, SIGTSTP);
    sigaction(SIGTSTP, &previous, NULL);
}

/// A one-shot SIGALRM in `ms` milliseconds (0: none): the deadline of a read ncurses might
/// otherwise block in for good (see `perflab_interrupting_signal`).
static inline void perflab_input_deadline(int ms) {
    struct itimerval timer;
    memset(&timer, 0, sizeof timer);
    timer.it_value.tv_sec = ms / 1000;
    timer.it_value.tv_usec = (ms % 1000) * 1000;
    setitimer(ITIMER_REAL, &timer, NULL);
}

#endif
