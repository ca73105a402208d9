// The internals the output files' sources share (output_files.cpp, fatal_signals.cpp,
// temp_files.cpp, publish_outputs.cpp): the signal handler's hold on publishing, and the names
// of the files a run keeps beside an output. Not for the rest of the program: output_files.hpp
// is the interface.
#pragma once

#include <signal.h>

#include <cstring>
#include <string>

namespace arrears::cli::detail {

// ---- fatal signals (fatal_signals.cpp) ----------------------------------------------------

/// Installs the fatal-signal handler once (catch_fatal_signals without naming the command):
/// every output and temporary file calls it, so a run that never called catch_fatal_signals
/// still removes its files when a signal stops it.
void install_handlers();

/// Every output is in place: from now on a fatal signal's message says so (" after every
/// output was in place") instead of "every output is as it was".
void mark_published() noexcept;

/// Holds fatal signals while the outputs are renamed into place (recovery-rules §12: once
/// renaming has begun, those signals wait until every output is in place); one that came is
/// delivered at the end, unless publishing failed (the error is then reported and the run
/// ends at once).
class SignalsHeld {
public:
    SignalsHeld() noexcept;
    ~SignalsHeld();
    SignalsHeld(const SignalsHeld&) = delete;
    SignalsHeld& operator=(const SignalsHeld&) = delete;

private:
    sigset_t old_;
};

// ---- the files kept beside an output (temp_files.cpp) ----------------------------------

/// A random part for a temporary file's name, `PID-ID` (ID 16 hex digits): a new run never
/// meets an old run's file, even with the same process id (a container's process is PID 1 at
/// each start).
std::string random_id();

/// `.NAME.arrears-` : the start of every file a run keeps beside the output NAME.
std::string prefix_of(const std::string& name);

/// Removes the temporary files of NAME in `folder` that a killed run left. Called holding
/// NAME's lock: every run writing NAME holds it, so every `.NAME.arrears-PID-ID.tmp` there
/// belongs to a run that is gone.
void sweep_leftovers(const std::string& folder, const std::string& name);

/// errno's words, for the messages.
inline std::string error_text(int err) { return std::strerror(err); }

}  // namespace arrears::cli::detail
