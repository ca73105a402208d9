// The portfolio recovery of a prepared run (Recovery: register_options.cpp), tables_recovery.hpp:
// tables arrive column-wise and leave column-wise as numpy arrays.
#include "bindings.hpp"
#include "tables_recovery.hpp"

#include <arrears/recovery.hpp>

#include <pybind11/stl.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace arrears::python {

namespace {

py::dict recover_tables(const Recovery& recovery, const py::tuple& accounts, const py::object& ledger,
                        const py::object& payments, const py::object& mandates, unsigned threads,
                        std::string_view date_format, bool notices, const std::vector<std::string>& keep,
                        std::string_view language, const std::map<std::string, std::string>& own) {
    TablesRecovery run(recovery, accounts, ledger, payments, mandates, threads, date_format, notices, keep, language,
                       own);
    run.run();
    return run.release();
}

}  // namespace

void register_recovery(py::module_& m) {
    m.def("recover", &recover_tables, py::arg("recovery"), py::arg("accounts"), py::arg("ledger") = py::none(),
          py::arg("payments") = py::none(), py::arg("mandates") = py::none(), py::arg("threads") = 0u,
          py::arg("date_format") = "YYYY-MM-DD", py::arg("notices") = false,
          py::arg("keep") = std::vector<std::string>{}, py::arg("language") = "en",
          py::arg("own") = std::map<std::string, std::string>{},
          "Recovers a portfolio given column-wise; returns the schedule and summary columns and\n"
          "the ledger, payment and mandate problems. The GIL is released while accounts are\n"
          "recovered. `own`: {OURS: THEIRS} of the accounts' columns `map` renamed, for messages.");
}

}  // namespace arrears::python
