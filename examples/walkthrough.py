# %% [markdown]
# # Recovering the Westminster outage with `arrears`
#
# A notebook-style walkthrough (percent format: open it in Jupyter with jupytext, in VS Code
# or in Spyder, or run it as a script). The council's systems were down from 24 November
# 2025 to 9 January 2026; residents are told on 12 January 2026 that the collections they
# missed will be spread over the rest of the financial year.
#
# Run it with Debian's interpreter once the package is built or installed:
#
# ```sh
# PYTHONPATH=build/default/python /usr/bin/python3 examples/walkthrough.py
# ```
#
# The chart is written to `cashflow.png` in the directory given by `ARREARS_OUT` (default:
# the current directory).

# %%
import datetime as dt
import os
import pathlib
import warnings

import matplotlib

matplotlib.use("Agg")  # no display needed: the chart goes to a PNG
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

import arrears  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent if "__file__" in globals() else pathlib.Path("examples").resolve()
OUT = pathlib.Path(os.environ.get("ARREARS_OUT", "."))

# %% [markdown]
# ## The accounts
#
# The bundled portfolio is `examples/data/accounts.csv`. Read it as text
# (`dtype=str, keep_default_na=False`) to see exactly what the command line sees; numeric
# columns would work too, but text keeps every amount exact. If the file is not there, a
# small portfolio is made here instead.

# %%
ACCOUNTS_CSV = HERE / "data" / "accounts.csv"
if ACCOUNTS_CSV.exists():
    accounts = pd.read_csv(ACCOUNTS_CSV, dtype=str, keep_default_na=False, encoding="utf-8-sig")
else:
    accounts = pd.DataFrame([
        # rent, monthly on the 1st (the worked example of recovery-rules §11)
        {"account_id": "R-1001", "amount": "532.17", "frequency": "monthly", "first_due": "2025-04-01"},
        # rent, weekly on Mondays, with the two Christmas rent-free weeks skipped
        {"account_id": "R-1002", "amount": "142.60", "frequency": "weekly", "first_due": "2025-04-07",
         "skip": "2025-12-22;2025-12-29"},
        # rent, fortnightly and four-weekly
        {"account_id": "R-1003", "amount": "285.20", "frequency": "fortnightly", "first_due": "2025-04-11"},
        {"account_id": "R-1004", "amount": "570.40", "frequency": "four-weekly", "first_due": "2025-04-28"},
        # Council Tax: ten monthly instalments April-January, due on the 15th
        {"account_id": "CT-2001", "amount": "187.00", "frequency": "monthly", "first_due": "2025-04-15",
         "end": "2026-01-15"},
        # a service charge due on the last day of the month
        {"account_id": "S-3001", "amount": "45.00", "frequency": "monthly", "first_due": "2025-04-30",
         "day": "last"},
        # a new tenancy that started after the outage: nothing missed
        {"account_id": "R-1005", "amount": "600.00", "frequency": "monthly", "first_due": "2026-01-20"},
        # a row with a typing error: it is rejected, and the run goes on
        {"account_id": "R-1006", "amount": "4O0.00", "frequency": "monthly", "first_due": "2025-04-01"},
    ])
    print("examples/data/accounts.csv is not there yet: using a small made-up portfolio")
accounts.head(10)

# %% [markdown]
# Some residents paid by card during the outage. Payments reduce their arrears.

# %%
PAYMENTS_CSV = HERE / "data" / "payments.csv"
if PAYMENTS_CSV.exists():
    payments = pd.read_csv(PAYMENTS_CSV, dtype=str, keep_default_na=False, encoding="utf-8-sig")
else:
    payments = pd.DataFrame([
        {"account_id": "R-1003", "date": "2025-12-15", "amount": "570.40"},
        {"account_id": "S-3001", "date": "2025-12-10", "amount": "200.00"},
    ])
payments

# %% [markdown]
# ## Recover
#
# The keywords are the command line's options. Money comes back as `decimal.Decimal`
# (exact), dates as `datetime64[ns]`. Rows that could not be read are reported with an
# `arrears.InputWarning` and kept in the summary with status `rejected`.

# %%
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always", arrears.InputWarning)
    schedule, summary = arrears.recover(
        accounts,
        payments=payments,
        outage=(dt.date(2025, 11, 24), dt.date(2026, 1, 9)),
        notice_date=dt.date(2026, 1, 12),
    )
for w in caught:
    print("warning:", w.message)
print("earliest changed collection:", summary.attrs["earliest_change"])
print("horizon:", summary.attrs["horizon"])

# %% [markdown]
# ## Statuses
#
# `ok`: cleared by the year end; `extended`: needs collections after it; `no_arrears` and
# `in_credit`: nothing to recover; `review`: a person must decide; `cancelled`: the
# instruction is dead (ledger mode); `rejected`: the input row was bad.

# %%
summary["status"].value_counts()

# %%
summary[["account_id", "status", "missed_count", "arrears", "instalments", "max_recovery", "warnings",
         "message"]]

# %% [markdown]
# Who would pay double (or more) in some month? Those are the residents to call first.

# %%
summary.loc[summary["warnings"].fillna("").str.contains("double_payment"), ["account_id", "arrears"]]

# %% [markdown]
# ## One resident's revised schedule

# %%
first_ok = summary.loc[summary["status"] == "ok", "account_id"].iloc[0]
schedule[schedule["account_id"] == first_ok]

# %% [markdown]
# A cap keeps each catch-up amount affordable (here half the regular amount); the recovery
# then runs into the next financial year where it must.

# %%
capped_schedule, capped_summary = arrears.recover(
    accounts[accounts["account_id"] != "R-1006"], payments=payments,
    outage=("2025-11-24", "2026-01-09"), notice_date="2026-01-12", cap="50%")
capped_summary["status"].value_counts()

# %% [markdown]
# ## Cash flow by month
#
# `arrears.cashflow` adds up the regular and recovery amounts by month of collection. The
# totals stay exact Decimals; only the chart converts them to floats, for drawing.

# %%
flow = arrears.cashflow(schedule)
capped_flow = arrears.cashflow(capped_schedule)
flow

# %% [markdown]
# The chart compares the catch-up money each month brings in, spread to the year end and
# with the 50% cap. (Regular amounts are in the tables; the schedule only lists accounts
# with a revised schedule, up to the year end or their last recovery, so their regular
# totals are not a full cash forecast.)

# %%
both = pd.merge(flow[["month", "recovery_amount"]], capped_flow[["month", "recovery_amount"]],
                on="month", how="outer", suffixes=("_spread", "_capped")).sort_values("month")
labels = both["month"].astype(str).tolist()
spread_pounds = both["recovery_amount_spread"].fillna(0).astype(float)
capped_pounds = both["recovery_amount_capped"].fillna(0).astype(float)
x = range(len(labels))
fig, ax = plt.subplots(figsize=(8, 4))
ax.bar([i - 0.2 for i in x], spread_pounds, width=0.4, label="spread to 31 March")
ax.bar([i + 0.2 for i in x], capped_pounds, width=0.4, label="capped at 50% of the regular amount")
ax.set_xticks(list(x), labels)
ax.set_ylabel("recovery collected (£)")
ax.set_title("Catch-up collections after the outage, by month")
ax.legend()
fig.tight_layout()
chart = OUT / "cashflow.png"
fig.savefig(chart, dpi=100)
print("chart written to", chart)
