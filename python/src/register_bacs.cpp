// The Bacs Standard 18 file (recovery-rules §14) for `arrears.bacs_file`: the collection rows
// and the accounts' bank details through the command line's own io::BacsBatch and
// io::BacsWriter, the earlier submissions through io::SubmittedCollections.
#include "bindings.hpp"
#include "tables.hpp"

#include <arrears/io/bacs.hpp>
#include <arrears/io/cells.hpp>
#include <arrears/notice.hpp>

#include <pybind11/stl.h>

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace arrears::python {

namespace {

using Row = std::tuple<std::string, std::int64_t, std::int64_t, std::int64_t>;     // id, collection, processing, pence
using Transfer = std::tuple<std::string, std::int64_t, std::string, std::string>;  // id, effective, sort code, account

io::BacsOriginator originator(const std::string& sun, const std::string& sort_code, const std::string& account,
                              const std::string& name, const std::string& serial, std::int64_t day) {
    try {
        return io::make_originator(sun, sort_code, account, name, serial, from_days(day));
    } catch (const io::OriginatorError& e) {
        static constexpr const char* keywords[] = {"sun", "originator_sort_code", "originator_account",
                                                   "originator_name", "serial"};
        throw InputError(std::string(keywords[static_cast<int>(e.field())]) + ": " + e.what());
    }
}

py::tuple bacs_file(const std::vector<Row>& rows, const py::object& accounts, const std::string& sun,
                    const std::string& sort_code, const std::string& account, const std::string& name,
                    const std::string& serial, std::int64_t bacs_date, const std::vector<Transfer>& transfers,
                    const std::vector<std::string>& submitted, const Calendar& collection) {
    const io::BacsOriginator o = originator(sun, sort_code, account, name, serial, bacs_date);
    const PyTable spec = PyTable::from(accounts);
    io::TextTable table;
    spec.read_rows(table, 0, spec.rows.size());
    const io::BankColumns columns = io::BankColumns::find(table.header);
    if (const std::string missing = columns.missing(); !missing.empty())
        throw InputError("accounts has no column " + missing + " (the payers' bank details)");
    const int id_column = table.column("account_id");
    if (id_column < 0) throw InputError("accounts has no column account_id");
    std::unordered_map<std::string, std::size_t> first_row;  // an id's first row (a later duplicate is rejected)
    for (std::size_t r = 0; r < table.rows(); ++r)
        if (table.has_cells(r)) first_row.emplace(io::trim_cell(table.at(r, static_cast<std::size_t>(id_column))), r);
    io::BankTransfers moved;
    for (const auto& [id, day, new_sort_code, new_account] : transfers)
        moved.add(id, from_days(day), new_sort_code, new_account);
    moved.finish();
    io::SubmittedCollections earlier;
    for (const std::string& path : submitted) earlier.add_file(path, collection);
    earlier.finish();

    // Each account's collections, accounts in the accounts table's order (as the command
    // line reports them), each account's by collection date.
    std::map<std::size_t, std::vector<const Row*>> by_account;
    std::vector<std::string> problems, unknown;
    for (const Row& row : rows) {
        const auto it = first_row.find(std::get<0>(row));
        if (it == first_row.end()) {
            unknown.push_back("bacs: account " + std::get<0>(row) + " is not in accounts: its collection of " +
                              money_words(Money(std::get<3>(row))) + " on " +
                              arrears::to_string(from_days(std::get<1>(row))) + " is left out of the Bacs file");
            continue;
        }
        by_account[it->second].push_back(&row);
    }
    for (auto& [r, list] : by_account)
        std::stable_sort(list.begin(), list.end(),
                         [](const Row* a, const Row* b) { return std::get<1>(*a) < std::get<1>(*b); });

    // Collections already submitted first, then the file's own reports, as `recover` gives them.
    std::map<std::size_t, std::vector<io::BacsBatch::Due>> due;
    for (const auto& [r, list] : by_account) {
        std::string reference;
        if (!io::check_reference(table.at(r, static_cast<std::size_t>(columns.reference)), reference).empty())
            reference.clear();
        for (const Row* row : list) {
            const Date collected = from_days(std::get<1>(*row)), processing = from_days(std::get<2>(*row));
            const Money amount(std::get<3>(*row));
            if (const auto e = earlier.find(std::get<0>(*row), reference, collected, processing, amount)) {
                problems.push_back(io::submitted_message(std::get<0>(*row), amount, collected, *e));
                continue;
            }
            due[r].push_back({collected, processing, amount});
        }
    }
    io::BacsBatch batch(o, collection, false);  // collections() warned of closed days
    for (auto& [r, list] : due) {
        const std::string id(io::trim_cell(table.at(r, static_cast<std::size_t>(id_column))));
        batch.add(id, list, io::bank_cells(table, r, columns, moved.moved(id)));
    }
    batch.finish();
    problems.insert(problems.end(), batch.reported.begin(), batch.reported.end());
    problems.insert(problems.end(), unknown.begin(), unknown.end());
    std::string bytes;
    io::BacsWriter writer(o, [&](std::string_view s) { bytes.append(s); });
    writer.records(batch.text);
    writer.finish();
    return py::make_tuple(py::bytes(bytes), problems, batch.later, batch.names_cut, writer.debits());
}

}  // namespace

void register_bacs(py::module_& m) {
    m.def("bacs_file", &bacs_file, py::arg("rows"), py::arg("accounts"), py::arg("sun"),
          py::arg("originator_sort_code"), py::arg("originator_account"), py::arg("originator_name"), py::arg("serial"),
          py::arg("bacs_date"), py::arg("transfers"), py::arg("submitted"), py::arg("collection"),
          "The Standard 18 file (bytes) of collection rows (account_id, collection day, processing day,\n"
          "pence) with the accounts' bank details, and (problems, later, names cut, debits), as\n"
          "`recover --bacs` makes them (recovery-rules 14).");
}

}  // namespace arrears::python
