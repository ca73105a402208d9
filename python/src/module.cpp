// arrears._core: the compiled part of the `arrears` Python package. It only wires the
// register_<concept> functions together; the package's public API is arrears/__init__.py.
#include "bindings.hpp"

#include <arrears/version.hpp>

PYBIND11_MODULE(_core, m) {
    m.doc() = "Compiled core of the arrears package (private: use `import arrears`).";
    m.attr("__version__") = ARREARS_VERSION_STRING;  // written once, in version.hpp
    using namespace arrears::python;
    register_errors(m);  // first, so that InputError exists before anything can raise it
    register_date(m);
    register_money(m);
    register_calendar(m);
    register_financial_year(m);
    register_tables(m);
    register_options(m);  // before register_recovery: `recover` takes a Recovery
    register_columns(m);
    register_recovery(m);
    register_replan(m);
    register_exports(m);
    register_notices(m);
    register_bank_reports(m);
    register_bacs(m);
}
