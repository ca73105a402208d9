// arrears: recovering missed Direct Debit collections for UK councils and housing providers.
// The umbrella header: money, calendars, financial years, plans and the recovery engine.
// File readers and writers are opt-in under <arrears/io/...> (the arrears::io library).
#pragma once

#include <arrears/account.hpp>
#include <arrears/calendar.hpp>
#include <arrears/date.hpp>
#include <arrears/error.hpp>
#include <arrears/financial_year.hpp>
#include <arrears/invariants.hpp>
#include <arrears/money.hpp>
#include <arrears/option_error.hpp>
#include <arrears/option_table.hpp>
#include <arrears/options.hpp>
#include <arrears/plan.hpp>
#include <arrears/portfolio.hpp>
#include <arrears/recovery.hpp>
#include <arrears/result.hpp>
#include <arrears/version.hpp>
