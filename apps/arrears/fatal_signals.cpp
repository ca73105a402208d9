// The fatal signals of a run (output_files.hpp's catch_fatal_signals): the handler that
// removes the run's temporary and lock files, says which signal stopped the run and dies of
// it, and the hold (detail::SignalsHeld) that makes a signal wait while the outputs are renamed
// into place. Apart from the files themselves because it is process-wide state with rules of
// its own: the handler makes only async-signal-safe calls and reads only fixed buffers and atomics.
#include "output_files.hpp"
#include "output_files_detail.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <climits>
#include <csignal>
#include <cstring>
#include <exception>
#include <mutex>
#include <string>
#include <vector>

namespace arrears::cli {

namespace {

// The run's temporary and lock files, for the handler: it removes them and then dies of the
// signal, so a stopped run leaves every output as it was and no file of its own behind.
// Fixed buffers and atomic flags: the handler may only read them.
constexpr int max_temps = 64;
char temp_names[max_temps][PATH_MAX];
std::atomic<int> temp_live[max_temps];
std::mutex temp_mutex;  // between threads registering; never taken by the handler
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler reads these");

// What the process is doing, for the handler: running (a signal ends it), publishing (from
// the first rename to the last a signal waits: the handler records it and returns) or dying
// (one thread is removing the files; publishing cannot begin). Changed only by exchanges, so
// a signal and the start of publishing never both win.
enum : int { running = 0, publishing = 1, dying = 2 };
std::atomic<int> state{running};
std::atomic<int> held_signal{0};
std::atomic<int> published{0};  // every output is in place: the message says so
const char* command_name = "arrears";

struct SignalName {
    int sig;
    const char* text;  // the name and what usually sends it
};
constexpr SignalName signal_names[] = {
    {SIGHUP, "SIGHUP (the terminal or session closed)"},
    {SIGINT, "SIGINT (interrupted)"},
    {SIGQUIT, "SIGQUIT"},
    {SIGABRT, "SIGABRT (the program aborted)"},
    {SIGUSR1, "SIGUSR1"},
    {SIGUSR2, "SIGUSR2"},
    {SIGPIPE, "SIGPIPE (a pipe it wrote to was closed)"},
    {SIGALRM, "SIGALRM (a timer ran out)"},
    {SIGTERM, "SIGTERM"},
#ifdef SIGSTKFLT
    {SIGSTKFLT, "SIGSTKFLT"},
#endif
    {SIGXCPU, "SIGXCPU (the CPU time limit, ulimit -t)"},
    {SIGXFSZ, "SIGXFSZ (the file size limit, ulimit -f)"},
    {SIGVTALRM, "SIGVTALRM"},
    {SIGPROF, "SIGPROF"},
    {SIGIO, "SIGIO"},
#ifdef SIGPWR
    {SIGPWR, "SIGPWR (power failure)"},
#endif
};

void say(const char* s) noexcept {
    for (std::size_t n = std::strlen(s); n > 0;) {
        const ssize_t w = ::write(STDERR_FILENO, s, n);
        if (w <= 0) return;
        s += w;
        n -= static_cast<std::size_t>(w);
    }
}

// The handler's message and death: only async-signal-safe calls.
void die_of(int sig) noexcept {
    for (int i = 0; i < max_temps; ++i)
        if (temp_live[i].load()) ::unlink(temp_names[i]);
    say(command_name);
    say(": stopped by ");
    const char* text = nullptr;
    for (const SignalName& s : signal_names)
        if (s.sig == sig) text = s.text;
    if (text) {
        say(text);
    } else {  // a real-time signal: its number
        char digits[12];
        int n = 0;
        for (int v = sig; v > 0 && n < 11; v /= 10) digits[n++] = static_cast<char>('0' + v % 10);
        say("signal ");
        while (n > 0) {
            const char d[2] = {digits[--n], '\0'};
            say(d);
        }
    }
    say(published.load() ? " after every output was in place\n" : ": every output is as it was\n");
    ::signal(sig, SIG_DFL);
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, sig);
    ::pthread_sigmask(SIG_UNBLOCK, &one, nullptr);
    ::raise(sig);
    ::_exit(128 + sig);  // a signal that does not end the process by default cannot get here
}

extern "C" void on_fatal_signal(int sig) {
    int was = running;
    if (state.compare_exchange_strong(was, dying)) die_of(sig);
    if (was == publishing) {
        int none = 0;
        held_signal.compare_exchange_strong(none, sig);
    }
    // dying: another thread is ending the process.
}

// The signals handled: every one whose default action ends the process, except faults.
std::vector<int> fatal_signals() {
    std::vector<int> out = {SIGHUP,  SIGINT,  SIGQUIT, SIGABRT, SIGUSR1,   SIGUSR2, SIGPIPE,
                            SIGALRM, SIGTERM, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGIO};
#ifdef SIGSTKFLT
    out.push_back(SIGSTKFLT);
#endif
#ifdef SIGPWR
    out.push_back(SIGPWR);
#endif
    for (int s = SIGRTMIN; s <= SIGRTMAX; ++s) out.push_back(s);
    return out;
}

}  // namespace

namespace detail {

// Installs the handler once, for each signal whose disposition is still the default (one
// the shell ignores, `nohup` or `trap '' PIPE`, stays ignored).
void install_handlers() {
    static std::once_flag once;
    std::call_once(once, [] {
        const std::vector<int> sigs = fatal_signals();
        struct sigaction sa {};
        sa.sa_handler = on_fatal_signal;
        sigemptyset(&sa.sa_mask);
        for (int sig : sigs) sigaddset(&sa.sa_mask, sig);  // one handler at a time
        for (int sig : sigs) {
            struct sigaction old {};
            if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_DFL && !(old.sa_flags & SA_SIGINFO))
                ::sigaction(sig, &sa, nullptr);
        }
    });
}

void mark_published() noexcept { published.store(1); }

SignalsHeld::SignalsHeld() noexcept {
    sigset_t held;
    sigemptyset(&held);
    for (int sig : fatal_signals()) sigaddset(&held, sig);
    ::pthread_sigmask(SIG_BLOCK, &held, &old_);
    int was = running;
    if (!state.compare_exchange_strong(was, publishing))
        for (;;) ::pause();  // a signal is ending the process: it must not publish meanwhile
}

SignalsHeld::~SignalsHeld() {
    int was = publishing;
    state.compare_exchange_strong(was, running);  // from now on a signal ends the run itself
    const int sig = held_signal.exchange(0);      // one that came meanwhile
    ::pthread_sigmask(SIG_SETMASK, &old_, nullptr);
    int now = running;
    if (sig != 0 && std::uncaught_exceptions() == 0 && state.compare_exchange_strong(now, dying)) die_of(sig);
}

}  // namespace detail

void catch_fatal_signals(const char* command) noexcept {
    command_name = command;
    detail::install_handlers();
}

int remember_temp_file(const std::string& path) {
    detail::install_handlers();
    if (path.size() >= PATH_MAX) return -1;
    std::lock_guard lock(temp_mutex);
    for (int i = 0; i < max_temps; ++i)
        if (!temp_live[i].load()) {
            std::memcpy(temp_names[i], path.c_str(), path.size() + 1);
            temp_live[i].store(1);
            return i;
        }
    return -1;
}

void forget_temp_file(int slot) noexcept {
    if (slot >= 0 && slot < max_temps) temp_live[slot].store(0);
}

}  // namespace arrears::cli
